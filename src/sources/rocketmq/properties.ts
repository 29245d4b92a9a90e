/**
 * How a RocketMQ message's user properties become CloudEvent extensions of the wrapped event (the rule the
 * README documents). CloudEvents extension names are `[a-z0-9]{1,20}`; property names are free text, so:
 *
 * - a property's extension name is its name lower-cased, with every character outside `[a-z0-9]` removed,
 *   cut to 20 characters (`region` → `region`, `orderId` → `orderid`, `x-trace_ID` → `xtraceid`);
 * - a property is not copied when that name is empty, or is a CloudEvents context attribute or `data`, or
 *   is an attribute the mapping sets itself (`id`, `source`, `rocketmqtag`, `partitionkey`, ...): the
 *   mapped attribute wins;
 * - two properties with the same extension name: the one spelled exactly so wins, else the first by name;
 * - RocketMQ's own properties stay out: the system properties of `MessageConst` (`KEYS`, `TAGS`,
 *   `UNIQ_KEY`, ...), names starting `__`, the `CE_` attributes of the CloudEvents binding and the
 *   content-type properties the mapping reads for `datacontenttype`.
 */

/** RocketMQ's system property names (org.apache.rocketmq.common.message.MessageConst, 5.3). */
const SYSTEM_PROPERTIES = new Set([
  'KEYS',
  'TAGS',
  'WAIT',
  'DELAY',
  'RETRY_TOPIC',
  'REAL_TOPIC',
  'REAL_QID',
  'TRAN_MSG',
  'PGROUP',
  'MIN_OFFSET',
  'MAX_OFFSET',
  'BUYER_ID',
  'ORIGIN_MESSAGE_ID',
  'TRANSFER_FLAG',
  'CORRECTION_FLAG',
  'MQ2_FLAG',
  'RECONSUME_TIME',
  'MSG_REGION',
  'TRACE_ON',
  'UNIQ_KEY',
  'EXTEND_UNIQ_INFO',
  'MAX_RECONSUME_TIMES',
  'CONSUME_START_TIME',
  'INNER_NUM',
  'INNER_BASE',
  'CHECK_IMMUNITY_TIME_IN_SECONDS',
  'TRAN_PREPARED_QUEUE_OFFSET',
  'TRANSACTION_CHECK_TIMES',
  'INSTANCE_ID',
  'CORRELATION_ID',
  'REPLY_TO_CLIENT',
  'TTL',
  'ARRIVE_TIME',
  'PUSH_REPLY_TIME',
  'CLUSTER',
  'MSG_TYPE',
  'POP_CK',
  'POP_CK_OFFSET',
  '1ST_POP_TIME',
  'PROPERTY_FORWARD_QUEUE_ID',
  'REDIRECT',
  'INNER_MULTI_DISPATCH',
  'INNER_MULTI_QUEUE_OFFSET',
  'TRACE_CONTEXT',
  'TIMER_DELAY_SEC',
  'TIMER_DELIVER_MS',
  'BORN_TIMESTAMP',
  'TIMER_ENQUEUE_MS',
  'TIMER_DEQUEUE_MS',
  'TIMER_ROLL_TIMES',
  'TIMER_OUT_MS',
  'TIMER_DEL_UNIQKEY',
  'TIMER_DELAY_LEVEL',
  'TIMER_DELAY_MS',
  'DLQ_ORIGIN_TOPIC',
  'DLQ_ORIGIN_MESSAGE_ID',
]);

/** Names no property may take: the context attributes of CloudEvents 1.0 and 0.3, and `data`. */
const RESERVED = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'dataschema',
  'datacontenttype',
  'schemaurl',
  'datacontentencoding',
  'data',
]);

const MAX_EXTENSION_NAME = 20;

/** The extension name a property maps to; '' when none can be made. */
export function extensionNameOf(property: string): string {
  return property
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, MAX_EXTENSION_NAME);
}

/** Whether a property is RocketMQ's or the mapping's own, never a user extension. */
export function isOwnProperty(property: string, consumed: readonly string[]): boolean {
  return (
    SYSTEM_PROPERTIES.has(property) ||
    property.startsWith('__') ||
    property.startsWith('CE_') ||
    consumed.includes(property)
  );
}

/**
 * The extensions `properties` add to an event. `mapped` lists the attribute names the mapping sets (they
 * win, set or not); `consumed` the properties it already read (content type).
 */
export function propertyExtensions(
  properties: ReadonlyMap<string, string>,
  mapped: readonly string[],
  consumed: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  const exact = new Set<string>();
  for (const property of [...properties.keys()].sort()) {
    if (isOwnProperty(property, consumed)) continue;
    const name = extensionNameOf(property);
    if (name === '' || RESERVED.has(name) || mapped.includes(name) || exact.has(name)) continue;
    if (name in out && property !== name) continue;
    out[name] = properties.get(property)!;
    if (property === name) exact.add(name);
  }
  return out;
}
