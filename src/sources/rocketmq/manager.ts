/**
 * The RocketMQ adapters `ebb up` runs, one per RocketMQSource, keyed `namespace/name`. `upsert` starts an
 * adapter or, when its config changed, replaces it (the old one drains first, so a message is never
 * delivered by both); the control plane reads each adapter's health and counts back through `health()` and
 * `stats()`. Adapters run inside the `ebb up` process: a process per source would cost ~40 MB each, and
 * a crash of `ebb up` loses nothing either way, since unacknowledged messages come back from RocketMQ.
 */
import type { Dispatcher } from 'undici';
import type { EventRecord } from '../../eventing/types.js';
import type { Logger } from '../../log.js';
import type { RocketMQAdapter } from './adapter.js';
import { type AdapterConfig, sameConfig } from './options.js';
import type { SourceStats } from './stats.js';

/** How long connecting to the proxy may take before the source reports it as not deployed. */
const START_TIMEOUT_MS = 15_000;

export type AdapterHealth = { ok: true } | { ok: false; reason: string; message: string };

interface Running {
  config: AdapterConfig;
  adapter: RocketMQAdapter;
}

export class RocketMQSources {
  private readonly running = new Map<string, Running>();
  /** Called after each attempt of source `id` to its sink (see AdapterOptions.onSent); for metrics. */
  onSent?: (id: string, event: EventRecord, status: number | undefined, retried: boolean) => void;

  constructor(
    private readonly http: Dispatcher,
    private readonly log: Logger,
  ) {}

  /**
   * Starts (or keeps, or replaces) the adapter of source `id`; resolves with its health. `onHealthChange`
   * is called when its health changes later.
   */
  async upsert(id: string, config: AdapterConfig, onHealthChange?: () => void): Promise<AdapterHealth> {
    const current = this.running.get(id);
    if (current && sameConfig(current.config, config)) return this.health(id);
    if (current) await this.remove(id);
    // Loaded on first use: the RocketMQ client (gRPC and protobuf) adds ~15 MB to an `ebb up` with no source.
    const { RocketMQAdapter } = await import('./adapter.js');
    const adapter = new RocketMQAdapter({
      ...config,
      http: this.http,
      logger: this.log.child(id),
      ...(onHealthChange ? { onHealthChange } : {}),
      onSent: (event, status, retried) => this.onSent?.(id, event, status, retried),
    });
    try {
      await withTimeout(adapter.start(), START_TIMEOUT_MS, `no answer from ${config.endpoints} in 15 s`);
    } catch (err) {
      await adapter.close(0);
      return {
        ok: false,
        reason: 'ConsumerStartFailed',
        message: `cannot start a consumer of topic ${config.topic} (group ${config.consumerGroup}) at ${config.endpoints}: ${(err as Error).message}`,
      };
    }
    this.running.set(id, { config, adapter });
    this.log.info('rocketmq source started', { id, topic: config.topic, group: config.consumerGroup });
    return { ok: true };
  }

  health(id: string): AdapterHealth {
    const adapter = this.running.get(id)?.adapter;
    if (!adapter) return { ok: false, reason: 'NotRunning', message: 'the adapter is not running' };
    const failure = adapter.receiveFailure;
    if (failure) {
      const { topic, endpoints } = this.running.get(id)!.config;
      return {
        ok: false,
        reason: 'ReceiveFailed',
        message: `receiving topic ${topic} from ${endpoints} fails since ${failure.since.toISOString()}; last error at ${failure.last.toISOString()}: ${failure.error.message}`,
      };
    }
    return { ok: true };
  }

  async remove(id: string): Promise<void> {
    const current = this.running.get(id);
    if (!current) return;
    this.running.delete(id);
    await current.adapter.close();
  }

  /** Counts per source id. */
  stats(): Map<string, SourceStats> {
    return new Map([...this.running].map(([id, r]) => [id, r.adapter.stats]));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.remove(id)));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
