/**
 * The trigger dispatchers of one Ebb: the control plane's Trigger reconciler calls `upsert` with the
 * resolved spec and `remove` when the Trigger goes; `ebb up` calls `stopAll` on shutdown. Operations on one
 * trigger run one after another; different triggers are independent. Deliveries share one keep-alive
 * undici Agent.
 */
import { Agent, type Dispatcher } from 'undici';
import type { TriggerSpecResolved } from '../types.js';
import { TriggerDispatcher } from './dispatcher.js';
import { DispatcherStoppedError } from './errors.js';
import {
  DEFAULT_STOP_TIMEOUT_MS,
  type DispatcherManagerOptions,
  resolveOptions,
  type TriggerDispatcherOptions,
  type TriggerStatus,
} from './options.js';

/** Idle keep-alive connections to subscribers live this long, ms. */
const KEEP_ALIVE_TIMEOUT_MS = 4_000;
const CONNECT_TIMEOUT_MS = 10_000;

export class DispatcherManager {
  private readonly opts: DispatcherManagerOptions;
  private readonly resolved: TriggerDispatcherOptions;
  private readonly ownsHttp: boolean;
  private readonly dispatchers = new Map<string, TriggerDispatcher>();
  private readonly chains = new Map<string, Promise<void>>();
  private stopping: Promise<void> | undefined;

  constructor(opts: DispatcherManagerOptions) {
    this.opts = opts;
    this.ownsHttp = opts.http === undefined;
    const http: Dispatcher =
      opts.http ??
      new Agent({
        keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
        connect: { timeout: CONNECT_TIMEOUT_MS },
        // The per-attempt timeout (delivery.timeout, default 60 s) governs; undici's own would cut it.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    this.resolved = resolveOptions(opts, http);
  }

  /**
   * Starts the trigger's dispatcher, or updates it. A new trigger starts at its stream's head (it does not
   * see older events); an existing one keeps its committed offset. A changed subscriber, filter or delivery
   * policy applies in place; switching ordered mode restarts the dispatcher from its committed offset;
   * moving to another broker drops the old consumer and starts at the new stream's head.
   * Resolves once the dispatcher is reading.
   */
  upsert(spec: TriggerSpecResolved): Promise<void> {
    return this.serialize(spec.id, async () => {
      if (this.stopping) throw new DispatcherStoppedError();
      const running = this.dispatchers.get(spec.id);
      if (running && running.current.stream === spec.stream && running.current.ordered === spec.ordered) {
        running.update(spec);
        return;
      }
      if (running) {
        this.dispatchers.delete(spec.id);
        await running.stop(this.stopTimeoutMs);
        const old = running.current.stream;
        if (old !== spec.stream) await this.opts.log.removeConsumer(old, spec.id);
      }
      const next = new TriggerDispatcher(spec, this.resolved);
      this.dispatchers.set(spec.id, next);
      try {
        await next.start();
      } catch (err) {
        this.dispatchers.delete(spec.id);
        await next.stop(0);
        throw err;
      }
    });
  }

  /** Stops the trigger's dispatcher and removes its consumer (its offset and pending retries) from the log. */
  remove(id: string): Promise<void> {
    return this.serialize(id, async () => {
      const running = this.dispatchers.get(id);
      if (!running) return;
      this.dispatchers.delete(id);
      await running.stop(this.stopTimeoutMs);
      await this.opts.log.removeConsumer(running.current.stream, id);
    });
  }

  /**
   * Stops every dispatcher: no new reads or attempts, in-flight attempts get up to `stopTimeoutMs`, offsets
   * are committed up to the last contiguous done event. Closes the undici Agent the manager created.
   */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.allSettled([...this.chains.values()]);
      const all = [...this.dispatchers.values()];
      this.dispatchers.clear();
      await Promise.all(all.map((d) => d.stop(this.stopTimeoutMs)));
      if (this.ownsHttp) await this.resolved.http.close();
    })();
    return this.stopping;
  }

  status(id: string): TriggerStatus | undefined {
    return this.dispatchers.get(id)?.status();
  }

  /** Ids of the triggers with a running dispatcher. */
  ids(): string[] {
    return [...this.dispatchers.keys()];
  }

  private get stopTimeoutMs(): number {
    return this.opts.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  }

  private serialize(id: string, op: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const result = previous.then(op, op);
    const tail = result.catch(() => {});
    this.chains.set(id, tail);
    void tail.then(() => {
      if (this.chains.get(id) === tail) this.chains.delete(id);
    });
    return result;
  }
}
