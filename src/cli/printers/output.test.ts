import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { NOW, service, serviceDef } from '../testing.js';
import { parseOutputMode, renderObjects } from './output.js';

const secretDef: KindDef = {
  group: '',
  kind: 'Secret',
  storedVersion: 'v1',
  versions: ['v1'],
  plural: 'secrets',
  singular: 'secret',
  shortNames: [],
  namespaced: true,
  hasStatus: false,
  conditionTypes: [],
};

const secret: KObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds', namespace: 'default' },
  data: { password: Buffer.from('hunter2').toString('base64') },
};

test('output - modes parse, unknown ones are an error listing the allowed ones', () => {
  assert.equal(parseOutputMode(undefined), 'table');
  assert.equal(parseOutputMode('wide'), 'wide');
  assert.throws(
    () => parseOutputMode('xml'),
    /output format "xml", allowed formats are: json, yaml, wide, name/,
  );
});

test('output - json/yaml print a single object as itself and several as a List', () => {
  const one = JSON.parse(renderObjects(serviceDef, [service('a')], { mode: 'json', single: true }));
  assert.equal(one.kind, 'Service');
  assert.equal(one.metadata.name, 'a');
  const many = parse(renderObjects(serviceDef, [service('a'), service('b')], { mode: 'yaml' }));
  assert.equal(many.apiVersion, 'v1');
  assert.equal(many.kind, 'List');
  assert.deepEqual(
    many.items.map((i: KObject) => i.metadata.name),
    ['a', 'b'],
  );
  const empty = JSON.parse(renderObjects(serviceDef, [], { mode: 'json' }));
  assert.deepEqual(empty, { apiVersion: 'v1', kind: 'List', items: [] });
});

test('output - name mode prints kind.group/name', () => {
  assert.equal(
    renderObjects(serviceDef, [service('order-service'), service('b')], { mode: 'name' }),
    'service.serving.knative.dev/order-service\nservice.serving.knative.dev/b\n',
  );
  assert.equal(renderObjects(secretDef, [secret], { mode: 'name' }), 'secret/creds\n');
});

test('output - table and wide', () => {
  const table = renderObjects(serviceDef, [service('a')], { mode: 'table', now: NOW });
  assert.match(table, /^NAME {3}URL\s+READY {3}AGE\na\s+http:\/\/a\.default\.localhost:8080\s+True\s+3m\n$/);
  assert.match(renderObjects(serviceDef, [service('a')], { mode: 'wide', now: NOW }), /LATESTCREATED/);
  assert.equal(renderObjects(serviceDef, [], { mode: 'table' }), '');
});

test('output - Secret values are redacted in json/yaml unless showSecrets', () => {
  for (const mode of ['json', 'yaml'] as const) {
    const text = renderObjects(secretDef, [secret], { mode, single: true });
    assert.doesNotMatch(text, /aHVudGVyMg/);
    assert.match(text, /REDACTED/);
  }
  const shown = JSON.parse(
    renderObjects(secretDef, [secret], { mode: 'json', single: true, showSecrets: true }),
  );
  assert.equal(shown.data.password, Buffer.from('hunter2').toString('base64'));
  const list = JSON.parse(renderObjects(secretDef, [secret, secret], { mode: 'json' }));
  assert.deepEqual(list.items[1].data, { password: 'REDACTED' });
});
