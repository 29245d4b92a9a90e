/**
 * Knative's span names and attribute keys (knative.dev/eventing pkg/tracing and pkg/observability), and
 * how each of Ebb's hops is named with them. Pure: the recording tracer and its tests use these.
 */
import type { EventRecord } from '../../eventing/types.js';
import type { DeliveryHop, IngressHop, SourceHop } from './hops.js';

export const KNATIVE_MESSAGING_SYSTEM = 'knative';

export const ATTR = {
  messagingSystem: 'messaging.system',
  messagingOperation: 'messaging.operation.name',
  messagingDestination: 'messaging.destination.name',
  messagingMessageId: 'messaging.message.id',
  brokerName: 'kn.broker.name',
  brokerNamespace: 'kn.broker.namespace',
  channelName: 'kn.channel.name',
  channelNamespace: 'kn.channel.namespace',
  triggerName: 'kn.trigger.name',
  triggerNamespace: 'kn.trigger.namespace',
  subscriberUid: 'kn.subscriber.uid',
  sourceName: 'kn.source.name',
  sourceNamespace: 'kn.source.namespace',
  sourceResourceGroup: 'kn.source.resourcegroup',
  ceId: 'cloudevents.id',
  ceType: 'cloudevents.type',
  ceSource: 'cloudevents.source',
  ceSubject: 'cloudevents.subject',
  ceSpecVersion: 'cloudevents.specversion',
  ceDataContentType: 'cloudevents.datacontenttype',
  urlFull: 'url.full',
  urlScheme: 'url.scheme',
  httpStatus: 'http.response.status_code',
  attempt: 'ebb.delivery.attempt',
  outcome: 'ebb.delivery.outcome',
} as const;

export type Attributes = Record<string, string | number>;

/** Knative's `broker:{name}.{namespace}`; channels likewise as `channel:{name}.{namespace}`. */
export function ingressSpanName(hop: IngressHop): string {
  return `${hop.kind}:${hop.name}.${hop.namespace}`;
}

/** Where a dispatcher id points: a trigger (`ns/name`) or a channel's subscriber (`ns/channel/channel/uid`). */
export type DeliveryTarget =
  | { kind: 'trigger'; namespace: string; name: string; broker: string }
  | { kind: 'subscriber'; namespace: string; channel: string; uid: string };

export function deliveryTarget(hop: DeliveryHop): DeliveryTarget {
  const id = hop.id.split('/');
  if (id.length >= 4 && id[2] === 'channel') {
    return { kind: 'subscriber', namespace: id[0]!, channel: id[1]!, uid: id.slice(3).join('/') };
  }
  const stream = hop.stream.split('/');
  return { kind: 'trigger', namespace: id[0]!, name: id.slice(1).join('/'), broker: stream[1] ?? '' };
}

/** Knative's `trigger:{name}.{namespace}`; a channel's subscriber is `send {url}`, as Knative's channel dispatcher. */
export function deliverySpanName(hop: DeliveryHop, target = deliveryTarget(hop)): string {
  return target.kind === 'trigger' ? `trigger:${target.name}.${target.namespace}` : `send ${hop.url}`;
}

export function sourceSpanName(hop: SourceHop): string {
  return `${hop.kind}:${hop.name}.${hop.namespace}`;
}

/** The event's attributes as Knative puts them on spans (WithEventLabels), plus its id. */
export function eventAttributes(event: EventRecord, out: Attributes): Attributes {
  const a = event.attributes;
  if (a.id !== undefined) {
    out[ATTR.ceId] = a.id;
    out[ATTR.messagingMessageId] = a.id;
  }
  if (a.type !== undefined) out[ATTR.ceType] = a.type;
  if (a.source !== undefined) out[ATTR.ceSource] = a.source;
  if (a.specversion !== undefined) out[ATTR.ceSpecVersion] = a.specversion;
  if (a.subject) out[ATTR.ceSubject] = a.subject;
  if (a.datacontenttype) out[ATTR.ceDataContentType] = a.datacontenttype;
  return out;
}

export function ingressAttributes(hop: IngressHop, event: EventRecord): Attributes {
  const out: Attributes = {
    [ATTR.messagingSystem]: KNATIVE_MESSAGING_SYSTEM,
    [ATTR.messagingOperation]: 'receive',
    [ATTR.messagingDestination]: ingressSpanName(hop),
    [ATTR.urlScheme]: 'http',
  };
  if (hop.kind === 'broker') {
    out[ATTR.brokerName] = hop.name;
    out[ATTR.brokerNamespace] = hop.namespace;
  } else {
    out[ATTR.channelName] = hop.name;
    out[ATTR.channelNamespace] = hop.namespace;
  }
  return eventAttributes(event, out);
}

export function deliveryAttributes(hop: DeliveryHop, target: DeliveryTarget, event: EventRecord): Attributes {
  const out: Attributes = {
    [ATTR.messagingSystem]: KNATIVE_MESSAGING_SYSTEM,
    [ATTR.messagingOperation]: 'send',
    [ATTR.urlFull]: hop.url,
    [ATTR.attempt]: hop.attempt,
  };
  if (target.kind === 'trigger') {
    out[ATTR.messagingDestination] = `trigger:${target.name}.${target.namespace}`;
    out[ATTR.triggerName] = target.name;
    out[ATTR.triggerNamespace] = target.namespace;
    out[ATTR.brokerName] = target.broker;
    out[ATTR.brokerNamespace] = target.namespace;
  } else {
    out[ATTR.messagingDestination] = hop.url;
    out[ATTR.channelName] = target.channel;
    out[ATTR.channelNamespace] = target.namespace;
    out[ATTR.subscriberUid] = target.uid;
  }
  return eventAttributes(event, out);
}

export function sourceAttributes(hop: SourceHop, event: EventRecord): Attributes {
  return eventAttributes(event, {
    [ATTR.messagingSystem]: KNATIVE_MESSAGING_SYSTEM,
    [ATTR.messagingOperation]: 'send',
    [ATTR.messagingDestination]: hop.url,
    [ATTR.urlFull]: hop.url,
    [ATTR.sourceName]: hop.name,
    [ATTR.sourceNamespace]: hop.namespace,
    [ATTR.sourceResourceGroup]: `${hop.kind}s.sources.knative.dev`,
  });
}
