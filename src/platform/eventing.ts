/**
 * The eventing data plane as `ebb up` runs it: the durable event log, the broker ingress (path-based on
 * the ingress port) and the trigger dispatchers. Deliveries to hosts the router serves
 * (`*.localhost`, `*.svc.cluster.local`) connect to loopback, so Knative-style addresses work without DNS.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { join } from 'node:path';
import { Agent } from 'undici';
import { type DispatcherHooks, DispatcherManager } from '../eventing/dispatcher/index.js';
import { type AppendedEvents, BrokerIngress } from '../eventing/ingress/index.js';
import { SqliteEventLog, startCompactor } from '../eventing/log/index.js';
import type { Logger } from '../log.js';

export const EVENT_LOG_FILE = 'events.db';

/** What the dashboard, metrics and traces watch: the dispatchers' hooks and the ingress's appends. */
export interface EventingObserver extends DispatcherHooks {
  onAppended?: (appended: AppendedEvents) => void;
  /** A request to a broker or channel was refused with `status`. */
  onRejected?: (namespace: string, name: string, status: number) => void;
}

export interface EventingPlane {
  log: SqliteEventLog;
  ingress: BrokerIngress;
  dispatchers: DispatcherManager;
  /** Adds an observer (called in the data plane's path: keep it cheap, never throw); returns the undo. */
  observe(observer: EventingObserver): () => void;
  stop(): Promise<void>;
}

/** Calls `name` on every observer that has it; an observer that throws is logged, not propagated. */
function fanOut(observers: Set<EventingObserver>, log: Logger) {
  return <K extends keyof EventingObserver>(name: K) =>
    ((...args: unknown[]) => {
      for (const o of observers) {
        const fn = o[name] as ((...a: unknown[]) => void) | undefined;
        if (!fn) continue;
        try {
          fn.apply(o, args);
        } catch (err) {
          log.warn('eventing observer failed', { hook: name, err });
        }
      }
    }) as NonNullable<EventingObserver[K]>;
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
  const observers = new Set<EventingObserver>([
    {
      onDropped: (trigger, offset, status, reason) =>
        log.warn('event dropped', { trigger, offset, status: status ?? 'none', reason }),
    },
  ]);
  const hook = fanOut(observers, log);
  const ingress = new BrokerIngress({
    log: eventLog,
    logger: log.child('broker-ingress'),
    onAppended: hook('onAppended'),
    onRejected: hook('onRejected'),
  });
  const http = new Agent({ keepAliveTimeout: 4_000, connect: { lookup: localLookup as never } });
  const dispatchers = new DispatcherManager({
    log: eventLog,
    http,
    logger: log.child('dispatcher'),
    hooks: {
      onDelivered: hook('onDelivered'),
      onRetry: hook('onRetry'),
      onDeadLettered: hook('onDeadLettered'),
      onDropped: hook('onDropped'),
      onReply: hook('onReply'),
      onAttempt: hook('onAttempt'),
    },
  });
  const compactor = startCompactor(eventLog, log.child('event-log'));
  return {
    log: eventLog,
    ingress,
    dispatchers,
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    async stop() {
      await compactor.stop();
      await dispatchers.stopAll();
      await http.close();
      await eventLog.close();
    },
  };
}
