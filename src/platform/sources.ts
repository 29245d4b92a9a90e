/**
 * The sources `ebb up` runs: RocketMQ adapters (one per RocketMQSource) delivering through their own
 * keep-alive HTTP pool (Knative-style sink hosts resolve to loopback, as for triggers), and their counts
 * on `/metrics`:
 *   rocketmq_source_messages_received_total, _messages_delivered_total, _delivery_failures_total
 *   (attempts), _messages_redelivered_total, _messages_dead_lettered_total, _ack_failures_total,
 *   _receive_failures_total, _messages_undecodable_total — labelled namespace and name.
 * Also where a RocketMQSource that names no address connects: `--rocketmq-endpoints` /
 * `EBB_ROCKETMQ_ENDPOINTS`, else the local RocketMQ recorded in `EBB_ROCKETMQ_DATA_DIR` or
 * `{data dir}/rocketmq` (where `ebb rocketmq up` puts it by default) while it runs.
 */
import { join } from 'node:path';
import { Counter, type Registry } from 'prom-client';
import { Agent } from 'undici';
import type { Logger } from '../log.js';
import type { LocalRocketMQ } from '../reconcilers/rocketmqsource/connection.js';
import { localRocketMQStatus } from '../rocketmq/local/index.js';
import { RocketMQSources } from '../sources/rocketmq/manager.js';
import { type SourceStats, STAT_NAMES } from '../sources/rocketmq/stats.js';
import { localLookup } from './eventing.js';

export interface SourcesPlane {
  rocketmq: RocketMQSources;
  localRocketMQ(): LocalRocketMQ | undefined;
  stop(): Promise<void>;
}

export interface SourcesOptions {
  dataDir: string;
  log: Logger;
  metrics: Registry;
  /** Proxy endpoints for sources that name none. */
  rocketmqEndpoints?: string | undefined;
}

const METRIC_NAMES: Record<keyof SourceStats, string> = {
  received: 'messages_received',
  delivered: 'messages_delivered',
  failed: 'delivery_failures',
  redelivered: 'messages_redelivered',
  deadLettered: 'messages_dead_lettered',
  ackFailed: 'ack_failures',
  receiveFailed: 'receive_failures',
  undecodable: 'messages_undecodable',
};

export function createSourcesPlane(opts: SourcesOptions): SourcesPlane {
  const http = new Agent({ keepAliveTimeout: 4_000, connect: { lookup: localLookup as never } });
  const rocketmq = new RocketMQSources(http, opts.log.child('rocketmq-source'));
  for (const stat of STAT_NAMES) {
    new Counter({
      name: `rocketmq_source_${METRIC_NAMES[stat]}_total`,
      help: `RocketMQ source: ${METRIC_NAMES[stat].replace(/_/g, ' ')}`,
      labelNames: ['namespace', 'name'],
      registers: [opts.metrics],
      collect() {
        this.reset();
        for (const [id, stats] of rocketmq.stats()) {
          const [namespace, name] = id.split('/');
          this.inc({ namespace, name }, stats[stat]);
        }
      },
    });
  }
  const explicit = opts.rocketmqEndpoints ?? process.env.EBB_ROCKETMQ_ENDPOINTS;
  const localDir = process.env.EBB_ROCKETMQ_DATA_DIR ?? join(opts.dataDir, 'rocketmq');
  return {
    rocketmq,
    localRocketMQ() {
      if (explicit) return { proxyEndpoint: explicit };
      const status = localRocketMQStatus(localDir);
      if (!status.running || !status.state) return undefined;
      return { proxyEndpoint: status.state.proxyEndpoint, namesrvAddr: status.state.namesrvAddr };
    },
    async stop() {
      await rocketmq.stopAll();
      await http.close();
    },
  };
}
