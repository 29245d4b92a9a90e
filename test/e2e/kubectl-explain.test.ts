/**
 * `kubectl explain` below the top level: a real `kubectl` (test/helpers/kubectl.ts) against a real
 * `ebb up` reads the schemas of Ebb's OpenAPI v3 (src/apiserver/kube/schemas/) for the serving kinds,
 * Broker and Trigger. The same kubectl then applies every example folder and the write-up's seed
 * manifests with its default validation, so the described schemas refuse nothing Ebb accepts.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type EbbProcess, repoPath, runCli, sharedDataPath, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { findKubectl, type KubectlOptions, runKubectl, SEED_FILES } from '../helpers/kubectl.js';

const found = findKubectl();
const skip = 'skip' in found ? found.skip : false;
const SEED = sharedDataPath('seed-sample');
/** Example folders that hold Kubernetes manifests (examples/functions holds func.yaml files only). */
const EXAMPLE_FOLDERS = readdirSync(repoPath('examples'), { withFileTypes: true })
  .filter(
    (e) => e.isDirectory() && readdirSync(repoPath('examples', e.name)).some((f) => f.endsWith('.yaml')),
  )
  .map((e) => e.name);

/** The names of the fields `kubectl explain` lists under FIELDS, with their types. */
function fieldsOf(out: string): Map<string, string> {
  const fields = out.slice(out.indexOf('FIELDS:'));
  return new Map([...fields.matchAll(/^ {2}(\S+)\t<([^>]+)>/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('kubectl explain', { skip }, () => {
  let ebb: EbbProcess;
  let opts: KubectlOptions;
  const kubectl = async (...args: string[]) => {
    const res = await runKubectl((found as { path: string }).path, args, opts);
    assert.equal(res.code, 0, `kubectl ${args.join(' ')} failed:\n${res.stderr}${res.stdout}`);
    return res.stdout;
  };
  const explain = async (path: string) => {
    const out = await kubectl('explain', path);
    return { out, fields: fieldsOf(out) };
  };

  before(async () => {
    const dir = tmpDataDir('ebb-kubectl-explain-');
    ebb = await startEbb({ cwd: repoPath('examples', 'hello') });
    const kubeconfig = join(dir, 'kubeconfig');
    const res = await runCli(['kubeconfig', '-o', kubeconfig], { server: ebb.apiUrl });
    assert.equal(res.code, 0, res.stderr);
    opts = { kubeconfig, cacheDir: join(dir, 'cache') };
  });

  after(async () => {
    await ebb?.stop();
  });

  test('kubectl explain - ksvc.spec.template lists metadata and spec', async () => {
    const { out, fields } = await explain('ksvc.spec.template');
    assert.match(out, /^KIND:\s+Service$/m);
    assert.match(out, /^FIELD:\s+template <Object>$/m);
    assert.match(out, /every change to it creates a\s+new Revision/);
    assert.equal(fields.get('metadata'), 'Object');
    assert.equal(fields.get('spec'), 'Object');
  });

  test('kubectl explain - ksvc.spec.template.spec: containers are required, with Knative fields', async () => {
    const { out, fields } = await explain('ksvc.spec.template.spec');
    assert.match(out, /^ {2}containers\t<\[\]Object> -required-$/m);
    assert.equal(fields.get('containerConcurrency'), 'integer');
    assert.equal(fields.get('timeoutSeconds'), 'integer');
    assert.equal(fields.get('volumes'), '[]Object');
  });

  test("kubectl explain - ksvc.spec.template.spec.containers describes a container's fields", async () => {
    const { out, fields } = await explain('ksvc.spec.template.spec.containers');
    assert.match(out, /^FIELD:\s+containers <\[\]Object>$/m);
    for (const [name, type] of [
      ['image', 'string'],
      ['command', '[]string'],
      ['args', '[]string'],
      ['env', '[]Object'],
      ['envFrom', '[]Object'],
      ['ports', '[]Object'],
      ['readinessProbe', 'Object'],
      ['resources', 'Object'],
      ['volumeMounts', '[]Object'],
    ]) {
      assert.equal(fields.get(name!), type, `containers.${name}`);
    }
    const env = await explain('ksvc.spec.template.spec.containers.env');
    assert.match(env.out, /^ {2}name\t<string> -required-$/m);
    assert.equal(env.fields.get('valueFrom'), 'Object');
    const port = await explain('ksvc.spec.template.spec.containers.readinessProbe.httpGet.port');
    assert.match(port.out, /^FIELD:\s+port <string>$/m);
    assert.match(port.out, /Port number or name/);
  });

  test('kubectl explain - ksvc.spec.traffic and route.spec.traffic describe traffic targets', async () => {
    for (const path of ['ksvc.spec.traffic', 'route.spec.traffic']) {
      const { out, fields } = await explain(path);
      assert.match(out, /^FIELD:\s+traffic <\[\]Object>$/m, path);
      assert.equal(fields.get('percent'), 'integer', path);
      assert.equal(fields.get('revisionName'), 'string', path);
      assert.equal(fields.get('configurationName'), 'string', path);
      assert.equal(fields.get('latestRevision'), 'boolean', path);
      assert.equal(fields.get('tag'), 'string', path);
    }
  });

  test('kubectl explain - configuration, revision and their status', async () => {
    assert.equal((await explain('configuration.spec.template')).fields.get('spec'), 'Object');
    assert.match((await explain('rev.spec')).out, /^ {2}containers\t<\[\]Object> -required-$/m);
    const status = await explain('ksvc.status');
    assert.equal(status.fields.get('latestReadyRevisionName'), 'string');
    assert.equal(status.fields.get('conditions'), '[]Object');
    assert.equal((await explain('rev.status.containerStatuses')).fields.get('imageDigest'), 'string');
  });

  test('kubectl explain - trigger.spec.filter, subscriber and delivery; broker.spec', async () => {
    const filter = await explain('trigger.spec.filter');
    assert.match(filter.out, /^FIELD:\s+filter <Object>$/m);
    assert.equal(filter.fields.get('attributes'), 'Object');
    const spec = await explain('trigger.spec');
    assert.match(spec.out, /^ {2}subscriber\t<Object> -required-$/m);
    assert.equal(spec.fields.get('broker'), 'string');
    assert.equal(spec.fields.get('filters'), '[]Object');
    const filters = await explain('trigger.spec.filters');
    for (const dialect of ['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql']) {
      assert.ok(filters.fields.has(dialect), `filters.${dialect}`);
    }
    const subscriber = await explain('trigger.spec.subscriber');
    assert.equal(subscriber.fields.get('ref'), 'Object');
    assert.equal(subscriber.fields.get('uri'), 'string');
    const delivery = await explain('broker.spec.delivery');
    assert.equal(delivery.fields.get('retry'), 'integer');
    assert.equal(delivery.fields.get('backoffPolicy'), 'string');
    assert.equal(delivery.fields.get('deadLetterSink'), 'Object');
  });

  test('kubectl explain - kinds without described schemas still explain their top level', async () => {
    assert.equal((await explain('pingsource')).fields.get('spec'), 'Object');
  });

  test('kubectl explain - every example folder applies with default validation (server dry run)', async () => {
    assert.ok(EXAMPLE_FOLDERS.length >= 5, `example folders: ${EXAMPLE_FOLDERS.join(', ')}`);
    for (const folder of EXAMPLE_FOLDERS) {
      const out = await kubectl('apply', '--dry-run=server', '-f', repoPath('examples', folder));
      assert.match(out, / created \(server dry run\)$/m, folder);
    }
  });

  test('kubectl explain - examples/hello and the seed manifests apply for real, twice', async () => {
    const files = [
      repoPath('examples', 'hello', 'service.yaml'),
      ...(SEED ? SEED_FILES.map((f) => join(SEED, f)) : []),
    ];
    for (const round of ['created', '(configured|unchanged)']) {
      for (const file of files) {
        assert.match(await kubectl('apply', '-f', file), new RegExp(` ${round}$`, 'm'), file);
      }
    }
    for (const file of [...files].reverse()) await kubectl('delete', '-f', file);
  });
});
