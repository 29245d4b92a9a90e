/**
 * JobSink end to end against a real `ebb up`: 20 events (binary and structured) POSTed to the sink's
 * address become 20 Jobs, run at most `ebb.dev/job-concurrency` at once (each job records its start and end),
 * each reading its own event from `$K_EVENT_PATH/event` and from the Knative path in its args; a redelivered
 * event makes no second Job; malformed events are 400s naming the header; `ebb get jobs` lists them
 * Complete and `ebb logs job/NAME` shows a job's output. A job that keeps failing is Failed
 * (BackoffLimitExceeded) after backoffLimit retries, one that fails once is retried to Complete, and a job
 * running when `ebb up` stops runs again after the restart.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';

const SINKS = '/apis/sinks.knative.dev/v1alpha1/namespaces/default/jobsinks';
const JOBS = '/apis/batch/v1/namespaces/default/jobs';
const HOST = 'job-sink.knative-eventing.svc.cluster.local';
const LIMIT = 3;
const EVENTS = 20;

/** Reads the event, works 300 ms, records what it saw; `data.mode` fail: exit 3, flaky: fail once, slow: wait for a restart. */
const JOB_SCRIPT = `import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const { K_EVENT_PATH, K_EXECUTION_MODE, OUT } = process.env;
const start = Date.now();
const event = JSON.parse(readFileSync(join(K_EVENT_PATH, 'event'), 'utf8'));
const fromArg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const mode = event.data?.mode;
const marker = join(OUT, event.id + '.marker');
console.log('job for ' + event.id);
if (mode === 'fail') { console.error('failing on purpose'); process.exit(3); }
if (mode === 'flaky' && !existsSync(marker)) { writeFileSync(marker, ''); process.exit(4); }
if (mode === 'slow' && !existsSync(marker)) { writeFileSync(marker, ''); await new Promise((r) => setTimeout(r, 60000)); }
await new Promise((r) => setTimeout(r, 300));
writeFileSync(join(OUT, event.id + '.json'), JSON.stringify({ start, end: Date.now(), event, fromArg, mode: K_EXECUTION_MODE }));
console.log('done ' + event.id);
`;

function jobSink(name: string, script: string, out: string) {
  return {
    apiVersion: 'sinks.knative.dev/v1alpha1',
    kind: 'JobSink',
    metadata: { name, annotations: { 'ebb.dev/job-concurrency': String(LIMIT) } },
    spec: {
      job: {
        spec: {
          backoffLimit: 1,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'main',
                  command: [process.execPath, script, '/etc/jobsink-event/event'],
                  env: [{ name: 'OUT', value: out }],
                },
              ],
            },
          },
        },
      },
    },
  };
}

async function post(ebb: EbbProcess, path: string, headers: Record<string, string>, body: string) {
  const res = await request(`${ebb.ingressUrl}${path}`, {
    method: 'POST',
    headers: { host: HOST, ...headers },
    body,
  });
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

const binary = (id: string, data: unknown) => ({
  headers: {
    'content-type': 'application/json',
    'ce-specversion': '1.0',
    'ce-id': id,
    'ce-type': 'e2e.jobsink',
    'ce-source': '/e2e',
  },
  body: JSON.stringify(data),
});
const structured = (id: string, data: unknown) => ({
  headers: { 'content-type': 'application/cloudevents+json' },
  body: JSON.stringify({
    specversion: '1.0',
    id,
    type: 'e2e.jobsink',
    source: '/e2e',
    datacontenttype: 'application/json',
    data,
  }),
});

const jobsOf = async (ebb: EbbProcess, sink: string) =>
  (await apiCall(ebb.apiUrl, 'GET', `${JOBS}?labelSelector=sinks.knative.dev/job-sink-name=${sink}`)).body
    .items as any[];
const condition = (job: any, type: string) => job.status?.conditions?.find((c: any) => c.type === type);

describe('jobsink', { timeout: 90_000 }, () => {
  let ebb: EbbProcess;
  const dir = tmpDataDir('ebb-jobsink-');
  const dataDir = tmpDataDir('ebb-jobsink-data-');
  const out = join(dir, 'out');
  const script = join(dir, 'job.mjs');
  const cli = (...args: string[]) => runCli(args, { server: ebb.apiUrl });

  before(async () => {
    writeFileSync(script, JOB_SCRIPT);
    mkdirSync(out);
    ebb = await startEbb({ dataDir });
    assert.equal((await apiCall(ebb.apiUrl, 'POST', SINKS, jobSink('work', script, out))).status, 201);
    const waited = await cli('wait', 'jobsink', 'work', '--timeout', '20s');
    assert.equal(waited.code, 0, waited.stderr);
  });
  after(async () => {
    await ebb?.stop();
  });

  test('jobsink - Ready and addressable at the job-sink host with the ingress port', async () => {
    const sink = (await apiCall(ebb.apiUrl, 'GET', `${SINKS}/work`)).body;
    const port = new URL(ebb.ingressUrl).port;
    assert.equal(sink.status.address.url, `http://${HOST}:${port}/default/work`);
    assert.equal(sink.status.job.selector, 'sinks.knative.dev/job-sink-name=work');
    assert.deepEqual(sink.status.conditions.map((c: any) => [c.type, c.status]).sort(), [
      ['Addressable', 'True'],
      ['EventPoliciesReady', 'True'],
      ['Ready', 'True'],
    ]);
    const got = await cli('get', 'jobsinks');
    assert.match(got.stdout, /^NAME\s+URL\s+AGE\s+READY\s+REASON/m);
  });

  test('jobsink - 20 events run 20 jobs, at most the bound at once, each with its own event', async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: EVENTS }, (_, i) => {
        const e = i % 2 === 0 ? binary(`e-${i}`, { n: i }) : structured(`e-${i}`, { n: i });
        return post(ebb, '/default/work', e.headers, e.body);
      }),
    );
    for (const a of answers) assert.equal(a.status, 202, a.text);
    assert.match(
      String(answers[0]!.headers.location),
      /^\/namespaces\/default\/name\/work\/sources\/%2Fe2e\/ids\/e-0$/,
    );
    const again = binary('e-0', { n: 0 });
    assert.equal(
      (await post(ebb, '/default/work', again.headers, again.body)).status,
      202,
      'a redelivery is accepted',
    );
    const early = await jobsOf(ebb, 'work');
    assert.equal(early.length, EVENTS, 'one job per event id, the redelivery made none');
    assert.ok(
      early.some((j) => condition(j, 'Pending')?.reason === 'ConcurrencyLimit'),
      'queued jobs say why they wait',
    );
    const jobs = await eventually(
      'all jobs Complete',
      async () => {
        const list = await jobsOf(ebb, 'work');
        return list.length === EVENTS && list.every((j) => condition(j, 'Complete')?.status === 'True')
          ? list
          : undefined;
      },
      30_000,
    );
    const records = readdirSync(out)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')));
    assert.equal(records.length, EVENTS);
    for (const r of records) {
      const n = Number(r.event.id.slice(2));
      assert.deepEqual(r.event.data, { n }, 'each job sees its own event');
      assert.deepEqual(r.fromArg, r.event, 'the Knative mount path in args points at the same file');
      assert.equal(r.mode, 'batch');
    }
    const edges = records
      .flatMap((r) => [[r.start, 1] as const, [r.end, -1] as const])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    let max = 0;
    for (const [, d] of edges) {
      running += d;
      max = Math.max(max, running);
    }
    assert.ok(max <= LIMIT, `at most ${LIMIT} jobs overlapped, saw ${max}`);
    assert.ok(max >= 2, `jobs ran side by side (max overlap ${max})`);
    for (const j of jobs) {
      assert.equal(j.status.succeeded, 1);
      assert.ok(j.status.startTime && j.status.completionTime);
      assert.equal(j.metadata.ownerReferences[0].kind, 'JobSink');
      assert.equal(j.metadata.labels['sinks.knative.dev/job-sink-id'], j.metadata.name);
    }
    const got = await cli('get', 'jobs');
    assert.match(got.stdout, /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE/m);
    assert.equal(
      got.stdout.split('\n').filter((l) => /\sComplete\s+1\/1\s/.test(l)).length,
      EVENTS,
      got.stdout,
    );
    const first = jobs.find((j) => j.metadata.annotations['ebb.dev/event-id'] === 'e-0');
    const logs = await cli('logs', `job/${first.metadata.name}`);
    assert.match(logs.stdout, /done e-0/);
    const secrets = (
      await apiCall(ebb.apiUrl, 'GET', `/api/v1/namespaces/default/secrets/${first.metadata.name}`)
    ).body;
    assert.equal(JSON.parse(Buffer.from(secrets.data.event, 'base64').toString()).id, 'e-0');
    const status = await request(`${ebb.ingressUrl}${answers[0]!.headers.location}`, {
      headers: { host: HOST },
    });
    await status.body.text();
    assert.deepEqual([status.statusCode, status.headers.reason], [200, 'Complete']);
    console.log(`jobsink e2e: ${EVENTS} jobs done in ${Date.now() - started} ms, max overlap ${max}`);
  });

  test('jobsink - malformed events are 400s naming the header, unknown sinks 404', async () => {
    const bad = binary('x', {});
    const { 'ce-id': _, ...noId } = bad.headers;
    const missing = await post(ebb, '/default/work', noId, bad.body);
    assert.equal(missing.status, 400);
    assert.match(missing.text, /ce-id/);
    assert.equal((await post(ebb, '/default/nope', bad.headers, bad.body)).status, 404);
    assert.equal((await post(ebb, '/default/work', { 'content-type': 'text/plain' }, 'hi')).status, 415);
  });

  test('jobsink - a failing job is Failed after backoffLimit retries; a flaky one is retried to Complete', async () => {
    for (const [id, mode] of [
      ['f-1', 'fail'],
      ['f-2', 'flaky'],
    ]) {
      const e = binary(id, { mode });
      assert.equal((await post(ebb, '/default/work', e.headers, e.body)).status, 202);
    }
    const byId = async (id: string) =>
      (await jobsOf(ebb, 'work')).find((j) => j.metadata.annotations['ebb.dev/event-id'] === id);
    const failed = await eventually('f-1 Failed', async () => {
      const j = await byId('f-1');
      return condition(j, 'Failed')?.status === 'True' ? j : undefined;
    });
    assert.equal(condition(failed, 'Failed').reason, 'BackoffLimitExceeded');
    assert.match(condition(failed, 'Failed').message, /exited with code 3.*failing on purpose/);
    assert.equal(failed.status.failed, 2);
    const flaky = await eventually('f-2 Complete', async () => {
      const j = await byId('f-2');
      return condition(j, 'Complete')?.status === 'True' ? j : undefined;
    });
    assert.deepEqual([flaky.status.failed, flaky.status.succeeded], [1, 1]);
    const got = await cli('get', 'job', failed.metadata.name);
    assert.match(got.stdout, /\sFailed\s+0\/1\s/);
  });

  test('jobsink - a job running when ebb up stops runs again after the restart', async () => {
    const e = binary('r-1', { mode: 'slow' });
    assert.equal((await post(ebb, '/default/work', e.headers, e.body)).status, 202);
    await eventually('r-1 started', async () => (existsSync(join(out, 'r-1.marker')) ? true : undefined));
    assert.equal(await ebb.stop(), 0);
    ebb = await startEbb({ dataDir });
    const job = await eventually('r-1 Complete after the restart', async () => {
      const j = (await jobsOf(ebb, 'work')).find((x) => x.metadata.annotations['ebb.dev/event-id'] === 'r-1');
      return condition(j, 'Complete')?.status === 'True' ? j : undefined;
    });
    assert.equal(job.status.failed, undefined, 'the interrupted run is not a failure');
    const logs = await cli('logs', `job/${job.metadata.name}`);
    assert.match(logs.stdout, /was running when ebb up stopped; running it again/);
    assert.match(logs.stdout, /done r-1/);
  });
});
