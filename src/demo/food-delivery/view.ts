/**
 * What the user watches while the day runs. On a terminal: a block redrawn in place each second — the
 * simulated clock and the day's progress, orders/s produced and stored, in flight, latency, each
 * Service's replicas as a bar, and sparklines of the order rate and the order service's replicas so far.
 * Elsewhere (a pipe, CI): one plain progress line every few seconds.
 */
import type { EffectSample } from '../effect/types.js';
import { clockText } from './day.js';
import type { Accounting } from './tracker.js';

const SPARKS = '▁▂▃▄▅▆▇█';
const LINE_EVERY_S = 5;

export interface ViewState {
  sample: EffectSample;
  /** 0–1 share of the day done. */
  progress: number;
  totals: Accounting;
  route: string;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number | null) => (x === null ? '  –' : `${n(x)} ms`);

function spark(values: readonly number[], width: number): string {
  const tail = values.slice(-width);
  const max = Math.max(1, ...tail);
  return tail.map((v) => SPARKS[Math.min(7, Math.round((v / max) * 7))]).join('');
}

export class LiveView {
  readonly #tty: boolean;
  #lines = 0;
  #lastLine = -Infinity;
  readonly #rates: number[] = [];
  readonly #replicas: number[] = [];

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly focus: string,
  ) {
    this.#tty = out.isTTY === true && process.env.TERM !== 'dumb';
  }

  update(v: ViewState): void {
    this.#rates.push(v.sample.producedPerSec);
    this.#replicas.push(v.sample.replicas[this.focus]?.actual ?? 0);
    if (this.#tty) this.#draw(v);
    else if (v.sample.t - this.#lastLine >= LINE_EVERY_S) {
      this.#lastLine = v.sample.t;
      this.out.write(`${this.#line(v)}\n`);
    }
  }

  /** Leaves the last block on screen and moves below it. */
  end(): void {
    this.#lines = 0;
  }

  #line(v: ViewState): string {
    const s = v.sample;
    const r = s.replicas[this.focus];
    return (
      `[${clockText(s.day)}] ${Math.round(v.progress * 100)}%  produced ${n(s.producedPerSec)}/s  ` +
      `stored ${n(s.storedPerSec)}/s  in flight ${n(s.inFlight)}  ${this.focus} ${r?.actual ?? 0} ` +
      `(desired ${r?.desired ?? 0})  p50 ${ms(s.p50Ms)}  p99 ${ms(s.p99Ms)}`
    );
  }

  #draw(v: ViewState): void {
    const s = v.sample;
    const width = Math.max(20, Math.min(60, (this.out.columns ?? 80) - 30));
    const done = Math.round(v.progress * width);
    const t = v.totals;
    const lines = [
      `\x1b[1m food-delivery day  ${clockText(s.day)}\x1b[0m  ${'█'.repeat(done)}${'░'.repeat(width - done)} ${Math.round(v.progress * 100)}%`,
      `   ${v.route}`,
      ` orders/s   produced ${n(s.producedPerSec).padStart(5)}   stored ${n(s.storedPerSec).padStart(5)}   in flight ${n(s.inFlight)}`,
      ` latency    p50 ${ms(s.p50Ms)}   p99 ${ms(s.p99Ms)}   (produce → stored, last second)`,
      ` totals     produced ${n(t.produced)}  stored ${n(t.stored)}  duplicates ${n(t.duplicates)}  dead-lettered ${n(t.deadLettered)}`,
      ...Object.entries(s.replicas).map(
        ([name, r]) =>
          ` ${name.padEnd(20)} ${'■'.repeat(Math.min(r.actual, 40)).padEnd(20)} ${r.actual} (desired ${r.desired})`,
      ),
      ` orders/s   ${spark(this.#rates, width)}`,
      ` replicas   ${spark(this.#replicas, width)}`,
    ];
    const up = this.#lines > 0 ? `\x1b[${this.#lines}F` : '';
    this.out.write(`${up}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    this.#lines = lines.length;
  }
}
