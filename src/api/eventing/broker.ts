/**
 * Broker (eventing.knative.dev/v1): an addressable event mesh; Triggers subscribe to it. The class
 * annotation picks the implementation (defaulted from `config-br-defaults`, immutable afterwards);
 * `spec.delivery` is the default delivery for its triggers. v1alpha1 Brokers (the seed's broker.yaml)
 * carried `spec.channelTemplateSpec`; v1 has no such field, so conversion keeps it as JSON in the
 * `ebb.dev/channel-template` annotation and drops it from spec.
 */
import { FieldError } from '../field-error.js';
import type { DefaultsContext, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { clone } from '../object.js';
import { brokerDefaults } from './broker-defaults.js';
import { defaultDelivery, upgradeDelivery, validateDelivery } from './delivery.js';
import { defaultKReference, validateKReference } from './destination.js';
import {
  annotation,
  diffDetails,
  isObj,
  isSet,
  READY_COLUMN,
  REASON_COLUMN,
  setAnnotation,
  specOf,
  toStored,
  URL_COLUMN,
  validateSpec,
  viaAnnotation,
} from './util.js';

export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';
export const CHANNEL_TEMPLATE_ANNOTATION = 'ebb.dev/channel-template';

export const BROKER_CONDITIONS = [
  'Ready',
  'Addressable',
  'FilterReady',
  'IngressReady',
  'TriggerChannelReady',
  'DeadLetterSinkResolved',
];

function convert(obj: KObject): KObject {
  const { out, from } = toStored(brokerKind, obj);
  if (from === brokerKind.storedVersion || !isObj(out.spec)) return out;
  const spec = out.spec;
  if (isSet(spec.channelTemplateSpec)) {
    if (!annotation(out, CHANNEL_TEMPLATE_ANNOTATION)) {
      setAnnotation(out, CHANNEL_TEMPLATE_ANNOTATION, JSON.stringify(spec.channelTemplateSpec));
    }
    delete spec.channelTemplateSpec;
  }
  upgradeDelivery(spec.delivery);
  return out;
}

function setDefaults(obj: KObject, ctx: DefaultsContext): void {
  const namespace = obj.metadata?.namespace;
  const explicitClass = annotation(obj, BROKER_CLASS_ANNOTATION);
  const defaults = brokerDefaults(ctx, namespace, explicitClass || undefined);
  if (explicitClass === undefined) setAnnotation(obj, BROKER_CLASS_ANNOTATION, defaults.brokerClass);
  const spec = specOf(obj);
  if (!isSet(spec.config) && defaults.config) spec.config = clone(defaults.config);
  if (!isSet(spec.delivery) && defaults.delivery) spec.delivery = clone(defaults.delivery);
  defaultKReference(spec.config, namespace);
  defaultDelivery(spec.delivery, namespace);
}

function validate(obj: KObject): FieldError {
  let errs = FieldError.empty();
  if (!annotation(obj, BROKER_CLASS_ANNOTATION)) {
    errs = errs.also(viaAnnotation(FieldError.missing(''), BROKER_CLASS_ANNOTATION));
  }
  const template = annotation(obj, CHANNEL_TEMPLATE_ANNOTATION);
  if (template !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(template);
    } catch {
      parsed = undefined;
    }
    if (!isObj(parsed)) {
      const err = FieldError.invalidValue(
        template,
        '',
        'expected a JSON channel template {apiVersion, kind}',
      );
      errs = errs.also(viaAnnotation(err, CHANNEL_TEMPLATE_ANNOTATION));
    }
  }
  const namespace = obj.metadata?.namespace;
  return errs.also(
    validateSpec(obj, (spec) => {
      // The config may live in another namespace (Knative's default points at knative-eventing).
      let e = isSet(spec.config) ? validateKReference(spec.config).viaField('config') : FieldError.empty();
      e = e.also(validateDelivery(spec.delivery, namespace).viaField('delivery'));
      return e;
    }),
  );
}

function validateUpdate(oldObj: KObject, newObj: KObject): FieldError {
  const before = annotation(oldObj, BROKER_CLASS_ANNOTATION);
  const after = annotation(newObj, BROKER_CLASS_ANNOTATION);
  if (before === after) return FieldError.empty();
  return viaAnnotation(FieldError.immutable('', diffDetails(before, after)), BROKER_CLASS_ANNOTATION);
}

export const brokerKind: KindDef = {
  group: 'eventing.knative.dev',
  kind: 'Broker',
  storedVersion: 'v1',
  versions: ['v1alpha1', 'v1beta1', 'v1'],
  plural: 'brokers',
  singular: 'broker',
  shortNames: ['broker'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: BROKER_CONDITIONS,
  columns: [URL_COLUMN, READY_COLUMN, REASON_COLUMN],
  convert,
  setDefaults,
  validate,
  validateUpdate,
};
