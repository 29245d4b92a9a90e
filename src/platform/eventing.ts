/**
 * The eventing data plane as `ebb up` runs it: the durable event log, the broker ingress (path-based on
 * the ingress port) and the trigger dispatchers. Deliveries to hosts the router serves
 * (`*.localhost`, `*.svc.cluster.local`) connect to loopback, so Knative-style addresses work without DNS.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { join } from 'node:path';
import { Agent } from 'undici';
import { DispatcherManager } from '../eventing/dispatcher/index.js';
import { BrokerIngress } from '../eventing/ingress/index.js';
import { SqliteEventLog } from '../eventing/log/index.js';
import type { Logger } from '../log.js';

export const EVENT_LOG_FILE = 'events.db';

export interface EventingPlane {
  log: SqliteEventLog;
  ingress: BrokerIngress;
  dispatchers: DispatcherManager;
  stop(): Promise<void>;
}

/** Hosts the ingress serves by name: they resolve to loopback. */
export function isLocalServiceHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return (
    h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.svc.cluster.local') || h.endsWith('.svc')
  );
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export function localLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  if (!isLocalServiceHost(hostname)) {
    dnsLookup(hostname, options as never, callback as never);
    return;
  }
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}

export function createEventingPlane(dataDir: string, log: Logger): EventingPlane {
  const eventLog = SqliteEventLog.open(join(dataDir, EVENT_LOG_FILE));
  const ingress = new BrokerIngress({ log: eventLog, logger: log.child('broker-ingress') });
  const http = new Agent({ keepAliveTimeout: 4_000, connect: { lookup: localLookup as never } });
  const dispatchers = new DispatcherManager({
    log: eventLog,
    http,
    logger: log.child('dispatcher'),
    hooks: {
      onDropped: (trigger, offset, status, reason) =>
        log.warn('event dropped', { trigger, offset, status: status ?? 'none', reason }),
    },
  });
  return {
    log: eventLog,
    ingress,
    dispatchers,
    async stop() {
      await dispatchers.stopAll();
      await http.close();
      await eventLog.close();
    },
  };
}
