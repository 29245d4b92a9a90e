/**
 * The event a PingSource sends, as Knative's mtping adapter makes it (runner.go `makeEvent`, `cronTick`):
 * type `dev.knative.sources.ping`, source `/apis/v1/namespaces/{ns}/pingsources/{name}`, the
 * `ceOverrides` extensions (send.ts), datacontenttype = `contentType` when set, data = `data` as its UTF-8 bytes or
 * `dataBase64` decoded (byte for byte); each tick adds a fresh UUID id and `time`, which Ebb sets to the
 * tick the schedule named (Knative's SDK stamps the moment it sends, up to half a second later).
 */
import { randomUUID } from 'node:crypto';
import type { EventRecord } from '../../eventing/types.js';
import { applyOverrides } from './send.js';

export const PING_EVENT_TYPE = 'dev.knative.sources.ping';

export function pingEventSource(namespace: string, name: string): string {
  return `/apis/v1/namespaces/${namespace}/pingsources/${name}`;
}

export interface PingEventSpec {
  namespace: string;
  name: string;
  contentType?: string | undefined;
  data?: string | undefined;
  dataBase64?: string | undefined;
  /** `ceOverrides.extensions`. */
  extensions?: Record<string, string> | undefined;
}

/** The event without `id` and `time`: what every tick of the source shares. */
export interface PingTemplate {
  attributes: Record<string, string>;
  data: Buffer | undefined;
}

export function pingTemplate(spec: PingEventSpec): PingTemplate {
  const attributes: Record<string, string> = {
    specversion: '1.0',
    type: PING_EVENT_TYPE,
    source: pingEventSource(spec.namespace, spec.name),
  };
  applyOverrides(attributes, spec.extensions);
  let data: Buffer | undefined;
  if (spec.dataBase64) data = Buffer.from(spec.dataBase64, 'base64');
  else if (spec.data) data = Buffer.from(spec.data, 'utf8');
  // The Go SDK's SetData sets datacontenttype only when given one; Knative passes spec.contentType.
  if (data !== undefined && spec.contentType) attributes.datacontenttype = spec.contentType;
  return { attributes, data };
}

/** One tick's event: the template with a fresh id and the tick's time. */
export function pingEvent(template: PingTemplate, tick: Date): EventRecord {
  const attributes = { ...template.attributes, id: randomUUID(), time: tick.toISOString() };
  return template.data === undefined ? { attributes } : { attributes, data: template.data };
}
