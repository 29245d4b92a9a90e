/**
 * The fixes Ebb carries for the Node RocketMQ client (rocketmq-client-nodejs 1.0.8, pinned), installed
 * before a consumer is made: message decoding (message-view.ts) and the channel's receive limit
 * (channel.ts). Each is a wrapper at the depth of its bug, not a catch around the calls that show it.
 */
import { installReceiveLimit } from './channel.js';
import { installSafeMessageView } from './message-view.js';

export function installClientFixes(): void {
  installSafeMessageView();
  installReceiveLimit();
}
