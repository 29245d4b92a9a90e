/**
 * Sequence and Parallel end to end against a real `ebb up`, on the example application in
 * examples/order-flow (TypeScript functions under `ebb func serve`): an order goes through three
 * functions in turn and the last reply reaches the Sequence's `reply` (a Broker, whose Trigger feeds a
 * real subscriber); a Parallel's two filtered branches route each order to the right branch and merge
 * their replies; a Sequence whose middle step fails retries it and then dead-letters the event with
 * Knative's error extensions, and its last step never sees it; the children are the ones Knative makes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { addressOf, postToAddress } from '../helpers/channels.js';
import { type EbbProcess, runCli, startEbb } from '../helpers/ebb.js';
import { eventually } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';

const cli = (ebb: EbbProcess, args: string[], input?: string) =>
  runCli(args, { server: ebb.apiUrl, ...(input === undefined ? {} : { input }), timeoutMs: 90_000 });
const order = (orderId: string, orderStatus: string, chargeMoney: number) => ({
  orderId,
  orderStatus,
  userPhoneNo: '13800001234',
  prodId: `p-${orderId}`,
  prodName: ' Beef noodles ',
  chargeMoney,
});
const received = (sub: Subscriber, id: string) =>
  sub.received.find((r) => r.event.attributes.id === id)?.event;

describe('flows', { timeout: 240_000 }, () => {
  test('the order-flow example: a Sequence of three functions, a Parallel of two filtered branches', async (t) => {
    const ebb = await startEbb();
    const results = await startSubscriber();
    t.after(async () => {
      await ebb.stop();
      await results.close();
    });
    const applied = await cli(ebb, ['apply', '-f', 'examples/order-flow/']);
    assert.equal(applied.code, 0, applied.stderr);
    const trigger = `apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: {name: results}
spec: {broker: order-flow, subscriber: {uri: "${results.url}"}}
`;
    assert.equal((await cli(ebb, ['apply', '-f', '-'], trigger)).code, 0);
    for (const [kind, name] of [
      ['sequence', 'order-pipeline'],
      ['parallel', 'order-fanout'],
      ['trigger', 'results'],
    ]) {
      const w = await cli(ebb, ['wait', kind!, name!, '--timeout', '60s']);
      assert.equal(w.code, 0, `${kind}/${name}: ${w.stdout}${w.stderr}`);
    }
    const subs = await cli(ebb, ['get', 'subscriptions']);
    for (const name of [
      'order-pipeline-kn-sequence-0',
      'order-pipeline-kn-sequence-2',
      'order-fanout-kn-parallel-filter-0',
      'order-fanout-kn-parallel-1',
    ])
      assert.match(subs.stdout, new RegExp(`^${name}\\s+\\S+\\s+True`, 'm'), `Subscription ${name} Ready`);
    const imcs = await cli(ebb, ['get', 'imc']);
    for (const name of [
      'order-pipeline-kn-sequence-1',
      'order-fanout-kn-parallel',
      'order-fanout-kn-parallel-0',
    ])
      assert.match(imcs.stdout, new RegExp(`^${name}\\s+http://${name}-kn-channel`, 'm'));

    // The Sequence: each order validated, priced and routed, in that order; the result at the Broker.
    const sequence = (await addressOf(ebb.apiUrl, 'sequence', 'order-pipeline'))!;
    assert.match(
      sequence,
      /^http:\/\/order-pipeline-kn-sequence-0-kn-channel\.default\.svc\.cluster\.local:\d+$/,
    );
    const orders = [order('s1', 'paid', 12), order('s2', 'paid', 48), order('s3', 'paid', 30)];
    for (const o of orders)
      assert.equal(await postToAddress(ebb.ingressUrl, sequence, { id: o.orderId, data: o }), 202);
    await eventually(
      'every order through the three steps',
      async () =>
        orders.every((o) => received(results, `${o.orderId}.validated.priced.routed`)) ? true : undefined,
      60_000,
    );
    for (const o of orders) {
      const e = received(results, `${o.orderId}.validated.priced.routed`)!;
      assert.equal(e.attributes.type, 'order.routed');
      const data = JSON.parse(e.data!.toString());
      assert.deepEqual(data.steps, ['validate', 'price', 'route']);
      assert.equal(data.prodName, 'Beef noodles', 'validate tidied the order');
      assert.equal(data.total, o.chargeMoney + (o.chargeMoney >= 30 ? 0 : 5), 'price added the fee');
      assert.ok(['north', 'south', 'east', 'west'].includes(data.kitchen), 'route picked a kitchen');
    }

    // The Parallel: paid → kitchen, refunded → notification, cancelled → neither.
    const parallel = (await addressOf(ebb.apiUrl, 'parallel', 'order-fanout'))!;
    const fanout = [order('p1', 'paid', 20), order('p2', 'refunded', 20), order('p3', 'cancelled', 20)];
    for (const o of fanout)
      assert.equal(await postToAddress(ebb.ingressUrl, parallel, { id: o.orderId, data: o }), 202);
    await eventually(
      'the paid order routed, the refunded one notified',
      async () => (received(results, 'p1.routed') && received(results, 'p2.notified') ? true : undefined),
      60_000,
    );
    await sleep(1_000);
    const ids = results.received.map((r) => r.event.attributes.id!).filter((id) => id.startsWith('p'));
    assert.deepEqual(ids.sort(), ['p1.routed', 'p2.notified'], 'each order in its branch only');
    const get = JSON.parse((await cli(ebb, ['get', 'parallel', 'order-fanout', '-o', 'json'])).stdout);
    assert.equal(get.status.branchStatuses.length, 2);
    assert.equal(get.status.ingressChannelStatus.channel.name, 'order-fanout-kn-parallel');
  });

  test('a failing middle step is retried, then dead-lettered with Knative error extensions', async (t) => {
    const ebb = await startEbb();
    const first = await startSubscriber({
      reply: (e) => ({
        attributes: { specversion: '1.0', id: `${e.attributes.id}.1`, type: 'step.one', source: '/one' },
        data: Buffer.from('{}'),
      }),
    });
    const failing = await startSubscriber({ answer: () => 500 });
    const last = await startSubscriber();
    const dls = await startSubscriber();
    t.after(async () => {
      await ebb.stop();
      await Promise.all([first.close(), failing.close(), last.close(), dls.close()]);
    });
    const yaml = `apiVersion: flows.knative.dev/v1
kind: Sequence
metadata: {name: fragile}
spec:
  steps:
    - uri: "${first.url}"
    - uri: "${failing.url}"
      delivery: {retry: 2, backoffPolicy: linear, backoffDelay: PT0.1S, deadLetterSink: {uri: "${dls.url}"}}
    - uri: "${last.url}"
`;
    assert.equal((await cli(ebb, ['apply', '-f', '-'], yaml)).code, 0);
    assert.equal((await cli(ebb, ['wait', 'sequence', 'fragile', '--timeout', '30s'])).code, 0);
    const address = (await addressOf(ebb.apiUrl, 'sequence', 'fragile'))!;
    assert.equal(await postToAddress(ebb.ingressUrl, address, { id: 'f1' }), 202);
    const dead = await eventually(
      'the event at the dead-letter sink',
      async () => received(dls, 'f1.1'),
      20_000,
    );
    assert.equal(failing.attempts.get('f1.1'), 3, 'the first attempt and two retries');
    assert.equal(dead.attributes.knativeerrorcode, '500');
    assert.equal(dead.attributes.knativeerrordest, failing.url);
    assert.ok(dead.attributes.knativeerrordata, 'the response body, as knativeerrordata');
    await sleep(300);
    assert.equal(last.received.length, 0, 'the last step never saw it');
  });
});
