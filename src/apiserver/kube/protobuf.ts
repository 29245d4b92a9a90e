/**
 * Kubernetes' protobuf request bodies (`application/vnd.kubernetes.protobuf`), which kubectl's typed
 * clients send for core kinds (`kubectl create configmap|secret|namespace|serviceaccount|role...`,
 * `kubectl auth can-i`): the `k8s\0` envelope (runtime.Unknown: typeMeta, raw) and the messages of the
 * core and RBAC kinds Ebb stores and of the authorization reviews, decoded into the JSON objects the rest
 * of the server handles. Written by hand from k8s.io/api's generated.proto field numbers (no dependency
 * decodes these); a kind not listed is a 415 that says to send JSON.
 */
import { ApiError, badRequest } from '../../errors.js';

type FieldType = 'string' | 'bytes' | 'bool' | 'int' | 'time' | 'stringMap' | 'bytesMap' | Message;
interface Field {
  name: string;
  type: FieldType;
  repeated?: boolean;
}
interface Message {
  fields: Record<number, Field>;
}

const msg = (fields: Record<number, Field>): Message => ({ fields });
const f = (name: string, type: FieldType, repeated = false): Field => ({ name, type, repeated });

const OWNER_REFERENCE = msg({
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('controller', 'bool'),
  7: f('blockOwnerDeletion', 'bool'),
});
const OBJECT_META = msg({
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int'),
  8: f('creationTimestamp', 'time'),
  11: f('labels', 'stringMap'),
  12: f('annotations', 'stringMap'),
  13: f('ownerReferences', OWNER_REFERENCE, true),
  14: f('finalizers', 'string', true),
});
const OBJECT_REFERENCE = msg({
  1: f('kind', 'string'),
  2: f('namespace', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('fieldPath', 'string'),
});
const POLICY_RULE = msg({
  1: f('verbs', 'string', true),
  2: f('apiGroups', 'string', true),
  3: f('resources', 'string', true),
  4: f('resourceNames', 'string', true),
  5: f('nonResourceURLs', 'string', true),
});
const SUBJECT = msg({
  1: f('kind', 'string'),
  2: f('apiGroup', 'string'),
  3: f('name', 'string'),
  4: f('namespace', 'string'),
});
const ROLE_REF = msg({ 1: f('apiGroup', 'string'), 2: f('kind', 'string'), 3: f('name', 'string') });
const meta = f('metadata', OBJECT_META);
const BINDING = msg({ 1: meta, 2: f('subjects', SUBJECT, true), 3: f('roleRef', ROLE_REF) });
const ROLE = msg({ 1: meta, 2: f('rules', POLICY_RULE, true) });

const RESOURCE_ATTRIBUTES = msg({
  1: f('namespace', 'string'),
  2: f('verb', 'string'),
  3: f('group', 'string'),
  4: f('version', 'string'),
  5: f('resource', 'string'),
  6: f('subresource', 'string'),
  7: f('name', 'string'),
});
const NON_RESOURCE_ATTRIBUTES = msg({ 1: f('path', 'string'), 2: f('verb', 'string') });

/** `apiVersion/kind` → message. */
const KINDS: Record<string, Message> = {
  'v1/ConfigMap': msg({
    1: meta,
    2: f('data', 'stringMap'),
    3: f('binaryData', 'bytesMap'),
    4: f('immutable', 'bool'),
  }),
  'v1/Secret': msg({
    1: meta,
    2: f('data', 'bytesMap'),
    3: f('type', 'string'),
    4: f('stringData', 'stringMap'),
    5: f('immutable', 'bool'),
  }),
  'v1/Namespace': msg({
    1: meta,
    2: f('spec', msg({ 1: f('finalizers', 'string', true) })),
    3: f('status', msg({ 1: f('phase', 'string') })),
  }),
  'v1/ServiceAccount': msg({
    1: meta,
    2: f('secrets', OBJECT_REFERENCE, true),
    3: f('imagePullSecrets', msg({ 1: f('name', 'string') }), true),
    4: f('automountServiceAccountToken', 'bool'),
  }),
  'rbac.authorization.k8s.io/v1/Role': ROLE,
  'rbac.authorization.k8s.io/v1/ClusterRole': ROLE,
  'rbac.authorization.k8s.io/v1/RoleBinding': BINDING,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': BINDING,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': msg({
    1: meta,
    2: f(
      'spec',
      msg({
        1: f('resourceAttributes', RESOURCE_ATTRIBUTES),
        2: f('nonResourceAttributes', NON_RESOURCE_ATTRIBUTES),
      }),
    ),
  }),
  'authentication.k8s.io/v1/SelfSubjectReview': msg({ 1: meta }),
  'authorization.k8s.io/v1/SelfSubjectRulesReview': msg({
    1: meta,
    2: f('spec', msg({ 1: f('namespace', 'string') })),
  }),
};

const UNKNOWN = msg({
  1: f('typeMeta', msg({ 1: f('apiVersion', 'string'), 2: f('kind', 'string') })),
  2: f('raw', 'bytes'),
  3: f('contentEncoding', 'string'),
  4: f('contentType', 'string'),
});
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (this.pos >= this.buf.length || shift > 63n) throw badRequest('protobuf body is truncated');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw badRequest('protobuf body is truncated');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw badRequest(`protobuf body has an unsupported wire type ${wire}`);
  }
}

function decodeMessage(buf: Buffer, message: Message): Record<string, unknown> {
  const out: Record<string, any> = {};
  const r = new Reader(buf);
  while (!r.done) {
    const key = Number(r.varint());
    const field = message.fields[key >> 3];
    const wire = key & 7;
    if (!field) {
      r.skip(wire);
      continue;
    }
    const value = decodeField(r, field.type, wire);
    if (field.type === 'stringMap' || field.type === 'bytesMap') {
      out[field.name] = { ...(out[field.name] ?? {}), ...(value as object) };
    } else if (field.repeated) {
      out[field.name] = [...(out[field.name] ?? []), value];
    } else out[field.name] = value;
  }
  return out;
}

function decodeField(r: Reader, type: FieldType, wire: number): unknown {
  if (type === 'bool') return r.varint() !== 0n;
  if (type === 'int') return Number(BigInt.asIntN(64, r.varint()));
  if (wire !== 2) throw badRequest('protobuf body has a field of the wrong wire type');
  const bytes = r.bytes();
  if (type === 'string') return bytes.toString('utf8');
  if (type === 'bytes') return bytes;
  if (type === 'time') {
    const t = decodeMessage(bytes, msg({ 1: f('seconds', 'int'), 2: f('nanos', 'int') }));
    return new Date(Number(t.seconds ?? 0) * 1000).toISOString().slice(0, 19) + 'Z';
  }
  if (type === 'stringMap' || type === 'bytesMap') {
    const entry = decodeMessage(bytes, msg({ 1: f('key', 'string'), 2: f('value', 'bytes') }));
    const value = (entry.value as Buffer | undefined) ?? Buffer.alloc(0);
    return {
      [String(entry.key ?? '')]: type === 'stringMap' ? value.toString('utf8') : value.toString('base64'),
    };
  }
  return decodeMessage(bytes, type);
}

/** Decodes a `k8s\0`-enveloped protobuf body into a JSON object with apiVersion and kind. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw badRequest('protobuf body does not start with the Kubernetes envelope ("k8s\\0")');
  }
  const unknown = decodeMessage(body.subarray(MAGIC.length), UNKNOWN) as {
    typeMeta?: { apiVersion?: string; kind?: string };
    raw?: Buffer;
  };
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  const message = KINDS[`${apiVersion}/${kind}`];
  if (!message) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `Ebb decodes protobuf bodies only for ${Object.keys(KINDS).join(', ')}; send ${apiVersion}/${kind} as application/json`,
    );
  }
  return { apiVersion, kind, ...decodeMessage(unknown.raw ?? Buffer.alloc(0), message) };
}
