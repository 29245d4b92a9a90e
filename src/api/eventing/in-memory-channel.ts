/**
 * InMemoryChannel (messaging.knative.dev/v1): the default channel kind behind Channels, Sequences and
 * Parallels. Its spec is the Channelable duck: subscribers and delivery.
 */
import type { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { upgradeChannelable, validateChannelable } from './channelable.js';
import { defaultDelivery } from './delivery.js';
import {
  AGE_COLUMN,
  isObj,
  READY_COLUMN,
  REASON_COLUMN,
  specOf,
  toStored,
  URL_COLUMN,
  validateSpec,
} from './util.js';

export const IN_MEMORY_CHANNEL_CONDITIONS = [
  'Ready',
  'DispatcherReady',
  'Addressable',
  'DeadLetterSinkResolved',
];

function convert(obj: KObject): KObject {
  const { out, from } = toStored(inMemoryChannelKind, obj);
  if (from !== inMemoryChannelKind.storedVersion && isObj(out.spec)) upgradeChannelable(out.spec);
  return out;
}

function setDefaults(obj: KObject): void {
  defaultDelivery(specOf(obj).delivery, obj.metadata?.namespace);
}

function validate(obj: KObject): FieldError {
  return validateSpec(obj, (spec) => validateChannelable(spec, obj.metadata?.namespace));
}

export const inMemoryChannelKind: KindDef = {
  group: 'messaging.knative.dev',
  kind: 'InMemoryChannel',
  storedVersion: 'v1',
  versions: ['v1alpha1', 'v1beta1', 'v1'],
  plural: 'inmemorychannels',
  singular: 'inmemorychannel',
  shortNames: ['imc'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: IN_MEMORY_CHANNEL_CONDITIONS,
  columns: [URL_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  convert,
  setDefaults,
  validate,
};
