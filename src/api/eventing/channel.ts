/**
 * Channel (messaging.knative.dev/v1): an addressable event channel backed by a concrete channel kind
 * named by `channelTemplate` (defaulted from the `default-ch-webhook` ConfigMap, else InMemoryChannel;
 * immutable once set).
 */
import { isDeepStrictEqual } from 'node:util';
import { FieldError } from '../field-error.js';
import type { DefaultsContext, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import {
  defaultChannelTemplate,
  upgradeChannelTemplate,
  validateChannelTemplate,
} from './channel-template.js';
import { upgradeChannelable, validateChannelable } from './channelable.js';
import { defaultDelivery } from './delivery.js';
import {
  AGE_COLUMN,
  diffDetails,
  isObj,
  isSet,
  READY_COLUMN,
  REASON_COLUMN,
  specOf,
  toStored,
  URL_COLUMN,
  validateSpec,
} from './util.js';

export const CHANNEL_CONDITIONS = ['Ready', 'BackingChannelReady', 'Addressable', 'DeadLetterSinkResolved'];

function convert(obj: KObject): KObject {
  const { out, from } = toStored(channelKind, obj);
  if (from === channelKind.storedVersion || !isObj(out.spec)) return out;
  if (isSet(out.spec.channelTemplate))
    out.spec.channelTemplate = upgradeChannelTemplate(out.spec.channelTemplate);
  upgradeChannelable(out.spec);
  return out;
}

function setDefaults(obj: KObject, ctx: DefaultsContext): void {
  const spec = specOf(obj);
  if (!isSet(spec.channelTemplate))
    spec.channelTemplate = defaultChannelTemplate(ctx, obj.metadata?.namespace);
  defaultDelivery(spec.delivery, obj.metadata?.namespace);
}

function validate(obj: KObject): FieldError {
  return validateSpec(obj, (spec) => {
    const template = isSet(spec.channelTemplate)
      ? validateChannelTemplate(spec.channelTemplate).viaField('channelTemplate')
      : FieldError.missing('channelTemplate');
    return template.also(validateChannelable(spec, obj.metadata?.namespace));
  });
}

function validateUpdate(oldObj: KObject, newObj: KObject): FieldError {
  const before = isObj(oldObj.spec) ? oldObj.spec.channelTemplate : undefined;
  const after = isObj(newObj.spec) ? newObj.spec.channelTemplate : undefined;
  if (isDeepStrictEqual(before, after)) return FieldError.empty();
  return FieldError.immutable('spec.channelTemplate', diffDetails(before, after));
}

export const channelKind: KindDef = {
  group: 'messaging.knative.dev',
  kind: 'Channel',
  storedVersion: 'v1',
  versions: ['v1alpha1', 'v1beta1', 'v1'],
  plural: 'channels',
  singular: 'channel',
  shortNames: ['ch'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: CHANNEL_CONDITIONS,
  columns: [URL_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  convert,
  setDefaults,
  validate,
  validateUpdate,
};
