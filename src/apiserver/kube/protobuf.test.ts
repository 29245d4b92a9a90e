import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../errors.js';
import { decodeProtobuf } from './protobuf.js';

/** A length-delimited protobuf field (wire type 2); lengths here stay under 128. */
const field = (n: number, value: Buffer | string): Buffer => {
  const bytes = Buffer.from(value);
  return Buffer.concat([Buffer.from([(n << 3) | 2, bytes.length]), bytes]);
};
const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  Buffer.concat([
    Buffer.from('k8s\0', 'binary'),
    field(1, Buffer.concat([field(1, apiVersion), field(2, kind)])),
    field(2, raw),
  ]);

test('protobuf - decodes a ConfigMap as kubectl create configmap sends it', () => {
  const metadata = Buffer.concat([
    field(1, 'cfg'),
    field(3, 'default'),
    field(11, Buffer.concat([field(1, 'app'), field(2, 'x')])),
  ]);
  const raw = Buffer.concat([
    field(1, metadata),
    field(2, Buffer.concat([field(1, 'a'), field(2, '1')])),
    field(2, Buffer.concat([field(1, 'b'), field(2, '2')])),
    Buffer.from([(4 << 3) | 0, 1]), // immutable: true
  ]);
  assert.deepEqual(decodeProtobuf(envelope('v1', 'ConfigMap', raw)), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default', labels: { app: 'x' } },
    data: { a: '1', b: '2' },
    immutable: true,
  });
});

test('protobuf - Secret data is base64 as in JSON; unknown kinds are a 415, a bad envelope a 400', () => {
  const raw = Buffer.concat([
    field(1, field(1, 's')),
    field(2, Buffer.concat([field(1, 'k'), field(2, 'hunter2')])),
  ]);
  assert.deepEqual(decodeProtobuf(envelope('v1', 'Secret', raw)).data, { k: 'aHVudGVyMg==' });
  const is = (code: number) => (err: unknown) => err instanceof ApiError && err.status === code;
  assert.throws(() => decodeProtobuf(envelope('batch/v1', 'Job', Buffer.alloc(0))), is(415));
  assert.throws(() => decodeProtobuf(Buffer.from('{}')), is(400));
});
