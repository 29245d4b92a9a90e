/**
 * A real HTTP subscriber for eventing tests: records every CloudEvent it receives (parsed with Ebb's own
 * binding) and answers according to a per-event plan, e.g. "fail the first 3 attempts with 503".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseHttpEvents } from '../../src/eventing/cloudevents/parse.js';
import type { EventRecord } from '../../src/eventing/types.js';

export interface Received {
  event: EventRecord;
  attempt: number;
  at: number;
}

export interface Subscriber {
  url: string;
  received: Received[];
  /** Attempts seen per event id. */
  attempts: Map<string, number>;
  /** Distinct event ids received with a 2xx answer. */
  accepted: Set<string>;
  close(): Promise<void>;
}

export interface SubscriberOptions {
  /** Status to answer for attempt `attempt` (1-based) of `event`; default 202. */
  answer?: (event: EventRecord, attempt: number) => number;
  /** A reply event to answer a 2xx attempt with (binary mode), or undefined for an empty answer. */
  reply?: (event: EventRecord) => EventRecord | undefined;
}

export async function startSubscriber(options: SubscriberOptions = {}): Promise<Subscriber> {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const accepted = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let event: EventRecord;
      try {
        [event] = parseHttpEvents(req.headers, Buffer.concat(chunks)) as [EventRecord];
      } catch (err) {
        res.writeHead(400).end(String(err));
        return;
      }
      const id = event.attributes.id!;
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      received.push({ event, attempt, at: Date.now() });
      const status = options.answer?.(event, attempt) ?? 202;
      if (status >= 200 && status < 300) accepted.add(id);
      // Failures carry a body, which Knative puts in knativeerrordata on dead-lettered events.
      if (status >= 300) res.writeHead(status).end(`attempt ${attempt} of ${id} failed with ${status}`);
      else {
        const out = options.reply?.(event);
        if (!out) res.writeHead(status).end();
        else {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(out.attributes)) {
            if (k === 'datacontenttype') headers['content-type'] = v;
            else headers[`ce-${k}`] = v;
          }
          res.writeHead(status, headers).end(out.data ?? '');
        }
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    attempts,
    accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
