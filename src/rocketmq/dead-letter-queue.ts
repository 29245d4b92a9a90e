/**
 * Sending one received message to its consumer group's dead-letter queue (`%DLQ%<group>`) at once, with
 * the gRPC `ForwardMessageToDeadLetterQueue` call the client's PushConsumer makes for a message its
 * listener cannot consume. The SimpleConsumer has no such method (1.0.8), so the request is built here
 * from the client's own protobuf classes. Used for a message Ebb cannot decode: redelivering it would only
 * fail again, 16 times over hours, before RocketMQ dead-letters it anyway.
 */
import { createRequire } from 'node:module';
import type { SimpleConsumer } from 'rocketmq-client-nodejs';

const require = createRequire(import.meta.url);

interface Settable {
  [setter: string]: (value: unknown) => Settable;
}
const service = require('rocketmq-client-nodejs/proto/apache/rocketmq/v2/service_pb.js') as {
  ForwardMessageToDeadLetterQueueRequest: new () => Settable;
};
const util = require('rocketmq-client-nodejs/dist/util/index.js') as {
  createResource(name: string): unknown;
};

/** What the call needs of a received message (the client's MessageView). */
export interface ForwardableMessage {
  messageId: string;
  topic: string;
  receiptHandle: string;
  deliveryAttempt?: number | undefined;
  endpoints: unknown;
}

interface ConsumerInternals {
  requestTimeout: number;
  forwardMessageToDeadLetterQueueViaRpc(
    endpoints: unknown,
    request: unknown,
    timeout: number,
  ): Promise<{ toObject(): { status?: { code: number; message: string } } }>;
}

/** gRPC Code.OK of the RocketMQ v2 protocol. */
const CODE_OK = 20000;

/** Moves `message` to `%DLQ%<group>`; rejects when the proxy refuses. */
export async function forwardToDeadLetterQueue(
  consumer: SimpleConsumer,
  group: string,
  message: ForwardableMessage,
): Promise<void> {
  const internals = consumer as unknown as ConsumerInternals;
  const attempt = message.deliveryAttempt ?? 1;
  const request = new service.ForwardMessageToDeadLetterQueueRequest()
    .setGroup(util.createResource(group))
    .setTopic(util.createResource(message.topic))
    .setReceiptHandle(message.receiptHandle)
    .setMessageId(message.messageId)
    .setDeliveryAttempt(attempt)
    .setMaxDeliveryAttempts(attempt);
  const response = await internals.forwardMessageToDeadLetterQueueViaRpc(
    message.endpoints,
    request,
    internals.requestTimeout,
  );
  const status = response.toObject().status;
  if (status && status.code !== CODE_OK) {
    throw new Error(
      `the proxy refused to dead-letter message ${message.messageId}: ${status.code} ${status.message}`,
    );
  }
}
