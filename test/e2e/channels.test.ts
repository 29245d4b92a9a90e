/**
 * Channels end to end against a real `ebb up`: a Channel (backed by an InMemoryChannel) with two
 * Subscriptions delivers every event to both subscribers, one of which replies into a Broker whose Trigger
 * gets every reply; the Channel reports its subscribers as Knative does; an event the channel accepted
 * survives a SIGKILL of `ebb up` and is delivered after the restart; bad input is refused by name.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { addressOf, postToAddress } from '../helpers/channels.js';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { eventually } from '../helpers/http.js';
import { startSubscriber } from '../helpers/subscriber.js';

const apply = async (ebb: EbbProcess, yaml: string) => {
  const r = await runCli(['apply', '-f', '-'], { server: ebb.apiUrl, input: yaml });
  assert.equal(r.code, 0, r.stderr);
};
const waitReady = async (ebb: EbbProcess, kind: string, name: string) => {
  const r = await runCli(['wait', kind, name, '--timeout', '30s'], { server: ebb.apiUrl });
  assert.equal(r.code, 0, `${kind}/${name} not Ready: ${r.stdout}${r.stderr}`);
};
const subscription = (name: string, channel: string, rest: string) => `apiVersion: messaging.knative.dev/v1
kind: Subscription
metadata: {name: ${name}}
spec:
  channel: {apiVersion: messaging.knative.dev/v1, kind: Channel, name: ${channel}}
${rest}
---
`;

describe('channels', { timeout: 180_000 }, () => {
  test('a Channel with two Subscriptions delivers every event to both; one replies into a Broker', async (t) => {
    const ebb = await startEbb();
    const replying = await startSubscriber({
      reply: (e) => ({
        attributes: {
          specversion: '1.0',
          id: `${e.attributes.id}-seen`,
          type: 'order.seen',
          source: '/sub-a',
        },
      }),
    });
    const plain = await startSubscriber();
    const replies = await startSubscriber();
    t.after(async () => {
      await ebb.stop();
      await Promise.all([replying.close(), plain.close(), replies.close()]);
    });
    await apply(
      ebb,
      `apiVersion: messaging.knative.dev/v1
kind: Channel
metadata: {name: orders}
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: {name: replies}
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: {name: replies-all}
spec: {broker: replies, subscriber: {uri: "${replies.url}"}}
---
${subscription('sub-a', 'orders', `  subscriber: {uri: "${replying.url}"}\n  reply: {ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: replies}}`)}${subscription('sub-b', 'orders', `  subscriber: {uri: "${plain.url}"}`)}`,
    );
    for (const s of ['sub-a', 'sub-b']) await waitReady(ebb, 'subscription', s);
    await waitReady(ebb, 'trigger', 'replies-all');
    await waitReady(ebb, 'channel', 'orders');
    const address = await addressOf(ebb.apiUrl, 'channel', 'orders');
    assert.match(address ?? '', /^http:\/\/orders-kn-channel\.default\.svc\.cluster\.local:\d+$/);

    const ids = Array.from({ length: 30 }, (_, i) => `ch-${i}`);
    for (const id of ids)
      assert.equal(await postToAddress(ebb.ingressUrl, address!, { id, data: { id } }), 202);
    await eventually('both subscribers got every event', async () =>
      ids.every((id) => replying.accepted.has(id) && plain.accepted.has(id)) ? true : undefined,
    );
    await eventually('every reply reached the Broker and its Trigger', async () =>
      ids.every((id) => replies.accepted.has(`${id}-seen`)) ? true : undefined,
    );
    assert.ok(
      replies.received.every((r) => r.event.attributes.type === 'order.seen'),
      'only replies at the broker',
    );

    const got = JSON.parse(
      (await runCli(['get', 'channel', 'orders', '-o', 'json'], { server: ebb.apiUrl })).stdout,
    );
    assert.deepEqual(got.status.channel, {
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'InMemoryChannel',
      name: 'orders',
      namespace: 'default',
    });
    assert.equal(got.status.subscribers.length, 2);
    assert.ok(got.status.subscribers.every((s: any) => s.ready === 'True' && s.uid));
    const sub = JSON.parse(
      (await runCli(['get', 'subscription', 'sub-a', '-o', 'json'], { server: ebb.apiUrl })).stdout,
    );
    assert.equal(sub.status.physicalSubscription.subscriberUri, replying.url);
    assert.match(sub.status.physicalSubscription.replyUri, /\/default\/replies$/);
    const table = await runCli(['get', 'channels'], { server: ebb.apiUrl });
    assert.match(table.stdout, /^NAME\s+URL\s+AGE\s+READY\s+REASON/m);
    assert.match(
      table.stdout,
      /orders\s+http:\/\/orders-kn-channel\.default\.svc\.cluster\.local:\d+\s+\S+\s+True/,
    );

    // Deleting a Subscription takes it out of the channel: its subscriber gets nothing more.
    assert.equal((await runCli(['delete', 'subscription', 'sub-b'], { server: ebb.apiUrl })).code, 0);
    await eventually('one subscriber left on the channel', async () => {
      const imc = JSON.parse(
        (await runCli(['get', 'imc', 'orders', '-o', 'json'], { server: ebb.apiUrl })).stdout,
      );
      return imc.spec.subscribers?.length === 1 && imc.status.subscribers?.length === 1 ? true : undefined;
    });
    assert.equal(await postToAddress(ebb.ingressUrl, address!, { id: 'after-delete' }), 202);
    await eventually('sub-a still gets events', async () =>
      replying.accepted.has('after-delete') ? true : undefined,
    );
    await sleep(300);
    assert.ok(!plain.attempts.has('after-delete'), 'the deleted subscription got nothing');
  });

  test('an event the channel accepted survives SIGKILL of ebb up and is delivered after the restart', async (t) => {
    const dataDir = tmpDataDir('ebb-channel-crash-');
    let open = false;
    const sink = await startSubscriber({ answer: () => (open ? 202 : 503) });
    let ebb = await startEbb({ dataDir });
    t.after(async () => {
      await ebb.stop();
      await sink.close();
    });
    await apply(
      ebb,
      `apiVersion: messaging.knative.dev/v1
kind: InMemoryChannel
metadata: {name: durable}
---
apiVersion: messaging.knative.dev/v1
kind: Subscription
metadata: {name: durable-sink}
spec:
  channel: {apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel, name: durable}
  subscriber: {uri: "${sink.url}"}
  delivery: {retry: 100, backoffPolicy: linear, backoffDelay: PT0.2S}
`,
    );
    await waitReady(ebb, 'subscription', 'durable-sink');
    const address = (await addressOf(ebb.apiUrl, 'imc', 'durable'))!;
    const ids = Array.from({ length: 10 }, (_, i) => `crash-${i}`);
    for (const id of ids) assert.equal(await postToAddress(ebb.ingressUrl, address, { id }), 202);
    await eventually('every event attempted (and refused) once', async () =>
      ids.every((id) => sink.attempts.has(id)) ? true : undefined,
    );
    await ebb.kill();
    open = true;
    ebb = await startEbb({ dataDir });
    await eventually(
      'every accepted event delivered after the restart',
      async () => (ids.every((id) => sink.accepted.has(id)) ? true : undefined),
      30_000,
    );
  });

  test('bad input: a body that is not a CloudEvent is 400 naming what is missing; a missing channel is not Ready', async (t) => {
    const ebb = await startEbb();
    t.after(() => ebb.stop());
    await apply(
      ebb,
      'apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\nmetadata: {name: strict}\n',
    );
    await waitReady(ebb, 'imc', 'strict');
    const address = new URL((await addressOf(ebb.apiUrl, 'imc', 'strict'))!);
    const res = await request(ebb.ingressUrl, {
      method: 'POST',
      headers: { host: address.host, 'ce-specversion': '1.0', 'ce-type': 't', 'ce-source': '/s' },
      body: '{}',
    });
    assert.equal(res.statusCode, 400);
    assert.match(await res.body.text(), /\bid\b/);
    await apply(ebb, subscription('orphan', 'nowhere', '  subscriber: {uri: "http://127.0.0.1:1"}'));
    await eventually('the orphan says why', async () => {
      const s = JSON.parse(
        (await runCli(['get', 'subscription', 'orphan', '-o', 'json'], { server: ebb.apiUrl })).stdout,
      );
      const c = s.status?.conditions?.find((x: any) => x.type === 'Resolved');
      return c?.status === 'False' && c.reason === 'ChannelReferenceFetchFailed' ? c.message : undefined;
    });
  });
});
