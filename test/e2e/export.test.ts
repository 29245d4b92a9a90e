/**
 * `ebb export` against a real `ebb up` running examples/food-delivery: the exported manifests are what a
 * Knative cluster would take — every Service passes Knative Serving's own SetDefaults + Validate
 * (test/knative/admission, skipped without Go), every eventing object validates against Knative's CRD
 * schema (../shared/data/knative-crds, with ajv; skipped when that folder is absent), no status or
 * server-set metadata is left, and each deviation is a comment: the functions' local commands are gone
 * (their images serve them), the RocketMQSource becomes a ContainerSource running Ebb's adapter.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { loadCrdSchemas } from '../helpers/crd-schemas.js';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { buildKnativeProgram, goToolchain, runKnativeProgram } from '../helpers/knative-go.js';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );

describe('export', { timeout: 240_000 }, () => {
  let ebb: EbbProcess;
  const out = tmpDataDir('ebb-export-');
  const exported: { file: string; obj: any; text: string }[] = [];

  before(async () => {
    ebb = await startEbb();
    const applied = await runCli(['apply', '-f', 'examples/food-delivery/'], { server: ebb.apiUrl });
    assert.equal(applied.code, 0, applied.stderr);
    const run = await runCli(
      ['export', '-o', out, '--rocketmq-adapter-image', 'registry.example.com/ebb-rocketmq-adapter:0.1'],
      { server: ebb.apiUrl },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /exported \d+ objects/);
    for (const file of files(out)) {
      const text = readFileSync(file, 'utf8');
      exported.push({ file, obj: parseYaml(text), text });
    }
  });
  after(() => ebb?.stop());

  test('what is exported: the application, without status, server metadata or owned children', () => {
    const kinds = exported.map((e) => `${e.obj.kind}/${e.obj.metadata.name}`).sort();
    for (const want of [
      'Service/order-service',
      'Broker/order',
      'Trigger/order-service-trigger',
      'ContainerSource/orders',
    ])
      assert.ok(kinds.includes(want), `${want} exported (got ${kinds.join(', ')})`);
    assert.ok(!kinds.some((k) => k.startsWith('Revision/') || k.startsWith('Route/')), 'no owned children');
    for (const { obj, file } of exported) {
      assert.equal(obj.status, undefined, `${file}: no status`);
      for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'ownerReferences'])
        assert.equal(obj.metadata[k], undefined, `${file}: no metadata.${k}`);
      for (const a of Object.keys(obj.metadata.annotations ?? {}))
        assert.ok(!a.startsWith('ebb.dev/'), `${file}: Ebb annotation ${a} dropped`);
    }
    const svc = exported.find((e) => e.obj.kind === 'Service' && e.obj.metadata.name === 'order-service')!;
    assert.equal(svc.obj.spec.template.spec.containers[0].command, undefined, 'the local command is gone');
    assert.match(svc.text, /# ebb export: .*ran `ebb func serve/);
    const src = exported.find((e) => e.obj.kind === 'ContainerSource')!;
    const env = Object.fromEntries(
      src.obj.spec.template.spec.containers[0].env.map((v: any) => [v.name, v.value]),
    );
    assert.equal(env.ROCKETMQ_TOPIC, 'topic-knative');
    assert.equal(env.ROCKETMQ_CONSUMER_GROUP, 'GID_Knative');
    assert.match(src.text, /# ebb export: .*ROCKETMQ_ENDPOINTS/);
  });

  const go = goToolchain();
  test("every exported Service passes Knative Serving's own admission", {
    skip: go ? false : 'Go is not installed',
  }, async () => {
    const binary = await buildKnativeProgram(go!, 'admission', (l) => console.log(l));
    const services = exported.filter((e) => e.obj.apiVersion === 'serving.knative.dev/v1').map((e) => e.obj);
    assert.ok(services.length >= 4, 'the four functions');
    const verdicts = runKnativeProgram<{ errors: { message: string; paths?: string[]; level: string }[] }[]>(
      binary,
      services,
    );
    verdicts.forEach((v, i) => {
      const errors = v.errors.filter((e) => e.level === 'Error');
      assert.deepEqual(errors, [], `${services[i].metadata.name}: ${JSON.stringify(errors)}`);
    });
  });

  const crds = loadCrdSchemas('eventing');
  test("every exported eventing object validates against Knative's CRD schema", {
    skip: crds ? false : 'the Knative CRD schemas (../shared/data/knative-crds) are not here',
  }, () => {
    let checked = 0;
    for (const { obj, file } of exported) {
      const errors = crds!.check(obj);
      if (errors === undefined) continue;
      assert.deepEqual(errors, [], `${file}`);
      checked++;
    }
    assert.ok(checked >= 5, `eventing objects checked against their CRDs (${checked})`);
  });
});
