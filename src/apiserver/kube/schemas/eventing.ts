/**
 * The schemas of eventing.knative.dev/v1's Broker and Trigger, as Knative's CRDs and API reference
 * describe them, for `kubectl explain`: destinations (a reference or a URI), delivery options, and the
 * Trigger's filters. Spec and status objects keep unknown fields; admission judges a manifest.
 */
import { int, list, obj, open, type Schema, str, strList } from './build.js';
import { addressable, statusFields } from './serving.js';

const kReference = (what: string) =>
  obj(
    `${what} A reference to an object, by kind and name.`,
    {
      apiVersion: str('API version of the referent, e.g. serving.knative.dev/v1.'),
      kind: str('Kind of the referent, e.g. Service.'),
      name: str('Name of the referent.'),
      namespace: str("Namespace of the referent; defaults to the referring object's."),
    },
    ['kind', 'name'],
  );

/** duckv1.Destination: an Addressable reference, a URI, or a URI relative to the reference. */
export const destination = (what: string) =>
  obj(`${what} Either ref, uri, or both (uri is then resolved relative to ref's address).`, {
    ref: kReference('The Addressable object to send to.'),
    uri: str("An absolute URL, or a path relative to ref's address."),
    CACerts: str('PEM-encoded CA certificates to trust for an https destination.'),
    audience: str('The OIDC audience of the destination.'),
  });

export const delivery = open('How events are delivered: retries, backoff, timeout and dead letters.', {
  deadLetterSink: destination('Where events that fail every retry are sent.'),
  retry: int(
    'The least number of retries before an event is dead-lettered (not counting the first attempt).',
  ),
  backoffPolicy: str('linear or exponential (the default): how the delay grows between retries.'),
  backoffDelay: str('The base delay between retries, an ISO 8601 duration (PT0.2S).'),
  timeout: str('How long one attempt may take, an ISO 8601 duration (PT10S) (delivery-timeout feature).'),
  retryAfterMax: str('The longest Retry-After from a subscriber honoured, an ISO 8601 duration.'),
  format: str('The event format to send: json (structured) or binary; empty means binary.'),
});

const dialectMap = (what: string) => ({
  type: 'object',
  additionalProperties: { type: 'string' },
  description: `Event attributes (and extensions) that must ${what} the given strings; exactly one attribute.`,
});

const subscriptionsApiFilter: Schema = open(
  'A filter dialect: exactly one of exact, prefix, suffix, all, any, not or cesql.',
  {
    exact: dialectMap('equal'),
    prefix: dialectMap('start with'),
    suffix: dialectMap('end with'),
    all: list('Passes when every nested filter passes.', open('A nested filter (same dialects).')),
    any: list('Passes when at least one nested filter passes.', open('A nested filter (same dialects).')),
    not: open('Passes when the nested filter does not.'),
    cesql: str(
      "A CloudEvents SQL expression the event must satisfy, e.g. \"type = 'order.created' AND source LIKE 'shop%'\".",
    ),
  },
);

const auth = obj('The identity the object delivers with (OIDC).', {
  serviceAccountName: str('The OIDC service account.'),
  serviceAccountNames: strList('The OIDC service accounts.'),
});

const deadLetterStatus = {
  deadLetterSinkUri: str('The resolved URI of the dead-letter sink.'),
  deadLetterSinkCACerts: str('CA certificates of the dead-letter sink.'),
  deadLetterSinkAudience: str('OIDC audience of the dead-letter sink.'),
};

/** Top-level fields (spec, status) of the eventing kinds, keyed by kind. */
export const EVENTING_FIELDS: Record<string, Record<string, Schema>> = {
  Broker: {
    spec: open('The desired state of the Broker, an event mesh that Triggers subscribe to.', {
      config: kReference('The configuration of the Broker class, e.g. a ConfigMap; immutable.'),
      delivery,
    }),
    status: open('The observed state of the Broker.', {
      ...statusFields('Broker'),
      address: addressable,
      addresses: list('The addresses of the Broker (http and https).', addressable),
      policies: list(
        'The EventPolicies that apply to the Broker.',
        obj('An applying EventPolicy.', {
          apiVersion: str('API version of the policy.'),
          name: str('Name of the policy.'),
        }),
      ),
      ...deadLetterStatus,
    }),
  },
  Trigger: {
    spec: open(
      'The desired state of the Trigger: the events of a Broker that pass its filters go to its subscriber.',
      {
        broker: str(
          "Name of the Broker in the Trigger's namespace to take events from; immutable. Required unless brokerRef is set.",
        ),
        brokerRef: kReference('The Broker, by reference (cross-namespace-event-links feature).'),
        filter: obj('Passes only events whose attributes equal the given values (the older filter).', {
          attributes: open(
            'Attribute name to value. An event passes when every attribute matches; the empty string (or "Any") matches any value. Extensions count as attributes.',
          ),
        }),
        filters: list(
          'Filters in the Subscriptions API dialects; an event must pass all of them. When set, filter is ignored.',
          subscriptionsApiFilter,
        ),
        subscriber: destination('Where the events that pass are sent.'),
        delivery,
      },
      ['subscriber'],
    ),
    status: open('The observed state of the Trigger.', {
      ...statusFields('Trigger'),
      subscriberUri: str('The resolved URI of the subscriber.'),
      subscriberCACerts: str('CA certificates of the subscriber.'),
      subscriberAudience: str('OIDC audience of the subscriber.'),
      auth,
      ...deadLetterStatus,
    }),
  },
};
