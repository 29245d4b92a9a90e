/**
 * A minimal OTLP/HTTP trace receiver for tests: a real node:http server on port 0 accepting
 * `POST /v1/traces` in the JSON encoding (OTEL_EXPORTER_OTLP_PROTOCOL=http/json), gzip or not, and
 * keeping every span with its resource's attributes. Ids are normalised to lower-case hex.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  resource: Record<string, string | number | boolean>;
  scope: string;
}

export interface OtlpReceiver {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  url: string;
  spans: ReceivedSpan[];
  /** Export requests received. */
  requests: number;
  close(): Promise<void>;
}

/** OTLP JSON ids are hex; base64 (the protobuf JSON mapping's bytes) is accepted too. */
function hexId(id: unknown): string {
  if (typeof id !== 'string' || id === '') return '';
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  return Buffer.from(id, 'base64').toString('hex');
}

function attributesOf(list: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of Array.isArray(list) ? list : []) {
    const v = kv?.value ?? {};
    const value = v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue;
    if (typeof kv?.key === 'string' && value !== undefined) {
      out[kv.key] = typeof value === 'string' && v.intValue !== undefined ? Number(value) : value;
    }
  }
  return out;
}

function collect(body: any, into: ReceivedSpan[]): void {
  for (const rs of body?.resourceSpans ?? []) {
    const resource = attributesOf(rs?.resource?.attributes);
    for (const ss of rs?.scopeSpans ?? []) {
      for (const s of ss?.spans ?? []) {
        into.push({
          traceId: hexId(s.traceId),
          spanId: hexId(s.spanId),
          parentSpanId: hexId(s.parentSpanId),
          name: String(s.name),
          kind: Number(s.kind ?? 0),
          attributes: attributesOf(s.attributes),
          statusCode: Number(s.status?.code ?? 0),
          resource,
          scope: String(ss?.scope?.name ?? ''),
        });
      }
    }
  }
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const receiver: OtlpReceiver = { url: '', spans: [], requests: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        if (!String(req.headers['content-type'] ?? '').includes('json')) {
          res
            .writeHead(415, { 'content-type': 'text/plain' })
            .end('only application/json is understood here');
          return;
        }
        collect(JSON.parse(body.toString('utf8')), receiver.spans);
        receiver.requests++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
