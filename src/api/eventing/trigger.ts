/**
 * Trigger (eventing.knative.dev/v1): subscribes a destination to a Broker's events that pass its filter.
 * `spec.broker` is required and immutable, as in Knative v1; v1alpha1 defaulted an empty broker to
 * "default", so conversion from v1alpha1 does that (and rewrites the old `filter.sourceAndType`), while a
 * v1 Trigger must name its broker. The subscriber is required.
 */
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { defaultDelivery, upgradeDelivery, validateDelivery } from './delivery.js';
import { defaultDestination, upgradeDestination, validateDestination } from './destination.js';
import { validateSubscriptionsApiFilters, validateTriggerFilter } from './filters.js';
import {
  annotation,
  diffDetails,
  isObj,
  isSet,
  type Obj,
  pathColumn,
  READY_COLUMN,
  REASON_COLUMN,
  specOf,
  str,
  toStored,
  validateSpec,
  viaAnnotation,
} from './util.js';

export const BROKER_LABEL = 'eventing.knative.dev/broker';
export const DEPENDENCY_ANNOTATION = 'knative.dev/dependency';
export const INJECTION_ANNOTATION = 'eventing.knative.dev/injection';
export const DELIVERY_ORDER_ANNOTATION = 'kafka.eventing.knative.dev/delivery.order';
export const DELIVERY_ORDERS = ['ordered', 'unordered'] as const;
/** The broker a v1alpha1 Trigger without one meant. */
export const DEFAULT_BROKER_NAME = 'default';

export const TRIGGER_CONDITIONS = [
  'Ready',
  'BrokerReady',
  'SubscriberResolved',
  'DependencyReady',
  'DeadLetterSinkResolved',
];

/** v1alpha1's `filter.sourceAndType: {type, source}` ("" or "Any" meaning any) as attributes. */
function upgradeFilter(spec: Obj): void {
  const filter = spec.filter;
  if (!isObj(filter) || !isObj(filter.sourceAndType)) return;
  const attributes: Obj = isObj(filter.attributes) ? { ...filter.attributes } : {};
  for (const key of ['type', 'source'] as const) {
    const value = filter.sourceAndType[key];
    if (typeof value === 'string' && value !== '' && value !== 'Any') attributes[key] = value;
  }
  delete filter.sourceAndType;
  filter.attributes = attributes;
}

function convert(obj: KObject): KObject {
  const { out, from } = toStored(triggerKind, obj);
  if (from === triggerKind.storedVersion || !isObj(out.spec)) return out;
  const spec = out.spec;
  if (from === 'v1alpha1' && !isSet(spec.broker)) spec.broker = DEFAULT_BROKER_NAME;
  if (isSet(spec.subscriber)) spec.subscriber = upgradeDestination(spec.subscriber);
  upgradeDelivery(spec.delivery);
  upgradeFilter(spec);
  return out;
}

function setDefaults(obj: KObject): void {
  const namespace = obj.metadata?.namespace;
  const spec = specOf(obj);
  if (!isSet(spec.filter)) spec.filter = {};
  defaultDestination(spec.subscriber, namespace);
  defaultDelivery(spec.delivery, namespace);
  const broker = str(spec.broker);
  if (broker) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [BROKER_LABEL]: broker };
}

function validateDependency(value: string, namespace: string | undefined): FieldError {
  let ref: unknown;
  try {
    ref = JSON.parse(value);
  } catch (e) {
    const details = e instanceof Error ? e.message : String(e);
    return FieldError.of(
      `The provided annotation was not a corev1.ObjectReference: "${value}"`,
      '',
      'FieldValueInvalid',
      details,
    );
  }
  if (!isObj(ref))
    return FieldError.of(`The provided annotation was not a corev1.ObjectReference: "${value}"`, '');
  let errs = FieldError.empty();
  if (str(ref.namespace) && ref.namespace !== namespace) {
    errs = errs.also(
      FieldError.of(
        `Namespace must be empty or equal to the trigger namespace "${namespace ?? ''}"`,
        'namespace',
      ),
    );
  }
  for (const field of ['kind', 'name', 'apiVersion'])
    if (!str(ref[field])) errs = errs.also(FieldError.missing(field));
  return errs;
}

function validateAnnotations(obj: KObject, broker: unknown): FieldError {
  let errs = FieldError.empty();
  const dependency = annotation(obj, DEPENDENCY_ANNOTATION);
  if (dependency !== undefined) {
    errs = errs.also(
      viaAnnotation(validateDependency(dependency, obj.metadata?.namespace), DEPENDENCY_ANNOTATION),
    );
  }
  const injection = annotation(obj, INJECTION_ANNOTATION);
  if (injection !== undefined) {
    let err: FieldError | undefined;
    if (injection !== 'enabled' && injection !== 'disabled') {
      err = FieldError.of(
        `The provided injection annotation value can only be "enabled" or "disabled", not "${injection}"`,
        '',
      );
    } else if (broker !== DEFAULT_BROKER_NAME) {
      err = FieldError.of(
        `The provided injection annotation is only used for default broker, but non-default broker specified here: "${String(broker ?? '')}"`,
        '',
      );
    }
    if (err) errs = errs.also(viaAnnotation(err, INJECTION_ANNOTATION));
  }
  const order = annotation(obj, DELIVERY_ORDER_ANNOTATION);
  if (order !== undefined && !(DELIVERY_ORDERS as readonly string[]).includes(order)) {
    const err = FieldError.invalidValue(order, '', `expected one of: ${DELIVERY_ORDERS.join(', ')}`);
    errs = errs.also(viaAnnotation(err, DELIVERY_ORDER_ANNOTATION));
  }
  return errs;
}

function validate(obj: KObject): FieldError {
  const namespace = obj.metadata?.namespace;
  const errs = validateSpec(obj, (spec) => {
    let e = FieldError.empty();
    if (!isSet(spec.broker) || spec.broker === '') e = e.also(FieldError.missing('broker'));
    else if (typeof spec.broker !== 'string')
      e = e.also(FieldError.invalidValue(spec.broker, 'broker', 'expected a string'));
    return e.also(
      validateTriggerFilter(spec.filter).viaField('filter'),
      validateSubscriptionsApiFilters(spec.filters, 'filters'),
      validateDestination(spec.subscriber, namespace).viaField('subscriber'),
      validateDelivery(spec.delivery, namespace).viaField('delivery'),
    );
  });
  return errs.also(validateAnnotations(obj, isObj(obj.spec) ? obj.spec.broker : undefined));
}

function validateUpdate(oldObj: KObject, newObj: KObject): FieldError {
  const before = isObj(oldObj.spec) ? oldObj.spec.broker : undefined;
  const after = isObj(newObj.spec) ? newObj.spec.broker : undefined;
  if (before === after) return FieldError.empty();
  return FieldError.immutable('spec.broker', diffDetails(before, after));
}

export const triggerKind: KindDef = {
  group: 'eventing.knative.dev',
  kind: 'Trigger',
  storedVersion: 'v1',
  versions: ['v1alpha1', 'v1beta1', 'v1'],
  plural: 'triggers',
  singular: 'trigger',
  shortNames: ['trigger'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: TRIGGER_CONDITIONS,
  columns: [
    pathColumn('BROKER', 'spec.broker'),
    pathColumn('SUBSCRIBER_URI', 'status.subscriberUri'),
    READY_COLUMN,
    REASON_COLUMN,
  ],
  convert,
  setDefaults,
  validate,
  validateUpdate,
};
