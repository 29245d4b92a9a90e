/**
 * Knative's metrics end to end: a real `ebb up` serves a Knative Service through the router and a Broker
 * delivers through a Trigger (every event fails once, then is retried) and an InMemoryChannel subscription;
 * then `/metrics` is scraped and the request, autoscaler and event-delivery series are checked by
 * Knative's names, label names and values, and counts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { parseExposition, type Sample, select, total } from '../../src/platform/metrics/exposition.js';
import { type EbbProcess, repoPath, runCli, startEbb } from '../helpers/ebb.js';
import { apiCall, eventually, ingressGet } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';

const NS = '/apis/serving.knative.dev/v1/namespaces/default';
const EVENTING = '/apis/eventing.knative.dev/v1/namespaces/default';
const MESSAGING = '/apis/messaging.knative.dev/v1/namespaces/default';
const APP = repoPath('test', 'fixtures', 'app.mjs');
const REQUESTS = 6;
const EVENTS = 3;
const TYPE = 'dev.ebb.metrics.test';

describe('metrics', () => {
  let ebb: EbbProcess;
  const subscribers: Subscriber[] = [];

  const create = async (path: string, obj: unknown) => {
    const res = await apiCall(ebb.apiUrl, 'POST', path, obj);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const wait = async (kind: string, name: string) => {
    const out = await runCli(['wait', kind, name, '--timeout', '30s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr + out.stdout);
  };
  const scrape = async (): Promise<Sample[]> => {
    const res = await request(`${ebb.apiUrl}/metrics`);
    assert.equal(res.statusCode, 200);
    return parseExposition(await res.body.text());
  };
  const post = async (url: string, headers: Record<string, string>, body = '{}') => {
    const res = await request(url, { method: 'POST', headers, body });
    await res.body.text();
    return res.statusCode;
  };
  const ce = (id: string) => ({
    'ce-specversion': '1.0',
    'ce-id': id,
    'ce-type': TYPE,
    'ce-source': '/e2e/metrics',
    'content-type': 'application/json',
  });

  before(async () => {
    ebb = await startEbb();
  });
  after(async () => {
    await ebb?.stop();
    await Promise.all(subscribers.map((s) => s.close()));
  });

  test('metrics - request, autoscaler and event-delivery series under Knative names and labels', async () => {
    // A Knative Service, a Broker with a Trigger whose subscriber fails every event's first attempt, and
    // an InMemoryChannel with one subscription: set up side by side.
    const failOnce = await startSubscriber({ answer: (_e, attempt) => (attempt === 1 ? 503 : 202) });
    const channelSub = await startSubscriber();
    subscribers.push(failOnce, channelSub);
    await create(`${NS}/services`, {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'metrics-hello' },
      spec: {
        template: {
          spec: { containers: [{ image: 'ebb.dev/test/app', command: [process.execPath, APP] }] },
        },
      },
    });
    await create(`${EVENTING}/brokers`, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name: 'metrics' },
    });
    await create(`${EVENTING}/triggers`, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 'metrics-t' },
      spec: {
        broker: 'metrics',
        filter: { attributes: { type: TYPE } },
        subscriber: { uri: failOnce.url },
        delivery: { retry: 2, backoffPolicy: 'linear', backoffDelay: 'PT0.05S' },
      },
    });
    await create(`${MESSAGING}/inmemorychannels`, {
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'InMemoryChannel',
      metadata: { name: 'metrics-ch' },
    });
    await create(`${MESSAGING}/subscriptions`, {
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'Subscription',
      metadata: { name: 'metrics-sub' },
      spec: {
        channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'metrics-ch' },
        subscriber: { uri: channelSub.url },
      },
    });
    await Promise.all([
      wait('ksvc', 'metrics-hello'),
      wait('broker', 'metrics'),
      wait('trigger', 'metrics-t'),
      wait('subscription', 'metrics-sub'),
    ]);

    for (let i = 0; i < REQUESTS; i++) {
      const res = await ingressGet(ebb.ingressUrl, 'metrics-hello.default.localhost');
      assert.equal(res.status, 200, res.text);
    }
    const brokerUrl = `${ebb.ingressUrl}/default/metrics`;
    for (let i = 0; i < EVENTS; i++) assert.equal(await post(brokerUrl, ce(`m-${i}`)), 202);
    // Refused: no ce-id.
    const { 'ce-id': _omit, ...noId } = ce('x');
    assert.equal(await post(brokerUrl, noId), 400);
    const channelHost = 'metrics-ch-kn-channel.default.svc.cluster.local';
    assert.equal(await post(ebb.ingressUrl, { ...ce('c-1'), host: channelHost }), 202);
    await eventually('deliveries', async () =>
      failOnce.accepted.size === EVENTS && channelSub.accepted.size === 1 ? true : undefined,
    );

    const samples = await eventually('the delivered attempts on /metrics', async () => {
      const s = await scrape();
      return total(s, 'mt_broker_filter_event_count', { trigger_name: 'metrics-t' }) === 2 * EVENTS
        ? s
        : undefined;
    });

    // Serving: queue-proxy's and the activator's request series, per revision with Knative's labels.
    const revision = {
      namespace_name: 'default',
      service_name: 'metrics-hello',
      configuration_name: 'metrics-hello',
      revision_name: 'metrics-hello-00001',
    };
    for (const prefix of ['revision', 'activator']) {
      const ok = { ...revision, response_code: '200', response_code_class: '2xx' };
      assert.equal(total(samples, `${prefix}_request_count`, ok), REQUESTS, `${prefix}_request_count`);
      assert.equal(total(samples, `${prefix}_request_latencies_count`, ok), REQUESTS);
      assert.equal(total(samples, `${prefix}_request_latencies_bucket`, { ...ok, le: '+Inf' }), REQUESTS);
      assert.ok(total(samples, `${prefix}_request_latencies_sum`, ok) > 0);
    }
    // Autoscaler: desired/actual/panic per revision, labelled as Knative's autoscaler labels them.
    for (const name of ['autoscaler_desired_pods', 'autoscaler_actual_pods', 'autoscaler_panic_mode']) {
      assert.equal(select(samples, name, revision).length, 1, name);
    }
    assert.ok(total(samples, 'autoscaler_actual_pods', revision) >= 1);
    assert.ok(total(samples, 'autoscaler_desired_pods', revision) >= 1);
    assert.equal(total(samples, 'autoscaler_panic_mode', revision), 0);

    // Broker ingress: accepted events by type, and the refused request by its status.
    const broker = { namespace_name: 'default', broker_name: 'metrics' };
    const accepted = { ...broker, event_type: TYPE, response_code: '202', response_code_class: '2xx' };
    assert.equal(total(samples, 'mt_broker_ingress_event_count', accepted), EVENTS);
    assert.equal(total(samples, 'mt_broker_ingress_event_dispatch_latencies_count', accepted), EVENTS);
    assert.equal(
      total(samples, 'mt_broker_ingress_event_count', {
        ...broker,
        response_code: '400',
        response_code_class: '4xx',
      }),
      1,
    );
    // Trigger: every attempt with the subscriber's code: one 503 and one 202 per event.
    const trigger = {
      ...broker,
      trigger_name: 'metrics-t',
      filter_type: TYPE,
      filter_request_type: 'filter',
    };
    const failed = { ...trigger, response_code: '503', response_code_class: '5xx' };
    const delivered = { ...trigger, response_code: '202', response_code_class: '2xx' };
    assert.equal(total(samples, 'mt_broker_filter_event_count', failed), EVENTS);
    assert.equal(total(samples, 'mt_broker_filter_event_count', delivered), EVENTS);
    assert.equal(total(samples, 'mt_broker_filter_event_dispatch_latencies_count', failed), EVENTS);
    assert.equal(total(samples, 'mt_broker_filter_event_dispatch_latencies_count', delivered), EVENTS);
    assert.equal(total(samples, 'mt_broker_filter_event_processing_latencies_count', trigger), 2 * EVENTS);
    // Channel: the subscription's delivery.
    const channel = { namespace_name: 'default', channel_name: 'metrics-ch', event_type: TYPE };
    assert.equal(
      total(samples, 'inmemorychannel_dispatcher_event_count', { ...channel, response_code: '202' }),
      1,
    );
    assert.equal(total(samples, 'inmemorychannel_dispatcher_event_dispatch_latencies_count', channel), 1);
    // Every series of these families carries Knative's label names.
    for (const s of select(samples, 'mt_broker_filter_event_count')) {
      assert.deepEqual(Object.keys(s.labels).sort(), [
        'broker_name',
        'container_name',
        'event_scheme',
        'filter_request_type',
        'filter_type',
        'namespace_name',
        'response_code',
        'response_code_class',
        'trigger_name',
        'unique_name',
      ]);
    }
  });
});
