import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdapterConfigError, adapterConfigFromEnv } from './env.js';

const REQUIRED = {
  ROCKETMQ_ENDPOINTS: '127.0.0.1:8081',
  ROCKETMQ_TOPIC: 'orders',
  ROCKETMQ_CONSUMER_GROUP: 'GID_orders',
  K_SINK: 'http://broker-ingress.local/shop/default',
};

/** The problems `adapterConfigFromEnv` reports for `env`; fails when it accepts it. */
function problems(env: Record<string, string | undefined>): string[] {
  try {
    adapterConfigFromEnv(env);
  } catch (err) {
    assert.ok(err instanceof AdapterConfigError, `unexpected ${(err as Error).name}`);
    assert.equal(err.code, 'EBB_ADAPTER_CONFIG');
    assert.equal(err.message, `invalid adapter environment:\n  ${err.problems.join('\n  ')}`);
    return err.problems;
  }
  assert.fail('the environment was accepted');
}

describe('rocketmq adapter environment', () => {
  it('env - a full environment gives exactly this config', () => {
    const config = adapterConfigFromEnv({
      ROCKETMQ_ENDPOINTS: ' 10.0.0.1:8081;10.0.0.2:8081 ',
      ROCKETMQ_TOPIC: 'orders',
      ROCKETMQ_CONSUMER_GROUP: 'GID_orders',
      ROCKETMQ_SELECTOR_TYPE: 'sql92',
      ROCKETMQ_SELECTOR: " region = 'eu' ",
      K_SINK: 'https://sink.example.com/events',
      K_CE_OVERRIDES: '{"extensions":{"env":"prod","team":"checkout"}}',
      NAMESPACE: 'shop',
      NAME: 'orders-source',
      ROCKETMQ_ACCESS_KEY: 'AK',
      ROCKETMQ_SECRET_KEY: 'SK',
      DELIVERY_RETRY: '5',
      DELIVERY_BACKOFF_POLICY: 'linear',
      DELIVERY_BACKOFF_DELAY: 'PT0.5S',
      DELIVERY_TIMEOUT: 'PT10S',
      DELIVERY_DEAD_LETTER_SINK: 'http://dls.local/',
      ADAPTER_MAX_IN_FLIGHT: '64',
      UNRELATED: 'ignored',
    });
    assert.deepEqual(config, {
      endpoints: '10.0.0.1:8081;10.0.0.2:8081',
      topic: 'orders',
      consumerGroup: 'GID_orders',
      selector: { type: 'SQL92', expression: "region = 'eu'" },
      sinkUri: 'https://sink.example.com/events',
      namespace: 'shop',
      name: 'orders-source',
      delivery: {
        retry: 5,
        backoffPolicy: 'linear',
        backoffDelayMs: 500,
        timeoutMs: 10_000,
        deadLetterUri: 'http://dls.local/',
      },
      overrides: { env: 'prod', team: 'checkout' },
      credentials: { accessKey: 'AK', accessSecret: 'SK' },
      maxInFlight: 64,
    });
  });

  it('env - only the required variables: every default', () => {
    assert.deepEqual(adapterConfigFromEnv(REQUIRED), {
      endpoints: '127.0.0.1:8081',
      topic: 'orders',
      consumerGroup: 'GID_orders',
      selector: { type: 'TAG', expression: '*' },
      sinkUri: 'http://broker-ingress.local/shop/default',
      namespace: 'default',
      name: 'rocketmqsource',
      delivery: { retry: 0, backoffPolicy: 'exponential', backoffDelayMs: 200 },
    });
  });

  it('env - blank optional variables take their defaults', () => {
    const config = adapterConfigFromEnv({
      ...REQUIRED,
      ROCKETMQ_SELECTOR_TYPE: ' ',
      ROCKETMQ_SELECTOR: '',
      NAMESPACE: '  ',
      NAME: '',
      K_CE_OVERRIDES: ' ',
      ROCKETMQ_ACCESS_KEY: ' ',
      ROCKETMQ_SECRET_KEY: '',
      DELIVERY_RETRY: '',
      DELIVERY_BACKOFF_POLICY: '',
      DELIVERY_BACKOFF_DELAY: ' ',
      DELIVERY_TIMEOUT: '',
      DELIVERY_DEAD_LETTER_SINK: '',
    });
    assert.deepEqual(config, adapterConfigFromEnv(REQUIRED));
  });

  it('env - the required variables are named when missing or blank, all at once', () => {
    const expected = [
      'ROCKETMQ_ENDPOINTS: required',
      'ROCKETMQ_TOPIC: required',
      'ROCKETMQ_CONSUMER_GROUP: required',
      'K_SINK: required',
    ];
    assert.deepEqual(problems({}), expected);
    assert.deepEqual(
      problems({ ROCKETMQ_ENDPOINTS: ' ', ROCKETMQ_TOPIC: '', ROCKETMQ_CONSUMER_GROUP: '\t', K_SINK: '' }),
      expected,
    );
  });

  it('env - every invalid variable is reported at once, each naming its variable', () => {
    assert.deepEqual(
      problems({
        ROCKETMQ_ENDPOINTS: '127.0.0.1',
        ROCKETMQ_TOPIC: 'orders topic',
        ROCKETMQ_CONSUMER_GROUP: 'g'.repeat(256),
        K_SINK: 'ftp://sink',
        ROCKETMQ_SELECTOR_TYPE: 'regex',
        DELIVERY_RETRY: '-1',
        DELIVERY_BACKOFF_POLICY: 'fibonacci',
        DELIVERY_BACKOFF_DELAY: '200ms',
        DELIVERY_TIMEOUT: '-PT1S',
        DELIVERY_DEAD_LETTER_SINK: 'dls.local',
        K_CE_OVERRIDES: '{"extensions":{"Bad-Key":"x"}}',
        ROCKETMQ_ACCESS_KEY: 'AK',
        ADAPTER_MAX_IN_FLIGHT: '0',
      }),
      [
        'ROCKETMQ_ENDPOINTS: expected host:port, got "127.0.0.1"',
        'ROCKETMQ_TOPIC: the specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$',
        'ROCKETMQ_CONSUMER_GROUP: the specified group is longer than group max length 255',
        'K_SINK: expected an http(s) URL, got "ftp://sink"',
        'ROCKETMQ_SELECTOR_TYPE: expected TAG or SQL92, got "REGEX"',
        'DELIVERY_RETRY: expected a non-negative integer, got "-1"',
        'DELIVERY_BACKOFF_POLICY: expected exponential or linear, got "fibonacci"',
        'DELIVERY_BACKOFF_DELAY: expected an ISO 8601 duration such as PT0.2S, got "200ms"',
        'DELIVERY_TIMEOUT: expected an ISO 8601 duration such as PT0.2S, got "-PT1S"',
        'DELIVERY_DEAD_LETTER_SINK: expected an http(s) URL, got "dls.local"',
        'K_CE_OVERRIDES: invalid key name "Bad-Key": extensions[Bad-Key]\nkeys are expected to be alphanumeric',
        'ROCKETMQ_ACCESS_KEY, ROCKETMQ_SECRET_KEY: set both or neither',
        'ADAPTER_MAX_IN_FLIGHT: expected a positive integer, got "0"',
      ],
    );
  });

  it('env - a bad endpoint anywhere in the list is named', () => {
    assert.deepEqual(problems({ ...REQUIRED, ROCKETMQ_ENDPOINTS: '10.0.0.1:8081;10.0.0.2:99999' }), [
      'ROCKETMQ_ENDPOINTS: expected host:port, got "10.0.0.2:99999"',
    ]);
  });

  it('env - ADAPTER_MAX_IN_FLIGHT must be a positive integer', () => {
    for (const value of ['-1', '1.5', 'many', '0x']) {
      assert.deepEqual(problems({ ...REQUIRED, ADAPTER_MAX_IN_FLIGHT: value }), [
        `ADAPTER_MAX_IN_FLIGHT: expected a positive integer, got "${value}"`,
      ]);
    }
    assert.equal(adapterConfigFromEnv({ ...REQUIRED, ADAPTER_MAX_IN_FLIGHT: '1' }).maxInFlight, 1);
  });

  it('env - K_SINK and the dead-letter sink accept http and https only', () => {
    assert.deepEqual(problems({ ...REQUIRED, K_SINK: 'http:///path' }), [
      'K_SINK: expected an http(s) URL, got "http:///path"',
    ]);
    const config = adapterConfigFromEnv({ ...REQUIRED, K_SINK: 'https://sink:8443' });
    assert.equal(config.sinkUri, 'https://sink:8443');
  });

  it('env - ISO 8601 durations for backoff delay and timeout, zero allowed', () => {
    const config = adapterConfigFromEnv({
      ...REQUIRED,
      DELIVERY_BACKOFF_DELAY: 'PT0S',
      DELIVERY_TIMEOUT: 'PT1M',
    });
    assert.deepEqual(config.delivery, {
      retry: 0,
      backoffPolicy: 'exponential',
      backoffDelayMs: 0,
      timeoutMs: 60_000,
    });
  });

  it('env - ROCKETMQ_GROUP_NAME is the consumer group when ROCKETMQ_CONSUMER_GROUP is unset or blank', () => {
    const { ROCKETMQ_CONSUMER_GROUP: _group, ...rest } = REQUIRED;
    assert.equal(
      adapterConfigFromEnv({ ...rest, ROCKETMQ_GROUP_NAME: 'GID_Knative' }).consumerGroup,
      'GID_Knative',
    );
    assert.equal(
      adapterConfigFromEnv({ ...rest, ROCKETMQ_CONSUMER_GROUP: ' ', ROCKETMQ_GROUP_NAME: 'GID_Knative' })
        .consumerGroup,
      'GID_Knative',
    );
    assert.equal(
      adapterConfigFromEnv({ ...REQUIRED, ROCKETMQ_GROUP_NAME: 'GID_Knative' }).consumerGroup,
      'GID_orders',
      'ROCKETMQ_CONSUMER_GROUP wins',
    );
  });

  it('env - an invalid ROCKETMQ_GROUP_NAME is reported under its own name', () => {
    const { ROCKETMQ_CONSUMER_GROUP: _group, ...rest } = REQUIRED;
    assert.deepEqual(problems({ ...rest, ROCKETMQ_GROUP_NAME: 'GID Knative' }), [
      'ROCKETMQ_GROUP_NAME: the specified group contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$',
    ]);
  });

  it('env - a blank ADAPTER_MAX_IN_FLIGHT takes the default like every other optional variable', () => {
    assert.equal(adapterConfigFromEnv({ ...REQUIRED, ADAPTER_MAX_IN_FLIGHT: '' }).maxInFlight, undefined);
  });

  it('env - K_CE_OVERRIDES that is not JSON is named with the parse error', () => {
    assert.deepEqual(problems({ ...REQUIRED, K_CE_OVERRIDES: '{extensions:' }), [
      `K_CE_OVERRIDES: not JSON (${jsonError('{extensions:')})`,
    ]);
  });

  it('env - K_CE_OVERRIDES with a bad key, a non-string value or the wrong shape is named', () => {
    assert.deepEqual(problems({ ...REQUIRED, K_CE_OVERRIDES: '{"extensions":{"ok":"v","n":1}}' }), [
      'K_CE_OVERRIDES: invalid value: 1: extensions[n]\nexpected a string',
    ]);
    assert.deepEqual(problems({ ...REQUIRED, K_CE_OVERRIDES: '{"extensions":["a"]}' }), [
      'K_CE_OVERRIDES: invalid value: ["a"]: extensions\nexpected a map',
    ]);
    const [problem] = problems({ ...REQUIRED, K_CE_OVERRIDES: '"prod"' });
    assert.match(problem!, /^K_CE_OVERRIDES: .*expected an object \{extensions\}/s);
  });

  it('env - K_CE_OVERRIDES without extensions sets no overrides; an empty map is kept', () => {
    assert.equal('overrides' in adapterConfigFromEnv({ ...REQUIRED, K_CE_OVERRIDES: '{}' }), false);
    assert.deepEqual(
      adapterConfigFromEnv({ ...REQUIRED, K_CE_OVERRIDES: '{"extensions":{}}' }).overrides,
      {},
    );
  });

  it('env - credentials need both keys or neither', () => {
    const expected = ['ROCKETMQ_ACCESS_KEY, ROCKETMQ_SECRET_KEY: set both or neither'];
    assert.deepEqual(problems({ ...REQUIRED, ROCKETMQ_ACCESS_KEY: 'AK' }), expected);
    assert.deepEqual(problems({ ...REQUIRED, ROCKETMQ_SECRET_KEY: 'SK' }), expected);
    assert.deepEqual(
      problems({ ...REQUIRED, ROCKETMQ_ACCESS_KEY: 'AK', ROCKETMQ_SECRET_KEY: ' ' }),
      expected,
    );
    assert.deepEqual(
      adapterConfigFromEnv({ ...REQUIRED, ROCKETMQ_ACCESS_KEY: ' AK ', ROCKETMQ_SECRET_KEY: ' SK ' })
        .credentials,
      { accessKey: 'AK', accessSecret: 'SK' },
    );
    assert.equal('credentials' in adapterConfigFromEnv(REQUIRED), false);
  });

  it('env - selector type is case-insensitive and defaults the expression to *', () => {
    const config = adapterConfigFromEnv({ ...REQUIRED, ROCKETMQ_SELECTOR_TYPE: 'tag' });
    assert.deepEqual(config.selector, { type: 'TAG', expression: '*' });
    const tags = adapterConfigFromEnv({ ...REQUIRED, ROCKETMQ_SELECTOR: 'TagA || TagB' });
    assert.deepEqual(tags.selector, { type: 'TAG', expression: 'TagA || TagB' });
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('valid JSON');
}
