import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pingSourceKind } from './ping-source.js';
import { admit, manifest } from './testing.js';

const sink = { uri: 'http://127.0.0.1:9/' };
const ping = (spec: Record<string, unknown>) => manifest(pingSourceKind, { sink, ...spec });
const causes = (spec: Record<string, unknown>) =>
  admit(pingSourceKind, ping(spec))
    .err.causes()
    .map((c) => [c.field, c.message]);

test('pingsource - six fields with leading seconds are a schedule, as Knative accepts them', () => {
  assert.deepEqual(causes({ schedule: '*/5 * * * * *' }), []);
  assert.deepEqual(causes({ schedule: '30 0 8 * * *', timezone: 'Asia/Tokyo' }), []);
  assert.deepEqual(causes({ schedule: '61 * * * * *' }), [
    ['spec.schedule', 'invalid value: end of range (61) above maximum (59): 61'],
  ]);
});

test('pingsource - @every is refused as Knative refuses it', () => {
  assert.deepEqual(causes({ schedule: '@every 1m' }), [
    ['spec.schedule', 'invalid value: unsupported descriptor @every'],
  ]);
  assert.deepEqual(causes({ schedule: '@hourly' }), []);
});

test("pingsource - columns are the CRD's: SINK, SCHEDULE, AGE, READY, REASON", () => {
  const obj = {
    ...ping({ schedule: '0 8 * * *' }),
    status: {
      sinkUri: 'http://x/',
      conditions: [{ type: 'Ready', status: 'False' as const, reason: 'NotFound' }],
    },
  };
  assert.deepEqual(
    pingSourceKind.columns!.map((c) => [c.header, c.value(obj)]),
    [
      ['SINK', 'http://x/'],
      ['SCHEDULE', '0 8 * * *'],
      ['AGE', ''],
      ['READY', 'False'],
      ['REASON', 'NotFound'],
    ],
  );
});
