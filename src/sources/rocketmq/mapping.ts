/**
 * How a RocketMQ message becomes a CloudEvent (the mapping the README documents):
 *
 * - A message that already carries a CloudEvent passes through unchanged: binary mode per RocketMQ's
 *   CloudEvents binding (every attribute a `CE_<name>` property, `CE_specversion`, `CE_id`, `CE_source` and
 *   `CE_type` present), or structured mode (a `CONTENT_TYPE` or `content-type` property of
 *   `application/cloudevents+json`, the body the JSON event).
 * - Any other message is wrapped: `id` = message id, `source` =
 *   `/apis/v1/namespaces/{ns}/rocketmqsources/{name}#{topic}`, `type` = `dev.knative.rocketmq.event`,
 *   `time` = the born timestamp, `data` = the body, `datacontenttype` = the message's content-type
 *   property, else `application/json` for a JSON body, `text/plain; charset=utf-8` for other UTF-8 text and
 *   `application/octet-stream` for the rest. Extensions: `rocketmqtag`, `rocketmqkeys` (space-separated,
 *   as RocketMQ stores them), `rocketmqmessagegroup` and the same value as `partitionkey` (so an ordered
 *   trigger keeps the group's order), and `rocketmqattempt` (RocketMQ's delivery attempt, 1 first).
 *   User properties become extensions by the rule of properties.ts (mapped attributes win).
 * - With data format `message` (a source's `ebb.dev/rocketmq-data-format` annotation), a wrapped event's
 *   data is instead the message as JSON — `{"Topic", "MessageId", "Tag", "Keys", "BornTimestamp",
 *   "Properties", "Body"}`, Body base64 as Go's encoding/json writes a []byte — the shape the original
 *   sample's Alibaba Cloud source sent its order service; datacontenttype `application/json`.
 * - `ceOverrides.extensions` then apply to every event, as in every Knative source.
 *
 * A message whose CE_ properties or structured body do not make a valid CloudEvent is wrapped like any
 * other message rather than lost; the reason is returned for the adapter to log.
 */
import {
  checkAttributeName,
  isMediaType,
  mediaTypeEssence,
  parseHttpEvents,
  STRUCTURED_CONTENT_TYPE,
  validateAttributes,
} from '../../eventing/cloudevents/index.js';
import type { EventRecord } from '../../eventing/types.js';
import { propertyExtensions } from './properties.js';

export const EVENT_TYPE = 'dev.knative.rocketmq.event';
export const CE_PROPERTY_PREFIX = 'CE_';
export const EXT_TAG = 'rocketmqtag';
export const EXT_KEYS = 'rocketmqkeys';
export const EXT_MESSAGE_GROUP = 'rocketmqmessagegroup';
export const EXT_PARTITION_KEY = 'partitionkey';
export const EXT_ATTEMPT = 'rocketmqattempt';
/** The extensions the mapping sets on a wrapped event (a user property of the same name never replaces one). */
const MAPPED_EXTENSIONS = [EXT_TAG, EXT_KEYS, EXT_MESSAGE_GROUP, EXT_PARTITION_KEY, EXT_ATTEMPT];
/** Message properties that name the body's content type (the binding's and the common HTTP spelling). */
const CONTENT_TYPE_PROPERTIES = [
  'CONTENT_TYPE',
  'content-type',
  'Content-Type',
  'contenttype',
  'CE_contenttype',
];
/** Where the CloudEvents SDK for Java's RocketMQ binding writes datacontenttype (and the structured format). */
const SDK_CONTENT_TYPE_PROPERTY = 'CE_contenttype';

/** What the mapping reads of a received message (a subset of the client's MessageView). */
export interface SourceMessage {
  messageId: string;
  topic: string;
  body: Buffer;
  tag?: string | undefined;
  keys: string[];
  messageGroup?: string | undefined;
  bornTimestamp?: Date | undefined;
  deliveryAttempt?: number | undefined;
  properties: Map<string, string>;
}

export interface MappingContext {
  namespace: string;
  name: string;
  /** `ceOverrides.extensions` of the source. */
  overrides?: Record<string, string>;
  /** What a wrapped message's data is: its body (the default) or the message as JSON. */
  dataFormat?: 'body' | 'message';
}

export interface Mapped {
  event: EventRecord;
  /** How the event was made. */
  mode: 'binary' | 'structured' | 'wrapped';
  /** Why a message that looked like a CloudEvent was wrapped instead. */
  invalid?: string;
}

export function sourceAttribute(namespace: string, name: string, topic: string): string {
  return `/apis/v1/namespaces/${namespace}/rocketmqsources/${name}#${encodeURIComponent(topic)}`;
}

export function toCloudEvent(message: SourceMessage, ctx: MappingContext): Mapped {
  let mapped: Mapped;
  try {
    mapped = carried(message) ?? wrap(message, ctx);
  } catch (err) {
    mapped = { ...wrap(message, ctx), invalid: (err as Error).message };
  }
  if (ctx.overrides) Object.assign(mapped.event.attributes, ctx.overrides);
  return mapped;
}

function contentTypeOf(message: SourceMessage): string | undefined {
  for (const name of CONTENT_TYPE_PROPERTIES) {
    const value = message.properties.get(name);
    if (value) return value;
  }
  return undefined;
}

/** The CloudEvent the message carries, in binary or structured mode; undefined when it carries none. */
function carried(message: SourceMessage): Mapped | undefined {
  const attributes: Record<string, string> = {};
  for (const [key, value] of message.properties) {
    if (key.startsWith(CE_PROPERTY_PREFIX) && key !== SDK_CONTENT_TYPE_PROPERTY)
      attributes[key.slice(CE_PROPERTY_PREFIX.length).toLowerCase()] = value;
  }
  if (attributes.specversion !== undefined) {
    for (const name in attributes) {
      if (name === 'data') throw new Error('CE_data is not a context attribute: data goes in the body');
      checkAttributeName(name);
    }
    const sdkContentType = message.properties.get(SDK_CONTENT_TYPE_PROPERTY);
    if (attributes.datacontenttype === undefined && sdkContentType)
      attributes.datacontenttype = sdkContentType;
    validateAttributes(attributes);
    return {
      event: message.body.length > 0 ? { attributes, data: message.body } : { attributes },
      mode: 'binary',
    };
  }
  const contentType = contentTypeOf(message);
  if (contentType && contentType.split(';')[0]!.trim().toLowerCase() === STRUCTURED_CONTENT_TYPE) {
    const [event] = parseHttpEvents({ 'content-type': contentType }, message.body);
    return { event: event!, mode: 'structured' };
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Content type for a body that names none: JSON, UTF-8 text, or bytes. */
export function sniffContentType(body: Buffer): string {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return 'application/octet-stream';
  }
  const first = text.trimStart()[0];
  if (first === '{' || first === '[' || first === '"') {
    try {
      JSON.parse(text);
      return 'application/json';
    } catch {
      // text that merely starts like JSON
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what marks binary data
  return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? 'application/octet-stream' : 'text/plain; charset=utf-8';
}

function wrap(message: SourceMessage, ctx: MappingContext): Mapped {
  const attributes: Record<string, string> = {
    specversion: '1.0',
    id: message.messageId,
    source: sourceAttribute(ctx.namespace, ctx.name, message.topic),
    type: EVENT_TYPE,
  };
  if (message.bornTimestamp) attributes.time = message.bornTimestamp.toISOString();
  if (message.tag) attributes[EXT_TAG] = message.tag;
  if (message.keys.length > 0) attributes[EXT_KEYS] = message.keys.join(' ');
  if (message.messageGroup) {
    attributes[EXT_MESSAGE_GROUP] = message.messageGroup;
    attributes[EXT_PARTITION_KEY] = message.messageGroup;
  }
  if (message.deliveryAttempt !== undefined) attributes[EXT_ATTEMPT] = String(message.deliveryAttempt);
  Object.assign(
    attributes,
    propertyExtensions(message.properties, MAPPED_EXTENSIONS, CONTENT_TYPE_PROPERTIES),
  );
  if (ctx.dataFormat === 'message') {
    attributes.datacontenttype = 'application/json';
    return {
      event: { attributes, data: Buffer.from(JSON.stringify(messageJson(message))) },
      mode: 'wrapped',
    };
  }
  if (message.body.length > 0) attributes.datacontenttype = dataContentType(message);
  if (message.body.length === 0) return { event: { attributes }, mode: 'wrapped' };
  return { event: { attributes, data: message.body }, mode: 'wrapped' };
}

/** The message as the original sample's source sent it: Go field names, the body base64. */
function messageJson(message: SourceMessage): Record<string, unknown> {
  return {
    Topic: message.topic,
    MessageId: message.messageId,
    Tag: message.tag ?? '',
    Keys: message.keys,
    BornTimestamp: message.bornTimestamp?.getTime() ?? 0,
    Properties: Object.fromEntries(message.properties),
    Body: message.body.toString('base64'),
  };
}

/**
 * The message's own content type when it can be the wrapped event's, else one sniffed from the body. A
 * CloudEvents format type (structured or batch) would make the next hop read the data as events again.
 */
function dataContentType(message: SourceMessage): string {
  const declared = contentTypeOf(message);
  if (declared && isMediaType(declared) && !mediaTypeEssence(declared).startsWith('application/cloudevents'))
    return declared;
  return sniffContentType(message.body);
}
