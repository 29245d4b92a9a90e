import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../api/object.js';
import { withSourceDir } from './source-dir.js';

const KEY = 'ebb.dev/source-dir';

const ksvc = (): KObject => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello', annotations: { team: 'a' } },
  spec: { template: { spec: { containers: [{ command: ['node', 'server.mjs'] }] } } },
});

test('source dir - a Service records the folder on itself and on its revision template', () => {
  const input = ksvc();
  const out = withSourceDir(input, '/home/u/hello');
  assert.deepEqual(out.metadata.annotations, { team: 'a', [KEY]: '/home/u/hello' });
  assert.deepEqual(out.spec.template.metadata, { annotations: { [KEY]: '/home/u/hello' } });
  assert.equal(input.metadata.annotations?.[KEY], undefined, 'the input is not changed');
  assert.equal(input.spec.template.metadata, undefined);
});

test('source dir - a Configuration gets the template annotation; other kinds only metadata', () => {
  const config = withSourceDir({ ...ksvc(), kind: 'Configuration' }, '/d');
  assert.equal(config.spec.template.metadata.annotations[KEY], '/d');
  const cm = withSourceDir({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, '/d');
  assert.deepEqual(cm.metadata.annotations, { [KEY]: '/d' });
  const source = withSourceDir(
    {
      apiVersion: 'sources.knative.dev/v1',
      kind: 'ContainerSource',
      metadata: { name: 's' },
      spec: { template: { spec: {} } },
    },
    '/d',
  );
  assert.equal(source.spec.template.metadata, undefined, 'only serving templates become revisions');
});

test('source dir - a value the manifest carries is kept, a relative one resolved against the folder', () => {
  const svc = ksvc();
  svc.metadata.annotations = { [KEY]: '../src' };
  const out = withSourceDir(svc, '/repo/deploy');
  assert.equal(out.metadata.annotations?.[KEY], '/repo/src');
  assert.equal(out.spec.template.metadata.annotations[KEY], '/repo/src', 'the template follows the object');
  const exported = ksvc();
  exported.metadata.annotations = { [KEY]: '/srv/hello' };
  exported.spec.template.metadata = { annotations: { [KEY]: '/srv/hello' } };
  const again = withSourceDir(exported, '/tmp');
  assert.equal(again.spec.template.metadata.annotations[KEY], '/srv/hello', 'get -o yaml output round-trips');
});
