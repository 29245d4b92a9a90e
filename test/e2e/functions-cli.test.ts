/**
 * `ebb func` end to end, as a user types it: `create` of each template (TypeScript and JavaScript, HTTP and
 * CloudEvents) whose own `npm test` then passes with nothing installed; the examples' own tests; and,
 * against one `ebb up`, `deploy` of examples/functions/hello-ts answering through the router and `invoke`
 * printing it, a redeploy after a code change making a new Revision (and an unchanged one not), and
 * `invoke --cloudevent` of echo-event printing the reply event.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI_PATH, type EbbProcess, repoPath, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { ingressGet } from '../helpers/http.js';

const NPM_TEST_TIMEOUT_MS = 60_000;
const HAS_NPM = spawnSync('npm', ['--version'], { stdio: 'ignore' }).status === 0;
const NO_NPM = HAS_NPM ? false : 'npm is not on the PATH';

/** `npm test` in `dir`; resolves with its exit code and output. */
function npmTest(
  dir: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['test'], {
      cwd: dir,
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm test in ${dir} did not finish within ${NPM_TEST_TIMEOUT_MS} ms:\n${output}`));
    }, NPM_TEST_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * The environment for a nested `npm test`: without NODE_TEST_CONTEXT, which this test runner sets and which
 * makes a nested `node --test` skip its files.
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/** A copy of a function folder without its node_modules (the compile cache). */
function copyFunction(from: string, to: string): string {
  cpSync(from, to, { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('node_modules') });
  return to;
}

describe('func create', () => {
  const root = tmpDataDir('ebb-func-create-');
  const offline = { server: 'http://127.0.0.1:1' };

  for (const language of ['typescript', 'javascript']) {
    for (const template of ['http', 'cloudevents']) {
      test(`func cli - create --language ${language} --template ${template} passes its own npm test`, {
        skip: NO_NPM,
      }, async () => {
        const name = `fn-${language}-${template}`;
        const dir = join(root, name);
        const created = await runCli(
          ['func', 'create', dir, '--language', language, '--template', template],
          offline,
        );
        assert.equal(created.code, 0, created.stderr);
        assert.match(
          created.stdout,
          new RegExp(`^Created ${language} ${template} function ${name} in `, 'm'),
        );
        const yaml = readFileSync(join(dir, 'func.yaml'), 'utf8');
        assert.match(yaml, new RegExp(`^name: ${name}$`, 'm'));
        assert.match(
          yaml,
          new RegExp(`^runtime: ${language === 'typescript' ? 'typescript' : 'node'}$`, 'm'),
        );
        assert.match(yaml, new RegExp(`^invoke: ${template === 'http' ? 'http' : 'cloudevent'}$`, 'm'));
        const result = await npmTest(dir, { EBB_CLI: CLI_PATH });
        assert.equal(result.code, 0, result.output);
        assert.match(result.output, /^# fail 0$/m, result.output);
      });
    }
  }

  test('func cli - create refuses a non-empty folder and a name that cannot be a Service', async () => {
    const dir = join(root, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const taken = await runCli(['func', 'create', dir], offline);
    assert.equal(taken.code, 1);
    assert.match(
      taken.stderr,
      /^error: .*taken is not empty: ebb func create writes into a new or empty folder only$/m,
    );
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
    const bad = await runCli(['func', 'create', join(root, 'Bad_Name')], offline);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /"Bad_Name" cannot name a function/);
  });

  for (const example of ['hello-ts', 'echo-event']) {
    test(`func cli - examples/functions/${example} passes its own npm test`, { skip: NO_NPM }, async () => {
      const result = await npmTest(repoPath('examples', 'functions', example));
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /^# fail 0$/m, result.output);
    });
  }
});

describe('func deploy and invoke', () => {
  let ebb: EbbProcess;
  const cli = (args: string[]) => runCli(args, { server: ebb.apiUrl, timeoutMs: 120_000 });

  before(async () => {
    ebb = await startEbb({ cwd: tmpDataDir('ebb-up-cwd-') });
  });
  after(() => ebb?.stop());

  test('func cli - deploy of examples/functions/hello-ts answers through the router; invoke prints it', async () => {
    const deployed = await cli(['func', 'deploy', repoPath('examples', 'functions', 'hello-ts')]);
    assert.equal(deployed.code, 0, deployed.stderr);
    assert.match(deployed.stdout, /^ {2}service hello-ts created$/m);
    const port = new URL(ebb.ingressUrl).port;
    assert.match(
      deployed.stdout,
      new RegExp(
        `^Function hello-ts is Ready \\(revision hello-ts-00001\\): http://hello-ts\\.default\\.localhost:${port}$`,
        'm',
      ),
    );

    const direct = await ingressGet(ebb.ingressUrl, 'hello-ts.default.localhost', '/?name=router');
    assert.equal(direct.status, 200);
    assert.deepEqual(JSON.parse(direct.text), { greeting: 'Hello, router!', revision: 'hello-ts-00001' });

    const invoked = await cli(['func', 'invoke', 'hello-ts', '--data', '{"name":"cli"}']);
    assert.equal(invoked.code, 0, invoked.stderr);
    assert.match(invoked.stdout, /^HTTP 200\ncontent-type: application\/json/);
    assert.match(invoked.stdout, /^\{"greeting":"Hello, cli!","revision":"hello-ts-00001"\}$/m);

    const missing = await cli(['func', 'invoke', 'nobody']);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /function nobody not found in namespace default: deploy it with `ebb func deploy DIR`/,
    );
  });

  test('func cli - a redeploy after a code change makes a new Revision; an unchanged one does not', async () => {
    const dir = copyFunction(
      repoPath('examples', 'functions', 'hello-ts'),
      join(tmpDataDir('ebb-func-'), 'greeter'),
    );
    const first = await cli(['func', 'deploy', dir, '--name', 'greeter']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /\(revision greeter-00001\)/);

    const handler = join(dir, 'src', 'index.ts');
    writeFileSync(handler, readFileSync(handler, 'utf8').replace("?? 'Hello'", "?? 'Howdy'"));
    writeFileSync(
      join(dir, 'func.yaml'),
      readFileSync(join(dir, 'func.yaml'), 'utf8').replace(/ {4}- name: GREETING\n {6}value: Hello\n/, ''),
    );
    const second = await cli(['func', 'deploy', dir, '--name', 'greeter']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^ {2}service greeter configured$/m);
    assert.match(second.stdout, /\(revision greeter-00002\)/);
    const invoked = await cli(['func', 'invoke', 'greeter']);
    assert.match(
      invoked.stdout,
      /^\{"greeting":"Howdy, world!","revision":"greeter-00002"\}$/m,
      invoked.stdout,
    );

    const again = await cli(['func', 'deploy', dir, '--name', 'greeter']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^ {2}service greeter unchanged$/m);
    assert.match(again.stdout, /\(revision greeter-00002\)/);
  });

  test('func cli - a handler that does not compile fails the deploy with file:line:column', async () => {
    const dir = copyFunction(
      repoPath('examples', 'functions', 'hello-ts'),
      join(tmpDataDir('ebb-func-'), 'broken'),
    );
    writeFileSync(join(dir, 'src', 'index.ts'), 'export const handle = (: number) => 1;\n');
    const result = await cli(['func', 'deploy', dir, '--name', 'broken', '--timeout', '60s']);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /function broken did not become Ready: Ready=False/);
    assert.match(result.stderr, /src\/index\.ts:1:24: error: /);
    assert.match(result.stderr, /ebb logs ksvc\/broken/);
  });

  test('func cli - invoke --cloudevent of echo-event prints the reply event', async () => {
    const deployed = await cli(['func', 'deploy', repoPath('examples', 'functions', 'echo-event')]);
    assert.equal(deployed.code, 0, deployed.stderr);
    const invoked = await cli([
      'func',
      'invoke',
      'echo-event',
      '--cloudevent',
      '--type',
      'dev.example.order',
      '--id',
      'order-7',
      '--data',
      '{"order":7}',
    ]);
    assert.equal(invoked.code, 0, invoked.stderr);
    for (const line of [
      /^HTTP 200$/m,
      /^ce-type: dev\.ebb\.echo\.reply$/m,
      /^ce-source: \/functions\/echo-event$/m,
      /^ce-subject: order-7$/m,
      /^ce-echotype: dev\.example\.order$/m,
      /^ce-id: \S+$/m,
      /^\{"order":7\}$/m,
    ]) {
      assert.match(invoked.stdout, line);
    }
  });
});
