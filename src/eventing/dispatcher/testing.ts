/**
 * Test pieces for the eventing data plane: real HTTP subscribers (servers on port 0 that record every
 * event and answer as a script says: fail N times, sleep, reply with an event), a real SqliteEventLog in a
 * temporary folder, and small builders for events and trigger specs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseHttpEvents } from '../cloudevents/index.js';
import { SqliteEventLog } from '../log/sqlite-log.js';
import type { DeliveryPolicy, EventRecord, TriggerSpecResolved } from '../types.js';
import { DispatcherManager } from './manager.js';
import type { DispatcherHooks, DispatcherManagerOptions } from './options.js';

export interface Received {
  event: EventRecord;
  headers: IncomingHttpHeaders;
  /** ms since the epoch when the request arrived. */
  at: number;
  /** Attempt number for this event id at this sink, 1-based. */
  attempt: number;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  delayMs?: number;
}

/** Decides the answer to one request; undefined = 202 with no body. */
export type SinkScript = (event: EventRecord, attempt: number) => Answer | undefined;

export interface TestSink {
  url: string;
  received: Received[];
  inFlight: number;
  maxInFlight: number;
  /** The most requests in flight at once for one partitionkey. */
  maxInFlightPerKey: number;
  /** Requests per event id. */
  attempts(id: string): number;
  /** Events answered with a 2xx, in arrival order. */
  accepted: EventRecord[];
  close(): Promise<void>;
}

export async function startSink(script: SinkScript = () => undefined): Promise<TestSink> {
  const counts = new Map<string, number>();
  const perKey = new Map<string, number>();
  const sink: TestSink = {
    url: '',
    received: [],
    inFlight: 0,
    maxInFlight: 0,
    maxInFlightPerKey: 0,
    attempts: (id) => counts.get(id) ?? 0,
    accepted: [],
    close: async () => {},
  };
  const server = createServer((req, res) => {
    sink.inFlight++;
    sink.maxInFlight = Math.max(sink.maxInFlight, sink.inFlight);
    let done = false;
    const leave = () => {
      if (!done) sink.inFlight--;
      done = true;
    };
    res.on('close', leave);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const [event] = parseHttpEvents(req.headers, Buffer.concat(chunks));
      const id = event!.attributes.id!;
      const key = event!.attributes.partitionkey ?? '';
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      sink.maxInFlightPerKey = Math.max(sink.maxInFlightPerKey, perKey.get(key)!);
      res.on('close', () => perKey.set(key, perKey.get(key)! - 1));
      const attempt = (counts.get(id) ?? 0) + 1;
      counts.set(id, attempt);
      sink.received.push({ event: event!, headers: req.headers, at: Date.now(), attempt });
      const answer = script(event!, attempt) ?? {};
      if (answer.delayMs) await sleep(answer.delayMs);
      if (res.destroyed) return;
      const status = answer.status ?? 202;
      if (status >= 200 && status < 300) sink.accepted.push(event!);
      const body = answer.body ?? '';
      res.writeHead(status, { ...answer.headers, 'content-length': Buffer.byteLength(body) });
      leave();
      res.end(body);
    });
  });
  const port = await listen(server);
  sink.url = `http://127.0.0.1:${port}/`;
  sink.close = () => closeServer(server);
  return sink;
}

export interface TestLog {
  log: SqliteEventLog;
  path: string;
  /** Opens the same database again (after close), as a restarted Ebb would. */
  reopen(): Promise<SqliteEventLog>;
  /** Closes the log and removes the folder. */
  cleanup(): Promise<void>;
}

export async function openTestLog(): Promise<TestLog> {
  const dir = await mkdtemp(join(tmpdir(), 'ebb-eventing-'));
  const path = join(dir, 'events.db');
  const t: TestLog = {
    log: await SqliteEventLog.open(path),
    path,
    reopen: async () => {
      t.log = await SqliteEventLog.open(path);
      return t.log;
    },
    cleanup: async () => {
      await t.log.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export function makeEvent(id: string, extra: Record<string, string> = {}, data?: string): EventRecord {
  const attributes = { specversion: '1.0', id, source: '/test', type: 'test.event', ...extra };
  if (data === undefined) return { attributes };
  return { attributes: { datacontenttype: 'text/plain', ...attributes }, data: Buffer.from(data) };
}

export function makeSpec(
  subscriberUri: string,
  over: Partial<Omit<TriggerSpecResolved, 'delivery'>> & { delivery?: Partial<DeliveryPolicy> } = {},
): TriggerSpecResolved {
  const { delivery, ...rest } = over;
  return {
    id: 'default/t1',
    stream: 'default/b1',
    subscriberUri,
    ordered: false,
    ...rest,
    delivery: { retry: 0, backoffPolicy: 'exponential', backoffDelayMs: 5, ...delivery },
  };
}

/** Polls until `fn` returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface HookLog {
  delivered: number[];
  retries: { offset: number; status: number | undefined; retry: number; delayMs: number }[];
  deadLettered: { offset: number; status: number | undefined }[];
  dropped: { offset: number; status: number | undefined; reason: string }[];
  replies: { offset: number; outcome: string }[];
  /** Offsets done (delivered, dead-lettered or dropped). */
  done(): number;
}

export function recordHooks(): { hooks: DispatcherHooks; seen: HookLog } {
  const seen: HookLog = {
    delivered: [],
    retries: [],
    deadLettered: [],
    dropped: [],
    replies: [],
    done: () => seen.delivered.length + seen.deadLettered.length + seen.dropped.length,
  };
  return {
    seen,
    hooks: {
      onDelivered: (_t, offset) => seen.delivered.push(offset),
      onRetry: (_t, offset, status, retry, delayMs) => seen.retries.push({ offset, status, retry, delayMs }),
      onDeadLettered: (_t, offset, status) => seen.deadLettered.push({ offset, status }),
      onDropped: (_t, offset, status, reason) => seen.dropped.push({ offset, status, reason }),
      onReply: (_t, offset, outcome) => seen.replies.push({ offset, outcome }),
    },
  };
}

/** A trigger on a real log, a scripted subscriber, a recording dead-letter sink and a running manager. */
export interface Scenario {
  t: TestLog;
  subscriber: TestSink;
  dls: TestSink;
  manager: DispatcherManager;
  spec: TriggerSpecResolved;
  seen: HookLog;
  append(...events: EventRecord[]): Promise<number[]>;
  close(): Promise<void>;
}

export async function startScenario(
  script: SinkScript,
  over: Parameters<typeof makeSpec>[1] & { withDls?: boolean } = {},
  managerOpts: Partial<DispatcherManagerOptions> = {},
): Promise<Scenario> {
  const t = await openTestLog();
  const subscriber = await startSink(script);
  const dls = await startSink();
  const { withDls = true, ...specOver } = over;
  const spec = makeSpec(subscriber.url, {
    ...specOver,
    delivery: { ...(withDls ? { deadLetterUri: dls.url } : {}), ...specOver.delivery },
  });
  const { hooks, seen } = recordHooks();
  const manager = new DispatcherManager({ log: t.log, hooks, ...managerOpts });
  await manager.upsert(spec);
  return {
    t,
    subscriber,
    dls,
    manager,
    spec,
    seen,
    append: (...events) => t.log.append(spec.stream, events),
    close: async () => {
      await manager.stopAll();
      await Promise.all([subscriber.close(), dls.close()]);
      await t.cleanup();
    },
  };
}
