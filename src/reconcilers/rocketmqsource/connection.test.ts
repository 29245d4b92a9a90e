import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConnectionInputs, hostPort, resolveConnection } from './connection.js';

const LOCAL = { proxyEndpoint: '127.0.0.1:18081', namesrvAddr: '127.0.0.1:19876' };
const TOKEN = JSON.stringify({ url: 'http://mq.example.com:8080', accessKeyId: 'AK', accessKeySecret: 'SK' });
const REF = { secretKeyRef: { name: 'alirocketmqsource-secret', key: 'alirocketmqsource' } };

/** Inputs with one Secret, `alirocketmqsource-secret`, holding `value` under `alirocketmqsource`. */
function inputs(
  spec: ConnectionInputs['spec'],
  opts: { value?: string; configEndpoints?: string; local?: ConnectionInputs['local'] } = {},
): ConnectionInputs {
  const secrets: Record<string, Record<string, string>> = opts.value === undefined
    ? {}
    : { 'alirocketmqsource-secret': { alirocketmqsource: opts.value } };
  return {
    spec,
    secret: (name) => secrets[name],
    configEndpoints: opts.configEndpoints,
    local: 'local' in opts ? opts.local : LOCAL,
  };
}

const NO_ENDPOINTS =
  'no RocketMQ proxy endpoints: set spec.endpoints, set endpoints in ConfigMap knative-eventing/config-rocketmq, or start a local RocketMQ with `ebb rocketmq up`';

describe('rocketmqsource connection', () => {
  it('connection - hostPort strips the scheme and any path', () => {
    assert.equal(hostPort('http://mq.example.com:8080'), 'mq.example.com:8080');
    assert.equal(hostPort(' https://mq.example.com:8081/ '), 'mq.example.com:8081');
    assert.equal(hostPort('HTTP://10.0.0.1:8080/ns/path?x=1'), '10.0.0.1:8080');
    assert.equal(hostPort('grpc://proxy:8081'), 'proxy:8081');
    assert.equal(hostPort('proxy:8081'), 'proxy:8081');
  });

  it('connection - spec.endpoints comes first, before the Secret url, the ConfigMap and the local RocketMQ', () => {
    const got = resolveConnection(
      inputs(
        { endpoints: ' 10.0.0.5:8081;10.0.0.6:8081 ', accessToken: REF, namesrvAddr: '10.9.9.9:9876' },
        { value: TOKEN, configEndpoints: 'config:8081' },
      ),
    );
    assert.deepEqual(got, {
      ok: true,
      endpoints: '10.0.0.5:8081;10.0.0.6:8081',
      credentials: { accessKey: 'AK', accessSecret: 'SK' },
    });
  });

  it('connection - the Secret url comes before the ConfigMap and the local RocketMQ', () => {
    assert.deepEqual(
      resolveConnection(inputs({ accessToken: REF }, { value: TOKEN, configEndpoints: 'config:8081' })),
      {
        ok: true,
        endpoints: 'mq.example.com:8080',
        credentials: { accessKey: 'AK', accessSecret: 'SK' },
      },
    );
  });

  it('connection - the ConfigMap endpoints come before the local RocketMQ', () => {
    assert.deepEqual(resolveConnection(inputs({}, { configEndpoints: ' config:8081 ' })), {
      ok: true,
      endpoints: 'config:8081',
    });
    const token = JSON.stringify({ accessKeyId: 'AK', accessKeySecret: 'SK' });
    assert.deepEqual(
      resolveConnection(inputs({ accessToken: REF }, { value: token, configEndpoints: 'config:8081' })),
      { ok: true, endpoints: 'config:8081', credentials: { accessKey: 'AK', accessSecret: 'SK' } },
      'a Secret without url still gives the credentials',
    );
  });

  it('connection - with nothing named, the local RocketMQ proxy', () => {
    assert.deepEqual(resolveConnection(inputs({})), { ok: true, endpoints: '127.0.0.1:18081' });
    assert.deepEqual(
      resolveConnection(inputs({ endpoints: '  ' }, { configEndpoints: ' ' })),
      { ok: true, endpoints: '127.0.0.1:18081' },
      'blank settings are unset',
    );
  });

  it('connection - a blank Secret url falls through to the next source', () => {
    const token = JSON.stringify({ url: '  ', accessKeyId: 'AK', accessKeySecret: 'SK' });
    assert.deepEqual(resolveConnection(inputs({ accessToken: REF }, { value: token })), {
      ok: true,
      endpoints: '127.0.0.1:18081',
      credentials: { accessKey: 'AK', accessSecret: 'SK' },
    });
  });

  it('connection - no credentials when accessKeyId is empty, missing or not a string', () => {
    for (const token of [
      { url: 'http://mq:8080', accessKeyId: '', accessKeySecret: 'SK' },
      { url: 'http://mq:8080', accessKeySecret: 'SK' },
      { url: 'http://mq:8080', accessKeyId: 42, accessKeySecret: 'SK' },
      { url: 'http://mq:8080', accessKeyId: 'AK' },
    ]) {
      assert.deepEqual(
        resolveConnection(inputs({ accessToken: REF }, { value: JSON.stringify(token) })),
        { ok: true, endpoints: 'mq:8080' },
        JSON.stringify(token),
      );
    }
  });

  it('connection - an empty secret is allowed with a key id', () => {
    const token = JSON.stringify({ url: 'http://mq:8080', accessKeyId: 'AK', accessKeySecret: '' });
    assert.deepEqual(resolveConnection(inputs({ accessToken: REF }, { value: token })), {
      ok: true,
      endpoints: 'mq:8080',
      credentials: { accessKey: 'AK', accessSecret: '' },
    });
  });

  it('connection - a missing Secret is SecretNotFound', () => {
    assert.deepEqual(resolveConnection(inputs({ accessToken: REF, endpoints: 'proxy:8081' })), {
      ok: false,
      reason: 'SecretNotFound',
      message: 'Secret "alirocketmqsource-secret" does not exist',
    });
  });

  it('connection - a Secret without the key is SecretKeyNotFound', () => {
    const ref = { secretKeyRef: { name: 'alirocketmqsource-secret', key: 'token' } };
    assert.deepEqual(resolveConnection(inputs({ accessToken: ref }, { value: TOKEN })), {
      ok: false,
      reason: 'SecretKeyNotFound',
      message: 'Secret "alirocketmqsource-secret" has no key "token"',
    });
  });

  it('connection - a value that is not JSON is InvalidAccessToken', () => {
    for (const value of ['', 'xxx', '{"url":']) {
      assert.deepEqual(
        resolveConnection(inputs({ accessToken: REF }, { value })),
        {
          ok: false,
          reason: 'InvalidAccessToken',
          message:
            'Secret "alirocketmqsource-secret" key "alirocketmqsource" is not JSON {"url","accessKeyId","accessKeySecret"}',
        },
        JSON.stringify(value),
      );
    }
  });

  it('connection - a JSON value that is not an object is InvalidAccessToken', () => {
    for (const value of ['null', '42', '"text"', '[]']) {
      const got = resolveConnection(inputs({ accessToken: REF }, { value }));
      assert.equal(got.ok ? 'ok' : got.reason, 'InvalidAccessToken', value);
    }
  });

  it('connection - a secret ref without name or key is not read', () => {
    for (const accessToken of [{}, { secretKeyRef: { name: 'missing' } }, { secretKeyRef: { key: 'k' } }]) {
      assert.deepEqual(resolveConnection(inputs({ accessToken })), {
        ok: true,
        endpoints: '127.0.0.1:18081',
      });
    }
  });

  it('connection - nothing named and no local RocketMQ is EndpointsMissing', () => {
    assert.deepEqual(resolveConnection(inputs({}, { local: undefined })), {
      ok: false,
      reason: 'EndpointsMissing',
      message: NO_ENDPOINTS,
    });
  });

  it("connection - the local RocketMQ's namesrvAddr means its proxy", () => {
    assert.deepEqual(resolveConnection(inputs({ namesrvAddr: '127.0.0.1:19876' })), {
      ok: true,
      endpoints: '127.0.0.1:18081',
    });
  });

  it('connection - another namesrvAddr is EndpointsMissing telling to set spec.endpoints', () => {
    const expected = {
      ok: false,
      reason: 'EndpointsMissing',
      message:
        "namesrvAddr 10.1.1.1:9876 is a name server; Ebb's client talks to a RocketMQ 5 proxy: set spec.endpoints to the proxy's host:port",
    };
    assert.deepEqual(resolveConnection(inputs({ namesrvAddr: '10.1.1.1:9876' })), expected);
    assert.deepEqual(
      resolveConnection(inputs({ namesrvAddr: '10.1.1.1:9876' }, { local: undefined })),
      expected,
    );
    assert.deepEqual(
      resolveConnection(
        inputs({ namesrvAddr: '10.1.1.1:9876' }, { local: { proxyEndpoint: '127.0.0.1:18081' } }),
      ),
      expected,
      'a local RocketMQ without a name server address does not match',
    );
  });

  it('connection - a namesrvAddr does not matter when endpoints are named elsewhere', () => {
    const spec = { namesrvAddr: '10.1.1.1:9876' };
    assert.deepEqual(resolveConnection(inputs(spec, { configEndpoints: 'config:8081' })), {
      ok: true,
      endpoints: 'config:8081',
    });
    assert.deepEqual(resolveConnection(inputs({ ...spec, endpoints: 'proxy:8081' })), {
      ok: true,
      endpoints: 'proxy:8081',
    });
    assert.deepEqual(resolveConnection(inputs({ ...spec, accessToken: REF }, { value: TOKEN })), {
      ok: true,
      endpoints: 'mq.example.com:8080',
      credentials: { accessKey: 'AK', accessSecret: 'SK' },
    });
  });
});
