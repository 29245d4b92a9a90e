/**
 * The ApiServerSource adapters `ebb up` runs, one per source keyed `namespace/name`, and their shared
 * checkpoint database. `upsert` starts an adapter or, when its config changed, replaces it: the old one
 * stops and writes its checkpoint first, and the new one resumes from there under the new config, so a
 * spec change loses no change either. `remove` stops one (keeping its checkpoint, e.g. while its sink is
 * missing) or, with `forget`, also drops the checkpoint (the source was deleted).
 */
import type { Dispatcher } from 'undici';
import type { CesqlCompiler } from '../../eventing/filters/dialects.js';
import type { Logger } from '../../log.js';
import type { ResourceStore } from '../../store/index.js';
import type { SendOptions } from '../ping/send.js';
import { ApiServerAdapter, type ApiServerAdapterConfig, type ApiServerStats } from './adapter.js';
import type { CheckpointStore } from './checkpoints.js';

export type ApiServerHealth = { ok: true } | { ok: false; reason: string; message: string };

export interface ApiServerSourcesOptions {
  store: ResourceStore;
  http: Dispatcher;
  log: Logger;
  checkpoints: CheckpointStore;
  cesql?: CesqlCompiler;
  send?: Omit<SendOptions, 'stop'>;
  maxHoldMs?: number;
}

export class ApiServerSources {
  private readonly running = new Map<string, ApiServerAdapter>();

  constructor(private readonly opts: ApiServerSourcesOptions) {}

  async upsert(id: string, config: ApiServerAdapterConfig): Promise<ApiServerHealth> {
    const current = this.running.get(id);
    if (current && JSON.stringify(current.config) === JSON.stringify(config)) return { ok: true };
    if (current) await this.remove(id);
    const adapter = new ApiServerAdapter(config, { ...this.opts, log: this.opts.log });
    try {
      adapter.start();
    } catch (err) {
      await adapter.close();
      return { ok: false, reason: 'WatchFailed', message: `cannot watch: ${(err as Error).message}` };
    }
    this.running.set(id, adapter);
    this.opts.log.debug('apiserver source started', { id, resources: config.resources.length });
    return { ok: true };
  }

  async remove(id: string, opts: { forget?: boolean } = {}): Promise<void> {
    const adapter = this.running.get(id);
    this.running.delete(id);
    await adapter?.close();
    if (opts.forget) this.opts.checkpoints.forget(id);
  }

  has(id: string): boolean {
    return this.running.has(id);
  }

  stats(): Map<string, ApiServerStats> {
    return new Map([...this.running].map(([id, a]) => [id, { ...a.stats }]));
  }

  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((a) => a.close()));
  }
}
