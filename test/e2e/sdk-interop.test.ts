/**
 * CloudEvents that round-trip through real SDKs: the Go SDK v2 (Knative's own) and the Python SDK send to a
 * real `ebb up` broker, in binary and structured mode, and a Go SDK subscriber and a Python SDK subscriber
 * (each behind its own trigger) report what they read. Every attribute must arrive as it was sent, with
 * the exceptions the header policy documents (README, "CloudEvents header values"); a Go subscriber's
 * reply goes back into the broker and reaches both through a second trigger. The SDKs are installed once into
 * ~/.cache/ebb/interop; a missing toolchain (go, python3) skips its half with the reason printed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { percentEncode } from '../../src/eventing/cloudevents/index.js';
import { type EbbProcess, runCli, startEbb } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import {
  comparable,
  coreReading,
  type EventSpec,
  goEvents,
  pythonEvents,
  REPLY_REQUEST,
  REPLY_RESPONSE,
  sha256,
  TRICKY,
} from '../helpers/sdk-cases.js';
import {
  buildGoInterop,
  type GoBinaries,
  type GoReceived,
  goSend,
  goToolchain,
  startGoSubscriber,
} from '../helpers/sdk-go.js';
import type { LineSubscriber } from '../helpers/sdk-process.js';
import {
  type PythonMode,
  type PythonReceived,
  preparePythonInterop,
  pythonSend,
  pythonToolchain,
  startPythonSubscriber,
} from '../helpers/sdk-python.js';

const BROKER = 'interop';
const go = goToolchain();
const python = pythonToolchain();
const noGo = go ? false : 'no Go toolchain (go) on PATH or in /usr/local/go/bin';
const noPython = python ? false : 'no python3 with venv on PATH';
const log = (line: string) => console.log(line);
if (noGo) log(`sdk interop: Go SDK tests skipped: ${noGo}`);
if (noPython) log(`sdk interop: Python SDK tests skipped: ${noPython}`);

describe('sdk interop', () => {
  let ebb: EbbProcess;
  let goBin: GoBinaries | undefined;
  let venvPython: string | undefined;
  let goSub: LineSubscriber<GoReceived> | undefined;
  let pySub: LineSubscriber<PythonReceived> | undefined;
  let brokerUrl = '';

  const create = async (path: string, obj: Record<string, unknown>) => {
    const res = await apiCall(ebb.apiUrl, 'POST', path, obj);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const trigger = async (name: string, uri: string, filters: unknown[]) => {
    await create('/apis/eventing.knative.dev/v1/namespaces/default/triggers', {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name },
      spec: { broker: BROKER, subscriber: { uri }, filters },
    });
    const out = await runCli(['wait', 'trigger', name, '--timeout', '20s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
  };

  before(async () => {
    [goBin, venvPython, ebb] = await Promise.all([
      go ? buildGoInterop(go, log) : undefined,
      python ? preparePythonInterop(python, log) : undefined,
      startEbb(),
    ]);
    await create('/apis/eventing.knative.dev/v1/namespaces/default/brokers', {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name: BROKER },
    });
    const out = await runCli(['wait', 'broker', BROKER, '--timeout', '20s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
    brokerUrl = `${ebb.ingressUrl}/default/${BROKER}`;
    const main = [{ prefix: { type: 'com.example.interop.' } }];
    const replies = [{ exact: { type: REPLY_RESPONSE } }];
    if (goBin) {
      goSub = await startGoSubscriber(goBin);
      await trigger('to-go', `${goSub.url}/main`, main);
      await trigger('replies-to-go', `${goSub.url}/replies`, replies);
    }
    if (venvPython) {
      pySub = await startPythonSubscriber(venvPython);
      await trigger('to-python', `${pySub.url}/main`, main);
      await trigger('replies-to-python', `${pySub.url}/replies`, replies);
    }
  });

  after(async () => {
    await Promise.all([goSub?.stop(), pySub?.stop()]);
    await ebb?.stop();
  });

  const atGo = (id: string, path = '/main') =>
    eventually(`${id} at the Go subscriber`, async () =>
      goSub!.received.find((r) => r.id === id && r.path === path),
    );
  const atPython = (id: string, path = '/main') =>
    eventually(`${id} at the Python subscriber`, async () =>
      pySub!.received.find((r) => r.id === id && r.path === path),
    );

  /** What every subscriber must read for `spec`, sent with `sent` as its SDK formatted the attributes. */
  async function assertArrived(
    spec: EventSpec,
    sent: Record<string, string>,
    how: { pythonCore?: 'decodes' },
  ) {
    const want = comparable(sent);
    if (goSub) {
      const got = await atGo(spec.id);
      assert.deepEqual(comparable(got.attributes), want, `${spec.id} at the Go subscriber`);
      assert.equal(got.dataSha256, sha256(spec.data_base64), `${spec.id} data at the Go subscriber`);
    }
    if (pySub) {
      const got = await atPython(spec.id);
      assert.deepEqual(comparable(got.v1), want, `${spec.id} at the Python subscriber (v1 API)`);
      const core = how.pythonCore === 'decodes' ? comparable(coreReading(sent)) : want;
      assert.deepEqual(comparable(got.core), core, `${spec.id} at the Python subscriber (core API)`);
      assert.equal(got.dataSha256, sha256(spec.data_base64), `${spec.id} data at the Python subscriber`);
    }
  }

  for (const mode of ['binary', 'structured'] as const) {
    test(`sdk interop - Go SDK ${mode} mode: every attribute arrives identical at the Go and the Python subscriber`, {
      skip: noGo,
    }, async () => {
      const specs = goEvents(`go-${mode}`);
      const reports = await goSend(goBin!, brokerUrl, mode, specs);
      for (const r of reports) assert.ok(r.accepted, `${r.id}: ${r.result}`);
      for (const spec of specs) {
        const sent = reports.find((r) => r.id === spec.id)!.attributes;
        // The Python core API percent-decodes every header value it is given (a%20b → "a b").
        await assertArrived(spec, sent, { pythonCore: 'decodes' });
      }
      const strings = reports.find((r) => r.id.endsWith('-strings'))!.attributes;
      assert.equal(strings.subject, TRICKY.unicode);
      assert.equal(strings.sliteral, TRICKY.literal);
      if (goSub) {
        const typed = (await atGo(`go-${mode}-typed`)).typed;
        assert.deepEqual(typed, {
          intx: 42,
          intneg: -7,
          boolx: true,
          timex: '2021-01-02T03:04:05.678Z',
          urix: 'https://example.com/a%20b?c=d#e',
        });
      }
    });
  }

  test('sdk interop - a Go subscriber reply goes back into the broker and reaches both through a second trigger', {
    skip: noGo,
  }, async () => {
    const spec = goEvents('go-reply').find((s) => s.type === REPLY_REQUEST)!;
    const [report] = await goSend(goBin!, brokerUrl, 'binary', [spec]);
    assert.ok(report!.accepted, report!.result);
    const want = { subject: TRICKY.mixed, sunicode: TRICKY.unicode, sliteral: TRICKY.literal };
    const reply = await atGo(`reply-${spec.id}`, '/replies');
    assert.equal(reply.attributes.type, REPLY_RESPONSE);
    assert.deepEqual(
      {
        subject: reply.attributes.subject,
        sunicode: reply.attributes.sunicode,
        sliteral: reply.attributes.sliteral,
      },
      want,
    );
    if (pySub) {
      const atPy = await atPython(`reply-${spec.id}`, '/replies');
      assert.deepEqual(
        { subject: atPy.v1.subject, sunicode: atPy.v1.sunicode, sliteral: atPy.v1.sliteral },
        want,
      );
    }
  });

  const exact: PythonMode[] = ['v1-binary', 'v1-structured', 'core-structured'];
  for (const mode of exact) {
    test(`sdk interop - Python SDK ${mode}: every attribute arrives identical at both subscribers`, {
      skip: noPython,
    }, async () => {
      const specs = pythonEvents(`py-${mode}`);
      const reports = await pythonSend(venvPython!, brokerUrl, mode, specs);
      for (const r of reports) assert.equal(r.status, 202, `${r.id}: ${r.body}`);
      for (const spec of specs) {
        await assertArrived(spec, reports.find((r) => r.id === spec.id)!.attributes, {
          pythonCore: 'decodes',
        });
      }
    });
  }

  test('sdk interop - Python core API binary mode: percent-encoded values reach a decoding SDK intact, others see the escapes (as through Knative)', {
    skip: noPython,
  }, async () => {
    const [spec] = pythonEvents('py-core-binary');
    const [report] = await pythonSend(venvPython!, brokerUrl, 'core-binary', [spec]);
    assert.equal(report!.status, 202, report!.body);
    const sent = comparable(report!.attributes);
    const atPy = await atPython(spec!.id);
    assert.deepEqual(comparable(atPy.core), sent, 'the core API decodes what it encoded');
    if (goSub) {
      const got = comparable((await atGo(spec!.id)).attributes);
      assert.equal(got.subject, percentEncode(TRICKY.unicode));
      assert.equal(got.sspace, 'hello%20world');
      assert.equal(got.spercent, '100%25');
    }
  });
});
