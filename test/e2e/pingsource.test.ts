/**
 * PingSource end to end against a real `ebb up`: seconds schedules (Knative's six-field form) to a Knative
 * Service and through a Broker and Trigger, the event's Knative attributes, `time` on the tick in the
 * source's time zone, dataBase64 byte for byte, a missing sink (Ready=False, NotFound) that recovers, a
 * schedule change and delete, the 422s for bad fields, `ebb get` columns, and `* * * * *` on the minute.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EbbProcess, runCli, startEbb } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';
import { API, condition, create, recorderService, seenBy } from './source-helpers.js';

const ping = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'PingSource',
  metadata: { name },
  spec,
});
const ksvcSink = (name: string) => ({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name } });
const brokerSink = (name: string) => ({
  ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name },
});

/** The wall-clock fields of `at` in `zone`, as a six-field schedule firing exactly then. */
function scheduleAt(at: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts.second)} ${Number(parts.minute)} ${Number(parts.hour)} * * *`;
}

describe('pingsource', () => {
  let ebb: EbbProcess;
  const subscribers: Subscriber[] = [];
  const subscriber = async () => {
    const s = await startSubscriber();
    subscribers.push(s);
    return s;
  };
  const trigger = async (name: string, broker: string, uri: string) => {
    await create(ebb.apiUrl, API.triggers, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name },
      spec: { broker, subscriber: { uri } },
    });
  };
  const broker = async (name: string) => {
    await create(ebb.apiUrl, API.brokers, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name },
    });
    const out = await runCli(['wait', 'broker', name, '--timeout', '20s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
  };

  before(async () => {
    ebb = await startEbb();
  });
  after(async () => {
    await ebb?.stop();
    await Promise.all(subscribers.map((s) => s.close()));
  });

  test('pingsource - every second to a Service: Knative attributes, time on the tick, ceOverrides', async () => {
    await recorderService(ebb.apiUrl, 'recorder');
    // The Knative default schedule, checked at the end of the file (it needs a minute boundary).
    await create(
      ebb.apiUrl,
      API.pingsources,
      ping('minutely', { sink: ksvcSink('recorder'), data: 'minute' }),
    );
    await create(
      ebb.apiUrl,
      API.pingsources,
      ping('seconds', {
        schedule: '* * * * * *',
        contentType: 'application/json',
        data: '{"message":"hello"}',
        sink: ksvcSink('recorder'),
        ceOverrides: { extensions: { team: 'orders' } },
      }),
    );
    const w = await runCli(['wait', 'pingsource', 'seconds', '--timeout', '20s'], { server: ebb.apiUrl });
    assert.equal(w.code, 0, w.stderr);
    const seen = await eventually('three ticks', async () => {
      const all = (await seenBy(ebb.ingressUrl, 'recorder')).filter(
        (s) => s.headers['ce-source'] === '/apis/v1/namespaces/default/pingsources/seconds',
      );
      return all.length >= 3 ? all : undefined;
    });
    for (const s of seen) {
      assert.equal(s.headers['ce-specversion'], '1.0');
      assert.equal(s.headers['ce-type'], 'dev.knative.sources.ping');
      assert.equal(s.headers['content-type'], 'application/json');
      assert.equal(s.headers['ce-team'], 'orders');
      assert.match(
        s.headers['ce-id']!,
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      assert.match(s.headers['ce-time']!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      const lag = s.at - Date.parse(s.headers['ce-time']!);
      assert.ok(lag >= 0 && lag < 1_500, `sent ${lag} ms after its tick`);
      assert.equal(Buffer.from(s.body, 'base64').toString(), '{"message":"hello"}');
    }
    assert.equal(new Set(seen.map((s) => s.headers['ce-id'])).size, seen.length, 'a fresh id per tick');
    assert.equal(new Set(seen.map((s) => s.headers['ce-time'])).size, seen.length, 'one event per tick');
    const status = (await apiCall(ebb.apiUrl, 'GET', `${API.pingsources}/seconds`)).body.status;
    assert.match(status.sinkUri, /^http:\/\/recorder\.default\./);
    assert.deepEqual(status.ceAttributes, [
      { type: 'dev.knative.sources.ping', source: '/apis/v1/namespaces/default/pingsources/seconds' },
    ]);
    const get = await runCli(['get', 'pingsource'], { server: ebb.apiUrl });
    assert.match(get.stdout, /^NAME\s+SINK\s+SCHEDULE\s+AGE\s+READY\s+REASON$/m);
    assert.match(get.stdout, /^seconds\s+http:\/\/recorder\S+\s+\* \* \* \* \* \*\s+\d+s\s+True$/m);
    assert.equal((await apiCall(ebb.apiUrl, 'DELETE', `${API.pingsources}/seconds`)).status, 200);
  });

  test('pingsource - through a Broker and a Trigger, dataBase64 arrives byte for byte', async () => {
    const s = await subscriber();
    await broker('pings');
    await trigger('to-subscriber', 'pings', s.url);
    const bytes = randomBytes(64);
    await create(
      ebb.apiUrl,
      API.pingsources,
      ping('binary', {
        schedule: '*/2 * * * * *',
        contentType: 'application/octet-stream',
        dataBase64: bytes.toString('base64'),
        sink: brokerSink('pings'),
      }),
    );
    await eventually('an event through the trigger', async () => (s.received.length >= 1 ? true : undefined));
    const { event } = s.received[0]!;
    assert.equal(event.attributes.type, 'dev.knative.sources.ping');
    assert.equal(event.attributes.source, '/apis/v1/namespaces/default/pingsources/binary');
    assert.equal(event.attributes.datacontenttype, 'application/octet-stream');
    assert.equal(new Date(event.attributes.time!).getUTCSeconds() % 2, 0);
    assert.deepEqual(event.data, bytes);
    await apiCall(ebb.apiUrl, 'DELETE', `${API.pingsources}/binary`);
  });

  test('pingsource - a timezone schedule fires at that wall-clock time', async () => {
    const s = await subscriber();
    const zone = 'Asia/Kathmandu'; // UTC+05:45: no other zone's wall clock reads the same
    const at = new Date(Math.ceil((Date.now() + 4_000) / 1000) * 1000);
    await create(
      ebb.apiUrl,
      API.pingsources,
      ping('kathmandu', { schedule: scheduleAt(at, zone), timezone: zone, sink: { uri: s.url } }),
    );
    await eventually('the zoned tick', async () => (s.received.length >= 1 ? true : undefined), 10_000);
    assert.equal(s.received[0]!.event.attributes.time, at.toISOString());
    await sleep(1_200);
    assert.equal(s.received.length, 1, 'once a day: one tick');
  });

  test('pingsource - a missing sink is Ready=False NotFound, and recovers when it is created', async () => {
    const s = await subscriber();
    const path = `${API.pingsources}/waiting`;
    await create(
      ebb.apiUrl,
      API.pingsources,
      ping('waiting', { schedule: '* * * * * *', sink: brokerSink('later') }),
    );
    await eventually('NotFound', async () => {
      const [status, reason] = await condition(ebb.apiUrl, path);
      return status === 'False' && reason === 'NotFound' ? true : undefined;
    });
    const sinkProvided = (await apiCall(ebb.apiUrl, 'GET', path)).body.status.conditions.find(
      (c: { type: string }) => c.type === 'SinkProvided',
    );
    assert.equal(
      sinkProvided.message,
      'Sink not found: failed to get object Broker default/later: not found',
    );
    const get = await runCli(['get', 'pingsource', 'waiting'], { server: ebb.apiUrl });
    assert.match(get.stdout, /^waiting\s+\* \* \* \* \* \*\s+\d+s\s+False\s+NotFound$/m);
    await broker('later');
    await trigger('later-sub', 'later', s.url);
    await eventually('Ready', async () =>
      (await condition(ebb.apiUrl, path))[0] === 'True' ? true : undefined,
    );
    await eventually('events once the sink exists', async () => (s.received.length >= 1 ? true : undefined));
    await apiCall(ebb.apiUrl, 'DELETE', path);
  });

  test('pingsource - a schedule change takes effect at once; delete stops it', async () => {
    const s = await subscriber();
    const path = `${API.pingsources}/changing`;
    await create(
      ebb.apiUrl,
      API.pingsources,
      ping('changing', { schedule: '0 0 1 1 *', sink: { uri: s.url } }),
    );
    await eventually('Ready', async () =>
      (await condition(ebb.apiUrl, path))[0] === 'True' ? true : undefined,
    );
    await sleep(1_100);
    assert.equal(s.received.length, 0, 'yearly: nothing yet');
    const res = await apiCall(ebb.apiUrl, 'PATCH', path, { spec: { schedule: '* * * * * *' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await eventually(
      'ticks after the change',
      async () => (s.received.length >= 2 ? true : undefined),
      5_000,
    );
    assert.equal((await apiCall(ebb.apiUrl, 'DELETE', path)).status, 200);
    await sleep(700); // a tick already fired may still be on its way (0–500 ms spread)
    const count = s.received.length;
    await sleep(1_500);
    assert.equal(s.received.length, count, 'deleted: no more ticks');
  });

  test('pingsource - bad fields are 422 with the field path and Knative message', async () => {
    const cases: [spec: Record<string, unknown>, causes: [string, string][]][] = [
      [
        { schedule: 'every minute' },
        [['spec.schedule', 'invalid value: expected 5 to 6 fields, found 2: [every minute]']],
      ],
      [{ schedule: '@every 1m' }, [['spec.schedule', 'invalid value: unsupported descriptor @every']]],
      [
        { schedule: '* * * * *', timezone: 'Mars/Olympus' },
        [
          [
            'spec.timezone',
            'invalid value: provided bad location Mars/Olympus: unknown time zone Mars/Olympus',
          ],
        ],
      ],
      [
        { data: 'x', dataBase64: 'eA==' },
        [
          ['spec.data', 'expected exactly one, got both'],
          ['spec.dataBase64', 'expected exactly one, got both'],
        ],
      ],
    ];
    for (const [spec, causes] of cases) {
      const res = await apiCall(
        ebb.apiUrl,
        'POST',
        API.pingsources,
        ping('bad', { sink: { uri: 'http://x/' }, ...spec }),
      );
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.reason, 'Invalid');
      assert.deepEqual(
        res.body.details.causes.map((c: { field: string; message: string }) => [c.field, c.message]),
        causes,
        JSON.stringify(spec),
      );
    }
  });

  test('pingsource - `* * * * *` fires on the minute', async () => {
    const seen = await eventually(
      'a minutely tick',
      async () => {
        const all = (await seenBy(ebb.ingressUrl, 'recorder')).filter(
          (s) => s.headers['ce-source'] === '/apis/v1/namespaces/default/pingsources/minutely',
        );
        return all.length >= 1 ? all : undefined;
      },
      75_000,
    );
    assert.match(seen[0]!.headers['ce-time']!, /:00\.000Z$/);
    assert.equal(Buffer.from(seen[0]!.body, 'base64').toString(), 'minute');
    assert.equal(seen[0]!.headers['content-type'], undefined, 'no contentType: no datacontenttype');
  });
});
