/**
 * A dispatcher's stop switch: attempts and waits register an abort function, and `stop()` calls them all.
 * A plain set rather than an AbortSignal, because thousands of attempts a second each adding and removing
 * an EventTarget listener (plus an AbortController per attempt) cost measurable CPU on the hot path.
 */
import { DispatcherStoppedError } from './errors.js';

export class StopSignal {
  private readonly aborts = new Set<() => void>();
  private done = false;

  get stopped(): boolean {
    return this.done;
  }

  /** Runs `abort` on stop (at once when already stopped); returns the function that unregisters it. */
  onStop(abort: () => void): () => void {
    if (this.done) {
      abort();
      return () => {};
    }
    this.aborts.add(abort);
    return () => this.aborts.delete(abort);
  }

  stop(): void {
    if (this.done) return;
    this.done = true;
    for (const abort of this.aborts) abort();
    this.aborts.clear();
  }

  /** Resolves after `ms`; rejects with DispatcherStoppedError when stopped first. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        resolve();
      }, ms);
      const off = this.onStop(() => {
        clearTimeout(timer);
        reject(new DispatcherStoppedError());
      });
    });
  }
}
