/**
 * kubectl speaks to Ebb: a real `kubectl` (test/helpers/kubectl.ts finds or installs it, else the suite
 * skips with the reason) with a kubeconfig from `ebb kubeconfig`, against a real `ebb up` running in
 * examples/hello (kubectl sets no ebb.dev/source-dir, so the Service's `node server.mjs` resolves there).
 * Every step is one everyday command checked as a user would, mostly through `ebb get`; the suite prints
 * how many of them work.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { type EbbProcess, repoPath, runCli, sharedDataPath, startEbb, tmpDataDir } from '../helpers/ebb.js';
import {
  findKubectl,
  type KubectlOptions,
  runKubectl,
  SEED_FILES,
  watchKubectl,
} from '../helpers/kubectl.js';

const found = findKubectl();
const skip = 'skip' in found ? found.skip : false;
const HELLO = repoPath('examples', 'hello', 'service.yaml');
/** The write-up's seed manifests (older API versions, the legacy sources.eventing.knative.dev group). */
const SEED = sharedDataPath('seed-sample');

describe('kubectl', { skip }, () => {
  let ebb: EbbProcess;
  let opts: KubectlOptions;
  let dir: string;
  const worked: string[] = [];
  const failed: string[] = [];
  const kubectl = async (...args: string[]) => {
    const res = await runKubectl((found as { path: string }).path, args, opts);
    assert.equal(res.code, 0, `kubectl ${args.join(' ')} failed:\n${res.stderr}${res.stdout}`);
    return res.stdout;
  };
  const kubectlFails = async (...args: string[]) => {
    const res = await runKubectl((found as { path: string }).path, args, opts);
    assert.notEqual(res.code, 0, `kubectl ${args.join(' ')} should fail:\n${res.stdout}`);
    return res.stderr;
  };
  const ebbGet = (...args: string[]) => runCli(['get', ...args], { server: ebb.apiUrl });
  /** One command as a test; counted as working when its checks pass. */
  const step = (name: string, fn: () => Promise<void>, skipStep: string | false = false) =>
    test(`kubectl - ${name}`, { skip: skipStep }, async () => {
      try {
        await fn();
        worked.push(name);
      } catch (err) {
        failed.push(name);
        throw err;
      }
    });

  before(async () => {
    dir = tmpDataDir('ebb-kubectl-');
    ebb = await startEbb({ cwd: repoPath('examples', 'hello') });
    const kubeconfig = join(dir, 'kubeconfig');
    const res = await runCli(['kubeconfig', '-o', kubeconfig], { server: ebb.apiUrl });
    assert.equal(res.code, 0, res.stderr);
    opts = { kubeconfig, cacheDir: join(dir, 'cache') };
    writeFileSync(join(dir, 'dry.yaml'), readFileSync(HELLO, 'utf8').replace('name: hello', 'name: dry'));
    writeFileSync(
      join(dir, 'typo.yaml'),
      readFileSync(HELLO, 'utf8')
        .replace('name: hello', 'name: typo')
        .replace(/^spec:/m, 'spek:'),
    );
  });

  after(async () => {
    await ebb?.stop();
    process.stdout.write(
      `kubectl commands that work: ${worked.length} of ${worked.length + failed.length}` +
        (failed.length ? ` (failing: ${failed.join('; ')})` : '') +
        '\n',
    );
  });

  step('ebb kubeconfig writes a kubeconfig for this Ebb', async () => {
    const config = parseYaml(readFileSync(opts.kubeconfig, 'utf8'));
    assert.equal(config['current-context'], 'ebb');
    assert.equal(config.clusters[0].cluster.server, ebb.apiUrl);
    assert.equal(config.contexts[0].context.namespace, 'default');
  });

  step('api-resources lists the Knative kinds with short names', async () => {
    const out = await kubectl('api-resources');
    assert.match(out, /^services\s+kservice,ksvc\s+serving\.knative\.dev\/v1\s+true\s+Service$/m);
    assert.match(out, /^brokers\s+.*eventing\.knative\.dev\/v1\s+true\s+Broker$/m);
    assert.match(out, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
  });

  step('version shows the server', async () => {
    assert.match(await kubectl('version'), /Server Version: v1\.\d+\.\d+\+ebb/);
  });

  step('apply -f examples/hello/service.yaml (default client-side validation)', async () => {
    assert.match(await kubectl('apply', '-f', HELLO), /service\.serving\.knative\.dev\/hello created/);
  });

  step('apply -f the same file again', async () => {
    assert.match(
      await kubectl('apply', '-f', HELLO),
      /service\.serving\.knative\.dev\/hello (configured|unchanged)/,
    );
  });

  step('apply of an unknown field is refused (fieldValidation=Strict)', async () => {
    assert.match(await kubectlFails('apply', '-f', join(dir, 'typo.yaml')), /unknown field "spek"/);
    assert.equal((await ebbGet('ksvc', 'typo')).code, 1);
  });

  step('wait --for=condition=Ready ksvc/hello', async () => {
    assert.match(
      await kubectl('wait', '--for=condition=Ready', 'ksvc/hello', '--timeout=30s'),
      /condition met/,
    );
  });

  step('get ksvc prints the CRD columns', async () => {
    const out = await kubectl('get', 'ksvc');
    assert.match(out, /^NAME\s+URL\s+LATESTCREATED\s+LATESTREADY\s+READY\s+REASON$/m);
    assert.match(out, /^hello\s+http:\/\/hello\.default\.\S+\s+hello-00001\s+hello-00001\s+True\s*$/m);
  });

  step('get rev -o wide adds the wide columns', async () => {
    assert.match(await kubectl('get', 'rev', '-o', 'wide'), /^NAME\s+CONFIG NAME\s+.*PANICKING\s+ACTIVE$/m);
  });

  step('get ksvc hello -o yaml', async () => {
    const obj = parseYaml(await kubectl('get', 'ksvc', 'hello', '-o', 'yaml'));
    assert.equal(obj.kind, 'Service');
    assert.equal(obj.status.conditions.find((c: any) => c.type === 'Ready').status, 'True');
  });

  step('get ksvc -o json', async () => {
    const list = JSON.parse(await kubectl('get', 'ksvc', '-o', 'json'));
    assert.deepEqual(
      list.items.map((o: any) => o.metadata.name),
      ['hello'],
    );
  });

  step('get ksvc -o jsonpath', async () => {
    assert.equal(await kubectl('get', 'ksvc', 'hello', '-o', 'jsonpath={.spec.traffic[0].percent}'), '100');
  });

  step('get all and get knative (categories)', async () => {
    const out = await kubectl('get', 'all');
    for (const kind of ['service', 'configuration', 'revision', 'route'])
      assert.match(out, new RegExp(`^${kind}\\.serving\\.knative\\.dev/hello`, 'm'));
    assert.match(await kubectl('get', 'knative'), /^service\.serving\.knative\.dev\/hello/m);
  });

  step('label, then get -l selects by it', async () => {
    await kubectl('label', 'ksvc', 'hello', 'team=a');
    assert.match(
      await kubectl('get', 'ksvc', '-l', 'team=a', '-o', 'name'),
      /^service\.serving\.knative\.dev\/hello$/m,
    );
    assert.equal(await kubectl('get', 'ksvc', '-l', 'team=b', '-o', 'name'), '');
  });

  step('get --field-selector metadata.name=x picks exactly x; other fields are refused', async () => {
    await kubectl('create', 'configmap', 'one', '--from-literal=a=1');
    await kubectl('create', 'configmap', 'two', '--from-literal=a=2');
    assert.equal(
      await kubectl('get', 'cm', '--field-selector', 'metadata.name=two', '-o', 'name'),
      'configmap/two\n',
    );
    assert.equal(await kubectl('get', 'ksvc', '--field-selector', 'metadata.name=nope', '-o', 'name'), '');
    assert.match(
      await kubectlFails('get', 'ksvc', '--field-selector', 'spec.x=1'),
      /field label not supported: spec\.x/,
    );
  });

  step('get -w streams changes', async () => {
    const watching = watchKubectl(
      (found as { path: string }).path,
      ['get', 'ksvc', '-w'],
      opts,
      /hello[\s\S]*hello/,
    );
    await new Promise((r) => setTimeout(r, 500));
    await kubectl('annotate', 'ksvc', 'hello', 'watched=yes');
    assert.match(await watching, /^NAME\s+URL/m);
  });

  step('apply --dry-run=server stores nothing', async () => {
    assert.match(
      await kubectl('apply', '--dry-run=server', '-f', join(dir, 'dry.yaml')),
      /created \(server dry run\)/,
    );
    assert.equal((await ebbGet('ksvc', 'dry')).code, 1);
  });

  step('apply --dry-run=server and diff of a change to hello change nothing', async () => {
    const changed = join(dir, 'changed.yaml');
    writeFileSync(changed, readFileSync(HELLO, 'utf8').replace('value: Ebb', 'value: Changed'));
    const before = JSON.parse((await ebbGet('ksvc', 'hello', '-o', 'json')).stdout);
    assert.match(await kubectl('apply', '--dry-run=server', '-f', changed), /configured \(server dry run\)/);
    const res = await runKubectl((found as { path: string }).path, ['diff', '-f', changed], opts);
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stdout, /^-\s+value: Ebb$/m);
    assert.match(res.stdout, /^\+\s+value: Changed$/m);
    const after = JSON.parse((await ebbGet('ksvc', 'hello', '-o', 'json')).stdout);
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
    assert.equal(after.spec.template.spec.containers[0].env[0].value, 'Ebb');
  });

  step('delete --dry-run=server deletes nothing', async () => {
    assert.match(await kubectl('delete', '--dry-run=server', 'ksvc', 'hello'), /deleted \(server dry run\)/);
    assert.equal((await ebbGet('ksvc', 'hello')).code, 0);
  });

  step('diff shows what apply would change, storing nothing', async () => {
    const res = await runKubectl(
      (found as { path: string }).path,
      ['diff', '-f', join(dir, 'dry.yaml')],
      opts,
    );
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stdout, /^\+\s+name: dry$/m);
    assert.equal((await ebbGet('ksvc', 'dry')).code, 1);
  });

  step('patch --type=merge', async () => {
    await kubectl(
      'patch',
      'ksvc',
      'hello',
      '--type=merge',
      '-p',
      '{"metadata":{"annotations":{"merged":"yes"}}}',
    );
    const obj = JSON.parse((await ebbGet('ksvc', 'hello', '-o', 'json')).stdout);
    assert.equal(obj.metadata.annotations.merged, 'yes');
  });

  step('patch --type=json', async () => {
    const ops = '[{"op":"add","path":"/metadata/labels/patched","value":"json"}]';
    await kubectl('patch', 'ksvc', 'hello', '--type=json', '-p', ops);
    const obj = JSON.parse((await ebbGet('ksvc', 'hello', '-o', 'json')).stdout);
    assert.equal(obj.metadata.labels.patched, 'json');
  });

  step('apply a ConfigMap twice (strategic merge patch), then replace', async () => {
    const file = join(dir, 'cm.yaml');
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "${v}"\n`;
    writeFileSync(file, cm('1'));
    await kubectl('apply', '-f', file);
    writeFileSync(file, cm('2'));
    assert.match(await kubectl('apply', '-f', file), /configmap\/cfg configured/);
    assert.equal(await kubectl('get', 'cm', 'cfg', '-o', 'jsonpath={.data.a}'), '2');
    writeFileSync(file, cm('3'));
    assert.match(await kubectl('replace', '-f', file), /configmap\/cfg replaced/);
    assert.equal(await kubectl('get', 'cm', 'cfg', '-o', 'jsonpath={.data.a}'), '3');
  });

  step('create namespace, secret generic and serviceaccount (protobuf bodies)', async () => {
    await kubectl('create', 'namespace', 'team');
    await kubectl('create', 'secret', 'generic', 'creds', '-n', 'team', '--from-literal=token=hunter2');
    await kubectl('create', 'serviceaccount', 'bot', '-n', 'team');
    const secret = JSON.parse((await ebbGet('secret', 'creds', '-n', 'team', '-o', 'json')).stdout);
    assert.deepEqual(Object.keys(secret.data), ['token']);
    assert.equal((await ebbGet('sa', 'bot', '-n', 'team')).code, 0);
  });

  step('create -f, then delete it', async () => {
    assert.match(
      await kubectl('create', '-f', join(dir, 'dry.yaml')),
      /service\.serving\.knative\.dev\/dry created/,
    );
    assert.match(await kubectl('delete', 'ksvc', 'dry'), /"dry" deleted/);
    assert.equal((await ebbGet('ksvc', 'dry')).code, 1);
  });

  step('auth can-i answers yes (Ebb has no authorization)', async () => {
    assert.equal(await kubectl('auth', 'can-i', 'create', 'ksvc'), 'yes\n');
  });

  step('auth whoami is system:anonymous', async () => {
    assert.match(await kubectl('auth', 'whoami'), /^Username\s+system:anonymous$/m);
  });

  step('edit ksvc hello (EDITOR)', async () => {
    const editor = join(dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i \'s/value: Ebb/value: Edited/\' "$1"\n', { mode: 0o755 });
    const res = await runKubectl((found as { path: string }).path, ['edit', 'ksvc', 'hello'], {
      ...opts,
      env: { EDITOR: editor },
    });
    assert.equal(res.code, 0, res.stderr);
    const obj = JSON.parse((await ebbGet('ksvc', 'hello', '-o', 'json')).stdout);
    assert.equal(obj.spec.template.spec.containers[0].env[0].value, 'Edited');
  });

  step('apply a v1alpha1 manifest twice (older versions are served)', async () => {
    const file = join(dir, 'v1alpha1.yaml');
    writeFileSync(
      file,
      readFileSync(join(dir, 'dry.yaml'), 'utf8')
        .replace(/\/v1$/m, '/v1alpha1')
        .replace('name: dry', 'name: old'),
    );
    assert.match(await kubectl('apply', '-f', file), /service\.serving\.knative\.dev\/old created/);
    assert.match(
      await kubectl('apply', '-f', file),
      /service\.serving\.knative\.dev\/old (configured|unchanged)/,
    );
    const obj = JSON.parse((await ebbGet('ksvc', 'old', '-o', 'json')).stdout);
    assert.equal(obj.metadata.generation, 1, 'the second apply changes nothing');
    await kubectl('delete', '-f', file);
  });

  step("apply examples/' eventing manifests twice, then delete -f them", async () => {
    const files = [
      'order-flow/broker.yaml',
      'order-flow/sequence.yaml',
      'order-flow/parallel.yaml',
      'monitoring/broker.yaml',
      'monitoring/triggers.yaml',
      'food-delivery/config.yaml',
    ].map((f) => repoPath('examples', ...f.split('/')));
    for (const round of ['created', '(configured|unchanged)']) {
      for (const file of files)
        assert.match(await kubectl('apply', '-f', file), new RegExp(` ${round}$`, 'm'), file);
    }
    assert.match(
      await kubectl('get', 'sequences,parallels', '-o', 'name'),
      /^sequence\.flows\.knative\.dev\//m,
    );
    for (const file of [...files].reverse()) await kubectl('delete', '-f', file);
  });

  step(
    "apply the write-up's seed manifests twice",
    async () => {
      for (const round of ['created', '(configured|unchanged)']) {
        for (const file of SEED_FILES) {
          assert.match(await kubectl('apply', '-f', join(SEED!, file)), new RegExp(` ${round}$`, 'm'), file);
        }
      }
      // As on a cluster, its Secret is refused: "xxx" is not base64.
      assert.match(await kubectlFails('apply', '-f', join(SEED!, '203-secret.yaml')), /illegal base64 data/);
      for (const file of [...SEED_FILES].reverse()) await kubectl('delete', '-f', join(SEED!, file));
    },
    SEED ? false : 'the seed manifests (../shared/data/seed-sample) are not here',
  );

  step('apply --server-side twice; another manager conflicts unless it forces', async () => {
    const file = join(dir, 'ssa.yaml');
    const other = join(dir, 'ssa-other.yaml');
    const ssa = readFileSync(HELLO, 'utf8').replace('name: hello', 'name: ssa');
    writeFileSync(file, ssa);
    writeFileSync(other, ssa.replace('value: Ebb', 'value: Other'));
    assert.match(await kubectl('apply', '--server-side', '-f', file), /ssa serverside-applied/);
    assert.match(await kubectl('apply', '--server-side', '-f', file), /ssa serverside-applied/);
    const conflict = await kubectlFails('apply', '--server-side', '--field-manager=other', '-f', other);
    assert.match(
      conflict,
      /conflict with "kubectl" using serving\.knative\.dev\/v1: \.spec\.template\.spec\.containers/,
    );
    await kubectl('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', other);
    const obj = JSON.parse((await ebbGet('ksvc', 'ssa', '-o', 'json')).stdout);
    assert.equal(obj.spec.template.spec.containers[0].env[0].value, 'Other');
    assert.deepEqual(
      obj.metadata.managedFields.map((e: any) => e.manager),
      ['other'],
    );
    await kubectl('delete', 'ksvc', 'ssa');
  });

  step('apply a ServiceAccount whose secrets change: merged by name, as on a cluster', async () => {
    const file = join(dir, 'sa.yaml');
    const sa = (names: string[]) =>
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\nsecrets:\n${names.map((n) => `- name: ${n}\n`).join('')}`;
    writeFileSync(file, sa(['a', 'b']));
    await kubectl('apply', '-f', file);
    await kubectl(
      'patch',
      'sa',
      'robot',
      '--type=merge',
      '-p',
      '{"secrets":[{"name":"a"},{"name":"b"},{"name":"byhand"}]}',
    );
    writeFileSync(file, sa(['b', 'c']));
    await kubectl('apply', '-f', file);
    const obj = JSON.parse((await ebbGet('sa', 'robot', '-o', 'json')).stdout);
    assert.deepEqual(obj.secrets.map((s: any) => s.name).sort(), ['b', 'byhand', 'c']);
  });

  step('describe ksvc hello', async () => {
    assert.match(await kubectl('describe', 'ksvc', 'hello'), /^Name:\s+hello$/m);
  });

  step('delete -f, then wait --for=delete', async () => {
    assert.match(await kubectl('delete', '-f', HELLO), /"hello" deleted/);
    await kubectl('wait', '--for=delete', 'ksvc/hello', '--timeout=10s');
    assert.equal((await ebbGet('ksvc', 'hello')).code, 1);
  });
});
