/**
 * What a RocketMQ adapter counts, for `/metrics` and the source's status: messages received (redeliveries
 * included), delivered (sink answered 2xx, then acknowledged), failed delivery attempts, redelivered
 * messages (delivery attempt > 1), dead-lettered to the source's dead-letter sink, and acknowledgements
 * RocketMQ refused (those messages come back: duplicates, not losses).
 */
export interface SourceStats {
  received: number;
  delivered: number;
  failed: number;
  redelivered: number;
  deadLettered: number;
  ackFailed: number;
}

export const STAT_NAMES: readonly (keyof SourceStats)[] = [
  'received',
  'delivered',
  'failed',
  'redelivered',
  'deadLettered',
  'ackFailed',
];

export function emptyStats(): SourceStats {
  return { received: 0, delivered: 0, failed: 0, redelivered: 0, deadLettered: 0, ackFailed: 0 };
}
