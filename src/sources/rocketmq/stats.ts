/**
 * What a RocketMQ adapter counts, for `/metrics` and the source's status: messages received (redeliveries
 * included), delivered (sink answered 2xx, then acknowledged), failed delivery attempts, redelivered
 * messages (delivery attempt > 1), messages Ebb dead-lettered (to the source's dead-letter sink, or to
 * `%DLQ%<group>` for an undecodable one), acknowledgements RocketMQ refused (those messages come back:
 * duplicates, not losses), failed receive calls, and messages that could not be decoded or mapped.
 */
export interface SourceStats {
  received: number;
  delivered: number;
  failed: number;
  redelivered: number;
  deadLettered: number;
  ackFailed: number;
  receiveFailed: number;
  undecodable: number;
}

export const STAT_NAMES: readonly (keyof SourceStats)[] = [
  'received',
  'delivered',
  'failed',
  'redelivered',
  'deadLettered',
  'ackFailed',
  'receiveFailed',
  'undecodable',
];

export function emptyStats(): SourceStats {
  return {
    received: 0,
    delivered: 0,
    failed: 0,
    redelivered: 0,
    deadLettered: 0,
    ackFailed: 0,
    receiveFailed: 0,
    undecodable: 0,
  };
}
