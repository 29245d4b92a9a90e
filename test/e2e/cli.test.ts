/**
 * The CLI end to end: `ebb up` on free ports, then apply, get, describe, wait and delete through the built
 * `ebb` binary, as a user would type them. `ebb up` runs in a folder of its own, so nothing here leans on
 * the repository root being its working directory.
 */
import assert from 'node:assert/strict';
import { realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type EbbProcess, runCli, sharedDataPath, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { ingressGet } from '../helpers/http.js';

let ebb: EbbProcess;
const cli = (args: string[], input?: string) =>
  runCli(args, { server: ebb.apiUrl, ...(input !== undefined ? { input } : {}) });

before(async () => {
  ebb = await startEbb({ cwd: tmpDataDir('ebb-up-cwd-') });
});
after(() => ebb?.stop());

const SEED = sharedDataPath('seed-sample');

const secretYaml = (name: string, value: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\ntype: Opaque\ndata:\n  token: ${Buffer.from(value).toString('base64')}\n`;

test('cli - apply of the seed sample creates all but the invalid Secret, then reports unchanged', {
  skip: !SEED,
}, async () => {
  const first = await cli(['apply', '-f', SEED!]);
  assert.equal(first.code, 1, first.stderr);
  assert.match(
    first.stderr,
    /^Error from server \(Invalid\): error when applying ".*203-secret\.yaml": .*\n(?: {2}.*\n)*? {2}data\.alirocketmqsource: /m,
  );
  assert.equal(first.stderr.match(/^Error from server/gm)?.length, 1, first.stderr);
  for (const line of [
    /^serviceaccount\/alirocketmqsource-sa created$/m,
    /^clusterrolebinding\.rbac\.authorization\.k8s\.io\/eventing-sources-rocketmqsource created$/m,
    /^rocketmqsource\.sources(?:\.eventing)?\.knative\.dev\/rocketmqsource created$/m,
    /^broker\.eventing\.knative\.dev\/order created$/m,
    /^service\.serving\.knative\.dev\/order-service created$/m,
    /^trigger\.eventing\.knative\.dev\/order-service-trigger created$/m,
  ]) {
    assert.match(first.stdout, line);
  }

  const again = await cli(['apply', '-f', SEED!]);
  assert.equal(again.code, 1);
  assert.match(again.stdout, /^service\.serving\.knative\.dev\/order-service (?:unchanged|configured)$/m);
  assert.match(again.stdout, /^broker\.eventing\.knative\.dev\/order (?:unchanged|configured)$/m);
});

test('cli - get prints tables, names, json and yaml; a missing object is NotFound', {
  skip: !SEED,
}, async () => {
  const table = await cli(['get', 'ksvc']);
  assert.equal(table.code, 0, table.stderr);
  const [header, ...rows] = table.stdout.trimEnd().split('\n');
  assert.match(header!, /^NAME {3,}.*AGE$/);
  assert.ok(rows.some((r) => r.startsWith('order-service ')));

  const all = await cli(['get', 'ksvc', '-A']);
  assert.match(all.stdout, /^NAMESPACE {3}NAME/);
  assert.match(all.stdout, /^default {5}order-service /m);

  const name = await cli(['get', 'services.serving.knative.dev', 'order-service', '-o', 'name']);
  assert.equal(name.stdout, 'service.serving.knative.dev/order-service\n');

  const json = JSON.parse((await cli(['get', 'ksvc', 'order-service', '-o', 'json'])).stdout);
  assert.equal(json.apiVersion, 'serving.knative.dev/v1');
  assert.equal(json.kind, 'Service');
  assert.equal(json.spec.template.spec.containerConcurrency, 10);

  const list = await cli(['get', 'broker', '-o', 'yaml']);
  assert.match(list.stdout, /^apiVersion: v1\nkind: List\nitems:\n/);

  const missing = await cli(['get', 'ksvc', 'nope']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^Error from server \(NotFound\): .*"nope" not found/);

  const unknown = await cli(['get', 'widgets']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /the server doesn't have a resource type "widgets"/);
});

test('cli - secrets are redacted in get and describe unless --show-secrets', async () => {
  const applied = await cli(['apply', '-f', '-'], secretYaml('api-token', 'hunter2'));
  assert.equal(applied.code, 0, applied.stderr);
  assert.equal(applied.stdout, 'secret/api-token created\n');
  const encoded = Buffer.from('hunter2').toString('base64');

  const yaml = await cli(['get', 'secret', 'api-token', '-o', 'yaml']);
  assert.equal(yaml.code, 0, yaml.stderr);
  assert.match(yaml.stdout, /token: REDACTED/);
  assert.doesNotMatch(yaml.stdout, new RegExp(encoded));
  const shown = JSON.parse(
    (await cli(['get', 'secret', 'api-token', '-o', 'json', '--show-secrets'])).stdout,
  );
  assert.equal(shown.data.token, encoded);

  const described = await cli(['describe', 'secret', 'api-token']);
  assert.equal(described.code, 0, described.stderr);
  assert.match(described.stdout, /^Data:\n {2}token:\s+7 bytes$/m);
  assert.doesNotMatch(described.stdout, new RegExp(encoded));
});

test('cli - an invalid object is refused with its field causes, the rest of the file applies', async () => {
  const manifest = `${secretYaml('good-one', 'x')}---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  template:\n    spec:\n      containerConcurrency: -1\n      containers:\n      - image: hello\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n`;
  const res = await cli(['apply', '-f', '-'], manifest);
  assert.equal(res.code, 1);
  assert.match(res.stdout, /^secret\/good-one created$/m);
  assert.match(
    res.stderr,
    /Error from server \(Invalid\): error when applying "STDIN": .*\n {2}spec\.template\.spec\.containerConcurrency: /,
  );
  assert.match(
    res.stderr,
    /unable to recognize "STDIN": no matches for kind "Widget" in version "example\.com\/v1"/,
  );
});

test('cli - apply -f from another folder runs the command next to the manifest; describe shows the folder', async () => {
  const app = realpathSync(tmpDataDir('ebb-app-'));
  writeFileSync(
    join(app, 'server.mjs'),
    "import { createServer } from 'node:http';\n" +
      "createServer((_q, s) => s.end('cwd=' + process.cwd())).listen(Number(process.env.PORT));\n",
  );
  writeFileSync(
    join(app, 'service.yaml'),
    'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: from-folder\nspec:\n  template:\n' +
      '    spec:\n      containers:\n        - image: ebb.dev/test/from-folder\n          command: ["node", "server.mjs"]\n',
  );
  const elsewhere = tmpDataDir('ebb-elsewhere-');
  const applied = await runCli(['apply', '-f', join(app, 'service.yaml')], {
    server: ebb.apiUrl,
    cwd: elsewhere,
  });
  assert.equal(applied.code, 0, applied.stderr);
  const ready = await cli(['wait', 'ksvc', 'from-folder', '--timeout', '30s']);
  assert.equal(ready.code, 0, `${ready.stdout}${ready.stderr}\n${ebb.output().slice(-2000)}`);
  const res = await ingressGet(ebb.ingressUrl, 'from-folder.default.localhost');
  assert.equal(res.status, 200);
  assert.equal(res.text, `cwd=${app}`);

  const described = await cli(['describe', 'ksvc', 'from-folder']);
  assert.equal(described.code, 0, described.stderr);
  const line = described.stdout.split('\n').find((l) => l.startsWith('Source Dir:'));
  assert.equal(line?.replace(/^Source Dir:\s+/, ''), app, described.stdout);
  const rev = JSON.parse((await cli(['get', 'revision', 'from-folder-00001', '-o', 'json'])).stdout);
  assert.equal(rev.metadata.annotations['ebb.dev/source-dir'], app, 'the Revision carries the folder');
  assert.equal((await cli(['delete', 'ksvc', 'from-folder'])).code, 0);
});

test('cli - describe shows metadata, spec, conditions and revisions of a Service', {
  skip: !SEED,
}, async () => {
  const res = await cli(['describe', 'ksvc', 'order-service']);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^Name:\s+order-service$/m);
  assert.match(res.stdout, /^Namespace:\s+default$/m);
  assert.match(res.stdout, /^API Version:\s+serving\.knative\.dev\/v1$/m);
  assert.match(res.stdout, /^Spec:\n {2}template:/m);
  assert.match(res.stdout, /^ {6}containerConcurrency: 10$/m);
  assert.match(res.stdout, /^Revisions:/m);
});

test('cli - wait times out naming the object and the condition', { skip: !SEED }, async () => {
  const res = await cli([
    'wait',
    'ksvc',
    'order-service',
    '--for',
    'condition=NeverTrue',
    '--timeout',
    '500ms',
  ]);
  assert.equal(res.code, 1);
  assert.match(
    res.stderr,
    /^error: timed out waiting for the condition on services\/order-service\n {2}no NeverTrue condition/,
  );
});

test('cli - delete by name and by file, wait --for=delete, --ignore-not-found', { skip: !SEED }, async () => {
  const del = await cli(['delete', 'ksvc', 'order-service']);
  assert.equal(del.code, 0, del.stderr);
  assert.equal(del.stdout, 'service.serving.knative.dev "order-service" deleted\n');
  const gone = await cli(['wait', 'ksvc/order-service', '--for=delete', '--timeout', '10s']);
  assert.equal(gone.code, 0, gone.stderr);
  assert.equal(gone.stdout, 'service.serving.knative.dev/order-service condition met\n');

  const again = await cli(['delete', 'ksvc', 'order-service']);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^Error from server \(NotFound\): /);
  assert.equal((await cli(['delete', 'ksvc', 'order-service', '--ignore-not-found'])).code, 0);

  const byFile = await cli(['delete', '-f', SEED!, '--ignore-not-found']);
  assert.equal(byFile.code, 0, byFile.stderr);
  assert.match(byFile.stdout, /^broker\.eventing\.knative\.dev "order" deleted$/m);
  assert.match(byFile.stdout, /^trigger\.eventing\.knative\.dev "order-service-trigger" deleted$/m);
});

test('cli - an unreachable server says how to start Ebb', async () => {
  const res = await runCli(['get', 'ksvc'], { server: 'http://127.0.0.1:9' });
  assert.equal(res.code, 1);
  assert.equal(
    res.stderr,
    'error: cannot reach the Ebb API at http://127.0.0.1:9: is `ebb up` running? (set --server or EBB_SERVER)\n',
  );
});

test('cli - up refuses a port in use, naming it and the flag', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const res = await runCli(
      ['up', '--data-dir', tmpDataDir(), '--api-port', String(port), '--ingress-port', '0'],
      {
        server: ebb.apiUrl,
      },
    );
    assert.equal(res.code, 1);
    assert.match(res.stderr, new RegExp(`port ${port}.*already in use.*--api-port`));
  } finally {
    blocker.close();
  }
});

test('cli - up stops cleanly on SIGTERM', async () => {
  const other = await startEbb();
  assert.match(other.apiUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(await other.stop(), 0);
  assert.match(
    other.output(),
    /Ebb is up\.\n {2}API: {6}http\S+\n {2}Ingress: {2}http\S+\n {2}Data: {5}\S+\n {2}RocketMQ: none yet .*ebb rocketmq up.*\nPress Ctrl\+C to stop\.\n/,
  );
  assert.match(other.output(), /Stopping…/);
});
