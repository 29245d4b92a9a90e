/**
 * Agreement with the official `cloudevents` SDK: on every conformance sample, `HTTP.toEvent` and
 * `parseHttpEvents` see the same attributes and data. Known, deliberate differences are normalised here:
 * the SDK rewrites `time` to a UTC ISO string and invents one when absent, turns JSON data into a value, and
 * does not apply the JSON format's default datacontenttype (application/json) to structured data.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HTTP } from 'cloudevents';
import type { EventRecord } from '../types.js';
import { isJsonContentType } from './attributes.js';
import { binaryRequest, conformanceDir, structuredRequest, yamlSamples } from './conformance-samples.js';
import { parseHttpEvents } from './parse.js';

const dir = conformanceDir();

function assertAgrees(ours: EventRecord, sdk: Record<string, unknown>, structured: boolean): void {
  const sdkAttributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(sdk)) {
    if (value !== undefined && name !== 'data' && name !== 'data_base64') sdkAttributes[name] = String(value);
  }
  const expected = { ...ours.attributes };
  if (expected.time === undefined) delete sdkAttributes.time;
  else {
    assert.equal(Date.parse(sdkAttributes.time!), Date.parse(expected.time), 'time is the same instant');
    sdkAttributes.time = expected.time;
  }
  if (structured && sdk.datacontenttype === undefined && expected.datacontenttype === 'application/json') {
    delete expected.datacontenttype;
  }
  assert.deepEqual(sdkAttributes, expected);

  const data = sdk.data;
  if (data === undefined) {
    assert.equal(ours.data, undefined);
    return;
  }
  const text = ours.data!.toString('utf8');
  if (typeof data === 'string') {
    const json = isJsonContentType(ours.attributes.datacontenttype ?? 'application/json');
    assert.ok(
      data === text || (json && data === JSON.parse(text)),
      `data ${JSON.stringify(data)} vs ${text}`,
    );
  } else if (ArrayBuffer.isView(data)) {
    assert.deepEqual(Buffer.from(data.buffer, data.byteOffset, data.byteLength), ours.data);
  } else {
    assert.deepEqual(data, JSON.parse(text));
  }
}

for (const sample of dir ? yamlSamples(dir) : []) {
  for (const mode of sample.mode ? [sample.mode] : (['binary', 'structured'] as const)) {
    test(`cloudevents sdk agreement - ${mode} ${sample.name}`, () => {
      // The SDK does not percent-decode headers, so both get the values unencoded (no sample holds a "%").
      const { headers, body } = mode === 'binary' ? binaryRequest(sample, false) : structuredRequest(sample);
      assert.ok(!Object.values(headers).some((v) => v.includes('%')));
      const [ours] = parseHttpEvents(headers, Buffer.from(body));
      const sdk = HTTP.toEvent({ headers, body });
      assert.ok(!Array.isArray(sdk));
      assertAgrees(ours!, { ...sdk } as Record<string, unknown>, mode === 'structured');
    });
  }
}

test('cloudevents sdk agreement - samples found', { skip: dir === undefined && 'samples not found' }, () => {
  assert.ok(yamlSamples(dir!).length > 0);
});
