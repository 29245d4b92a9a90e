import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJsonContentType } from './attributes.js';
import {
  binaryRequest,
  conformanceDir,
  featureCases,
  structuredData,
  structuredRequest,
  yamlSamples,
} from './conformance-samples.js';
import { parseHttpEvents } from './parse.js';
import { toBinaryHttp, toStructuredHttp } from './write.js';

const dir = conformanceDir();
const skip = dir === undefined ? 'cloudevents-conformance samples not found' : false;
const samples = dir ? yamlSamples(dir) : [];

test('cloudevents conformance - the sample files hold events', { skip }, () => {
  assert.ok(samples.length >= 8, `found ${samples.length} samples`);
  assert.ok(samples.some((s) => s.mode === 'binary') && samples.some((s) => s.mode === 'structured'));
});

for (const sample of samples) {
  const modes = sample.mode ? [sample.mode] : (['binary', 'structured'] as const);

  if (modes.includes('binary')) {
    test(`cloudevents conformance - binary ${sample.name} keeps every attribute and the data`, () => {
      const { headers, body } = binaryRequest(sample);
      const [event] = parseHttpEvents(headers, Buffer.from(body));
      assert.deepEqual(event!.attributes, sample.attributes);
      assert.equal(event!.data?.toString('utf8'), sample.data);
      assert.equal(event!.attributes['user-agent'], undefined, 'transport headers are not attributes');
      const again = toBinaryHttp(event!);
      assert.deepEqual(parseHttpEvents(again.headers, again.body ?? Buffer.alloc(0)), [event]);
    });
  }

  if (modes.includes('structured')) {
    test(`cloudevents conformance - structured ${sample.name} keeps every attribute and the data`, () => {
      const { headers, body } = structuredRequest(sample);
      const [event] = parseHttpEvents(headers, Buffer.from(body));
      const expected = { ...sample.attributes };
      if (sample.data !== undefined) expected.datacontenttype ??= 'application/json';
      assert.deepEqual(event!.attributes, expected);
      const data = structuredData(sample);
      if (isJsonContentType(expected.datacontenttype ?? '')) {
        assert.deepEqual(JSON.parse(event!.data!.toString('utf8')), data);
      } else {
        assert.equal(event!.data?.toString('utf8'), data);
      }
      // Written back as structured JSON, the exact bytes and attributes come back again.
      const again = toStructuredHttp(event!);
      assert.deepEqual(parseHttpEvents(again.headers, again.body!), [event]);
    });
  }
}

for (const c of dir ? featureCases(dir) : []) {
  test(`cloudevents conformance - feature: ${c.name}`, () => {
    const [event] = parseHttpEvents(c.headers, c.body);
    assert.deepEqual(event!.attributes, c.attributes);
    assert.deepEqual(JSON.parse(event!.data!.toString('utf8')), c.dataJson);
  });
}

test('cloudevents conformance - the feature file yields both scenarios', { skip }, () => {
  assert.equal(featureCases(dir!).length, 4);
});
