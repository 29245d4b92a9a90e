/**
 * Where and as whom a RocketMQSource consumes: the proxy endpoints and the credentials, from (first that
 * applies)
 *   1. `spec.endpoints`;
 *   2. the `url` in the `accessToken` Secret (the seed's format: base64 of
 *      `{"url": ..., "accessKeyId": ..., "accessKeySecret": ...}`), which also gives the credentials;
 *   3. `endpoints` in the ConfigMap `config-rocketmq` of `knative-eventing` (one setting for every source);
 *   4. the RocketMQ `ebb up` was pointed at (`--rocketmq-endpoints`, `EBB_ROCKETMQ_ENDPOINTS`, or a local
 *      RocketMQ started with `ebb rocketmq up`) — so the seed manifests, which name no address, run as is.
 * `namesrvAddr` alone cannot be used: the Node client speaks gRPC to a RocketMQ 5 proxy, not remoting to
 * a name server; a source that names only a name server is told so, unless it is the local RocketMQ's.
 */
export const ROCKETMQ_CONFIGMAP = { namespace: 'knative-eventing', name: 'config-rocketmq' };

export interface LocalRocketMQ {
  proxyEndpoint: string;
  namesrvAddr?: string;
}

export interface ConnectionInputs {
  spec: {
    endpoints?: string;
    namesrvAddr?: string;
    accessToken?: { secretKeyRef?: { name?: string; key?: string } };
  };
  /** The decoded Secret values of the source's namespace, by Secret name. */
  secret(name: string): Record<string, string> | undefined;
  configEndpoints?: string | undefined;
  local?: LocalRocketMQ | undefined;
}

export type Connection =
  | { ok: true; endpoints: string; credentials?: { accessKey: string; accessSecret: string } }
  | { ok: false; reason: string; message: string };

/** `http://host:port/` → `host:port`: the Secret's url is an HTTP address; the client wants host:port. */
export function hostPort(url: string): string {
  return url
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '');
}

export function resolveConnection(inputs: ConnectionInputs): Connection {
  const { spec } = inputs;
  let credentials: { accessKey: string; accessSecret: string } | undefined;
  let secretUrl: string | undefined;
  const ref = spec.accessToken?.secretKeyRef;
  if (ref?.name && ref.key) {
    const secret = inputs.secret(ref.name);
    if (!secret)
      return { ok: false, reason: 'SecretNotFound', message: `Secret "${ref.name}" does not exist` };
    const value = secret[ref.key];
    if (value === undefined) {
      return {
        ok: false,
        reason: 'SecretKeyNotFound',
        message: `Secret "${ref.name}" has no key "${ref.key}"`,
      };
    }
    let token: { url?: unknown; accessKeyId?: unknown; accessKeySecret?: unknown } | undefined;
    try {
      token = JSON.parse(value);
    } catch {
      token = undefined;
    }
    if (typeof token !== 'object' || token === null || Array.isArray(token)) {
      return {
        ok: false,
        reason: 'InvalidAccessToken',
        message: `Secret "${ref.name}" key "${ref.key}" is not JSON {"url","accessKeyId","accessKeySecret"}`,
      };
    }
    if (
      typeof token.accessKeyId === 'string' &&
      token.accessKeyId &&
      typeof token.accessKeySecret === 'string'
    ) {
      credentials = { accessKey: token.accessKeyId, accessSecret: token.accessKeySecret };
    }
    if (typeof token.url === 'string' && token.url.trim()) secretUrl = hostPort(token.url);
  }
  const endpoints =
    spec.endpoints?.trim() ||
    secretUrl ||
    inputs.configEndpoints?.trim() ||
    (spec.namesrvAddr && spec.namesrvAddr !== inputs.local?.namesrvAddr
      ? undefined
      : inputs.local?.proxyEndpoint);
  if (!endpoints) {
    const message = spec.namesrvAddr
      ? `namesrvAddr ${spec.namesrvAddr} is a name server; Ebb's client talks to a RocketMQ 5 proxy: set spec.endpoints to the proxy's host:port`
      : 'no RocketMQ proxy endpoints: set spec.endpoints, set endpoints in ConfigMap knative-eventing/config-rocketmq, or start a local RocketMQ with `ebb rocketmq up`';
    return { ok: false, reason: 'EndpointsMissing', message };
  }
  return credentials ? { ok: true, endpoints, credentials } : { ok: true, endpoints };
}
