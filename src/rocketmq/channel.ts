/**
 * A wrapper around the Node client's gRPC channel (rocketmq-client-nodejs 1.0.8, `RpcClient`), so a
 * message of RocketMQ's maximum size can be received at all.
 *
 * The client creates `MessagingServiceClient(address, credentials)` with no channel options, so grpc-js
 * refuses any received gRPC message over its default 4 MiB ("8 RESOURCE_EXHAUSTED: Received message larger
 * than max"). A body of the broker's default `maxMessageSize` (4 MiB) plus its properties is just over that:
 * the receive call fails, for that message and every one received with it, until RocketMQ dead-letters
 * it. The generated client class is replaced by one that passes a larger receive limit; everything else is
 * the client's own.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Largest gRPC message the client accepts: one message of a broker whose `maxMessageSize` was raised up to
 * 64 MiB, with room for its properties. RocketMQ's proxy itself accepts inbound messages up to 130 MB.
 */
export const MAX_RECEIVE_MESSAGE_BYTES = 64 * 1024 * 1024 + 64 * 1024;

type ClientClass = new (address: string, credentials: unknown, options?: Record<string, unknown>) => object;

let installed = false;

/** Makes every channel the client opens from now on accept MAX_RECEIVE_MESSAGE_BYTES; once per process. */
export function installReceiveLimit(): void {
  if (installed) return;
  installed = true;
  const service = require('rocketmq-client-nodejs/proto/apache/rocketmq/v2/service_grpc_pb.js') as {
    MessagingServiceClient: ClientClass;
  };
  class LimitedMessagingServiceClient extends service.MessagingServiceClient {
    constructor(address: string, credentials: unknown, options: Record<string, unknown> = {}) {
      super(address, credentials, {
        'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES,
        ...options,
      });
    }
  }
  service.MessagingServiceClient = LimitedMessagingServiceClient;
}
