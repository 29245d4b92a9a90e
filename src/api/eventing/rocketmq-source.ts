/**
 * RocketMQSource (sources.knative.dev/v1alpha1, also accepted as sources.eventing.knative.dev/v1alpha1,
 * the group of the seed's alirocketmqsource.yaml): consumes a RocketMQ topic with a consumer group and
 * sends each message to the sink as a CloudEvent. It keeps the seed's fields (`topic`, `groupName`,
 * `namesrvAddr`, `accessToken.secretKeyRef`, `instanceId`, `serviceAccountName`, `sink`) and adds Ebb's:
 * `endpoints` (the RocketMQ 5 proxy, host:port), `consumerGroup` (the seed calls it `groupName`; either
 * names the group), `selector` (RocketMQ's FilterExpression: TAG or SQL92, default TAG `*`),
 * `ceOverrides` and `delivery`; and the annotation `ebb.dev/rocketmq-data-format` (`body`, the default:
 * the event's data is the message body; `message`: data is the message as JSON, `{"Topic", "MessageId",
 * "Tag", "Keys", "BornTimestamp", "Properties", "Body": base64}`, the shape the original sample's Alibaba
 * Cloud source sent, so handlers ported from it keep working). An annotation, not a spec field, so the
 * manifest still applies unchanged to a Knative cluster.
 */
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { defaultDelivery, upgradeDelivery, validateDelivery } from './delivery.js';
import {
  defaultSourceSpec,
  SOURCE_COLUMNS,
  SOURCE_CONDITIONS,
  upgradeSink,
  validateSourceSpec,
} from './source-spec.js';
import {
  annotation,
  isObj,
  isSet,
  type Obj,
  specOf,
  str,
  toStored,
  validateSpec,
  viaAnnotation,
} from './util.js';

/** RocketMQ's topic and group name characters (Validators.checkTopic / checkGroup). */
export const ROCKETMQ_NAME_PATTERN = /^[%|a-zA-Z0-9_-]+$/;
export const ROCKETMQ_TOPIC_MAX_LENGTH = 127;
export const ROCKETMQ_GROUP_MAX_LENGTH = 255;
export const SELECTOR_TYPES = ['TAG', 'SQL92'] as const;
export type SelectorType = (typeof SELECTOR_TYPES)[number];

/** The annotation choosing what a wrapped message's event data is (see the file header). */
export const DATA_FORMAT_ANNOTATION = 'ebb.dev/rocketmq-data-format';
export const DATA_FORMATS = ['body', 'message'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** The source's data format: the annotation's value, `body` when unset. */
export function dataFormatOf(obj: KObject): DataFormat {
  return (annotation(obj, DATA_FORMAT_ANNOTATION) ?? 'body') as DataFormat;
}

export interface RocketMQSelector {
  type: SelectorType;
  expression: string;
}

/** The consumer group a RocketMQSource spec names: `consumerGroup`, else the seed's `groupName`. */
export function consumerGroupOf(spec: unknown): string | undefined {
  return isObj(spec) ? (str(spec.consumerGroup) ?? str(spec.groupName)) : undefined;
}

/** Why `name` is not a valid RocketMQ topic or group name (RocketMQ's messages), else undefined. */
export function rocketmqNameError(name: string, what: 'topic' | 'group'): string | undefined {
  const max = what === 'topic' ? ROCKETMQ_TOPIC_MAX_LENGTH : ROCKETMQ_GROUP_MAX_LENGTH;
  if (name.trim() === '') return `the specified ${what} is blank`;
  if (!ROCKETMQ_NAME_PATTERN.test(name)) {
    return `the specified ${what} contains illegal characters, allowing only ${ROCKETMQ_NAME_PATTERN.source}`;
  }
  if (name.length > max) return `the specified ${what} is longer than ${what} max length ${max}`;
  return undefined;
}

/** Why a `host:port[;host:port...]` address list is invalid (an optional http(s):// per entry), else undefined. */
export function addressListError(list: string): string | undefined {
  const entries = list.split(/[;,]/).map((e) => e.trim());
  for (const entry of entries) {
    const m = /^(?:https?:\/\/)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return `expected host:port, got "${entry}"`;
  }
  return undefined;
}

function validateName(spec: Obj, field: string, what: 'topic' | 'group'): FieldError {
  const value = spec[field];
  if (typeof value !== 'string') return FieldError.invalidValue(value, field, 'expected a string');
  const err = rocketmqNameError(value, what);
  return err ? FieldError.invalidValue(value, field, err) : FieldError.empty();
}

function validateGroup(spec: Obj): FieldError {
  const { consumerGroup, groupName } = spec;
  const hasGroup = isSet(consumerGroup) && consumerGroup !== '';
  const hasName = isSet(groupName) && groupName !== '';
  if (!hasGroup && !hasName) {
    return FieldError.of(
      'expected exactly one, got neither',
      ['consumerGroup', 'groupName'],
      'FieldValueRequired',
      'a RocketMQSource needs a consumer group',
    );
  }
  if (hasGroup && hasName && consumerGroup !== groupName) {
    return FieldError.of(
      'expected exactly one, got both',
      ['consumerGroup', 'groupName'],
      'FieldValueInvalid',
      'groupName is the older name of consumerGroup; set one, or both to the same group',
    );
  }
  return validateName(spec, hasGroup ? 'consumerGroup' : 'groupName', 'group');
}

function validateSelector(selector: unknown): FieldError {
  if (!isSet(selector)) return FieldError.empty();
  if (!isObj(selector)) return FieldError.invalidValue(selector, '', 'expected an object {type, expression}');
  const { type, expression } = selector;
  let errs = FieldError.empty();
  if (!(SELECTOR_TYPES as readonly unknown[]).includes(type)) {
    errs = errs.also(FieldError.invalidValue(type, 'type', `expected one of: ${SELECTOR_TYPES.join(', ')}`));
  }
  if (typeof expression !== 'string' || expression.trim() === '') {
    errs = errs.also(FieldError.missing('expression'));
  } else if (
    type === 'TAG' &&
    expression.trim() !== '*' &&
    expression.split('||').some((t) => t.trim() === '')
  ) {
    errs = errs.also(
      FieldError.invalidValue(expression, 'expression', 'expected "*" or tags joined by "||"'),
    );
  }
  return errs;
}

function validateAccessToken(token: unknown): FieldError {
  if (!isSet(token)) return FieldError.empty();
  if (!isObj(token)) return FieldError.invalidValue(token, '', 'expected an object {secretKeyRef}');
  const ref = token.secretKeyRef;
  if (!isObj(ref))
    return isSet(ref) ? FieldError.invalidValue(ref, 'secretKeyRef') : FieldError.missing('secretKeyRef');
  let errs = FieldError.empty();
  for (const field of ['name', 'key']) {
    if (!str(ref[field])) errs = errs.also(FieldError.missing(field).viaField('secretKeyRef'));
  }
  return errs;
}

function validateRocketMQSpec(spec: Obj, namespace: string | undefined): FieldError {
  let errs =
    isSet(spec.topic) && spec.topic !== ''
      ? validateName(spec, 'topic', 'topic')
      : FieldError.missing('topic');
  errs = errs.also(validateGroup(spec));
  for (const field of ['namesrvAddr', 'endpoints']) {
    const value = spec[field];
    if (!isSet(value)) continue;
    const err = typeof value === 'string' ? addressListError(value) : 'expected a string';
    if (err) errs = errs.also(FieldError.invalidValue(value, field, err));
  }
  for (const field of ['instanceId', 'serviceAccountName']) {
    if (isSet(spec[field]) && typeof spec[field] !== 'string') {
      errs = errs.also(FieldError.invalidValue(spec[field], field, 'expected a string'));
    }
  }
  return errs.also(
    validateAccessToken(spec.accessToken).viaField('accessToken'),
    validateSelector(spec.selector).viaField('selector'),
    validateSourceSpec(spec, namespace),
    validateDelivery(spec.delivery, namespace).viaField('delivery'),
  );
}

function convert(obj: KObject): KObject {
  const { out } = toStored(rocketmqSourceKind, obj);
  if (!isObj(out.spec)) return out;
  // The stored version is still v1alpha1, so the seed's shapes (an inline sink, old apiVersions) are
  // normalised on every write, not only on input from the legacy group.
  upgradeSink(out.spec);
  upgradeDelivery(out.spec.delivery);
  return out;
}

function setDefaults(obj: KObject): void {
  const spec = specOf(obj);
  const selector = spec.selector;
  if (!isSet(selector)) spec.selector = { type: 'TAG', expression: '*' };
  else if (typeof selector === 'string') spec.selector = { type: 'TAG', expression: selector };
  else if (isObj(selector)) {
    if (!isSet(selector.type)) selector.type = 'TAG';
    if (selector.type === 'TAG' && !isSet(selector.expression)) selector.expression = '*';
  }
  defaultSourceSpec(obj);
  defaultDelivery(spec.delivery, obj.metadata?.namespace);
}

function validate(obj: KObject): FieldError {
  const format = annotation(obj, DATA_FORMAT_ANNOTATION);
  const formatErr =
    format === undefined || (DATA_FORMATS as readonly string[]).includes(format)
      ? FieldError.empty()
      : viaAnnotation(
          FieldError.invalidValue(format, '', `expected one of ${DATA_FORMATS.join(', ')}`),
          DATA_FORMAT_ANNOTATION,
        );
  return validateSpec(obj, (spec) => validateRocketMQSpec(spec, obj.metadata?.namespace)).also(formatErr);
}

export const rocketmqSourceKind: KindDef = {
  group: 'sources.knative.dev',
  kind: 'RocketMQSource',
  storedVersion: 'v1alpha1',
  versions: ['v1alpha1'],
  legacyGroups: ['sources.eventing.knative.dev'],
  plural: 'rocketmqsources',
  singular: 'rocketmqsource',
  shortNames: ['rocketmqsource'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: SOURCE_CONDITIONS,
  columns: SOURCE_COLUMNS,
  convert,
  setDefaults,
  validate,
};
