import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../../api/object.js';
import { EBB_CLI } from '../../../serving/runtime/command.js';
import type { RuntimeSources } from '../../revision/resources/runtime-revision.js';
import { buildAdapter } from './adapter.js';

const SINK = 'http://127.0.0.1:8080/default/default';
const sources: RuntimeSources = {
  secret: (name) => (name === 'mq' ? { secret: 's3cret' } : undefined),
  configMap: (name) => (name === 'mq-config' ? { ROCKETMQ_TOPIC: 'orders' } : undefined),
  images: { images: 'example.com/adapter: node adapter.js' },
};
const source = (container: Record<string, unknown>, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'ContainerSource',
  metadata: { name: 'orders', namespace: 'shop', annotations: { 'ebb.dev/source-dir': '/srv/app' } },
  spec: { template: { spec: { containers: [{ name: 'orders-0', ...container }] } }, ...extra },
});

test('containersource adapter - env as a revision builds it, plus K_SINK and K_CE_OVERRIDES, no K_REVISION', () => {
  const out = buildAdapter(
    source(
      {
        command: ['ebb', 'adapter', 'rocketmq'],
        envFrom: [{ configMapRef: { name: 'mq-config' } }],
        env: [
          { name: 'ROCKETMQ_SECRET_KEY', valueFrom: { secretKeyRef: { name: 'mq', key: 'secret' } } },
          { name: 'K_SINK', value: 'http://overridden/' },
        ],
      },
      { ceOverrides: { extensions: { team: 'shop' } } },
    ),
    SINK,
    sources,
  );
  assert.ok(out.ok);
  const { env } = out.revision;
  assert.deepEqual(
    { ...env },
    {
      ROCKETMQ_TOPIC: 'orders',
      ROCKETMQ_SECRET_KEY: 's3cret',
      K_SINK: SINK,
      K_CE_OVERRIDES: '{"extensions":{"team":"shop"}}',
    },
  );
  assert.deepEqual(out.revision.command, ['ebb', 'adapter', 'rocketmq']);
  assert.equal(out.revision.key, 'shop/orders');
  assert.equal(out.revision.baseDir, '/srv/app');
  assert.equal(out.revision.defaultReadiness, 'started');
  assert.ok(EBB_CLI.endsWith('main.js'), 'ebb maps to the CLI when the runtime spawns it');
});

test('containersource adapter - an image mapped in config-ebb-images runs its command; the grace period applies', () => {
  const obj = source({ image: 'example.com/adapter', args: ['--fast'] });
  obj.spec.template.spec.terminationGracePeriodSeconds = 5;
  const out = buildAdapter(obj, SINK, sources);
  assert.ok(out.ok);
  assert.deepEqual(out.revision.command, ['node', 'adapter.js', '--fast']);
  assert.equal(out.revision.baseDir, undefined, 'a mapped command runs where ebb up runs');
  assert.equal(out.revision.terminationGracePeriodSeconds, 5);
  assert.equal(out.revision.env.K_CE_OVERRIDES, '', 'set, empty, without ceOverrides');
});

test('containersource adapter - a missing Secret or an unmapped image is a Knative reason', () => {
  const secret = buildAdapter(
    source({
      command: ['node', 'a.js'],
      env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } }],
    }),
    SINK,
    sources,
  );
  assert.deepEqual(secret, {
    ok: false,
    reason: 'CreateContainerConfigError',
    message: 'secret "absent" not found',
  });
  const image = buildAdapter(source({ image: 'example.com/unknown' }), SINK, sources);
  assert.equal(image.ok, false);
  assert.equal((image as { reason: string }).reason, 'ContainerMissing');
});
