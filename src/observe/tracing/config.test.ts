/** When `ebb up` exports spans, and over which protocol, from the OTEL_* variables. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tracingConfig } from './config.js';

describe('tracing config', () => {
  it('config - no endpoint, no export', () => {
    assert.deepEqual(tracingConfig({}), { warnings: [] });
    assert.deepEqual(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }), { warnings: [] });
  });

  it('config - an endpoint turns export on with http/protobuf, the traces one first', () => {
    assert.deepEqual(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).export, {
      protocol: 'http/protobuf',
      endpoint: 'http://c:4318',
    });
    const both = tracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/v1/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    });
    assert.deepEqual(both.export, { protocol: 'http/json', endpoint: 'http://t:4318/v1/traces' });
  });

  it('config - disabled by OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none; grpc falls back with a warning', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' };
    assert.equal(tracingConfig({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).export, undefined);
    assert.equal(tracingConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).export, undefined);
    const grpc = tracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    assert.equal(grpc.export?.protocol, 'http/protobuf');
    assert.match(grpc.warnings[0]!, /grpc is not supported/);
  });
});
