/**
 * Acknowledgements in batches. The client's `SimpleConsumer.ack(message)` sends one gRPC call per
 * message; RocketMQ's AckMessage request takes many entries. Measured on bench/rocketmq-source, one call
 * per message was the adapter's largest cost (~85 µs of ~400 µs per message), so acknowledgements made in
 * one event-loop turn go out together, one request per broker endpoint (at most MAX_ENTRIES each), through
 * the client's own RPC path (`ackMessageViaRpc`, public in its typings). Each entry has its own status: a
 * refused one rejects only its message's promise (that message comes back later — a duplicate, not a loss).
 *
 * The request classes come from the client's generated protobuf code (CommonJS, loaded with require).
 */
import { createRequire } from 'node:module';
import type { SimpleConsumer } from 'rocketmq-client-nodejs';
import type * as Definition from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js';
import type * as Service from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/service_pb.js';

const require = createRequire(import.meta.url);
const service = require('rocketmq-client-nodejs/proto/apache/rocketmq/v2/service_pb.js') as typeof Service;
const definition =
  require('rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js') as typeof Definition;

/** Entries per AckMessage request. */
const MAX_ENTRIES = 64;
/** RocketMQ's success code. */
const CODE_OK = 20_000;
const ACK_TIMEOUT_MS = 5_000;

/** What an acknowledgement needs of a received message (the client's MessageView has it). */
export interface Ackable {
  messageId: string;
  receiptHandle: string;
  endpoints: { toString(): string };
}

interface Pending {
  message: Ackable;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class AckError extends Error {
  constructor(
    readonly messageId: string,
    message: string,
  ) {
    super(`ack of ${messageId} refused: ${message}`);
    this.name = 'AckError';
  }
}

export class AckBatcher {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly consumer: SimpleConsumer,
    private readonly group: string,
    private readonly topic: string,
  ) {}

  ack(message: Ackable): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ message, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const byEndpoints = new Map<string, Pending[]>();
    for (const p of this.pending.splice(0)) {
      const key = p.message.endpoints.toString();
      const list = byEndpoints.get(key);
      if (list) list.push(p);
      else byEndpoints.set(key, [p]);
    }
    for (const list of byEndpoints.values()) {
      for (let i = 0; i < list.length; i += MAX_ENTRIES) void this.send(list.slice(i, i + MAX_ENTRIES));
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    const request = new service.AckMessageRequest()
      .setGroup(new definition.Resource().setName(this.group))
      .setTopic(new definition.Resource().setName(this.topic));
    for (const { message } of batch) {
      request.addEntries().setMessageId(message.messageId).setReceiptHandle(message.receiptHandle);
    }
    try {
      const res = await this.consumer.ackMessageViaRpc(batch[0]!.message.endpoints, request, ACK_TIMEOUT_MS);
      const results = new Map<string, { code: number; message: string }>();
      for (const entry of res.getEntriesList()) {
        const status = entry.getStatus();
        results.set(entry.getMessageId(), {
          code: status?.getCode() ?? 0,
          message: status?.getMessage() ?? '',
        });
      }
      const overall = res.getStatus();
      for (const p of batch) {
        const r = results.get(p.message.messageId) ?? {
          code: overall?.getCode() ?? 0,
          message: overall?.getMessage() ?? 'no status',
        };
        if (r.code === CODE_OK) p.resolve();
        else p.reject(new AckError(p.message.messageId, `${r.code} ${r.message}`));
      }
    } catch (err) {
      for (const p of batch) p.reject(err as Error);
    }
  }
}
