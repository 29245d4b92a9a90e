/**
 * Subscription (messaging.knative.dev/v1): connects a channel to a subscriber, whose replies go to
 * `reply`. The channel is required and immutable; at least one of subscriber and reply is required.
 */
import { isDeepStrictEqual } from 'node:util';
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { defaultDelivery, upgradeDelivery, validateDelivery } from './delivery.js';
import {
  defaultDestination,
  isDestinationEmpty,
  upgradeDestination,
  upgradeRef,
  validateDestination,
  validateKReference,
} from './destination.js';
import {
  AGE_COLUMN,
  diffDetails,
  isObj,
  isSet,
  type Obj,
  READY_COLUMN,
  REASON_COLUMN,
  specOf,
  toStored,
  validateSpec,
} from './util.js';

export const SUBSCRIPTION_CONDITIONS = ['Ready', 'Resolved', 'AddedToChannel', 'ChannelReady'];

function convert(obj: KObject): KObject {
  const { out, from } = toStored(subscriptionKind, obj);
  if (from === subscriptionKind.storedVersion || !isObj(out.spec)) return out;
  const spec = out.spec;
  if (isSet(spec.channel)) spec.channel = upgradeRef(spec.channel);
  if (isSet(spec.subscriber)) spec.subscriber = upgradeDestination(spec.subscriber);
  // Early v1alpha1 replies named a channel: `reply: {channel: {apiVersion, kind, name}}`.
  if (isObj(spec.reply) && isObj(spec.reply.channel) && !isSet(spec.reply.ref)) {
    const { channel, ...rest } = spec.reply;
    spec.reply = { ...rest, ref: channel };
  }
  if (isSet(spec.reply)) spec.reply = upgradeDestination(spec.reply);
  upgradeDelivery(spec.delivery);
  return out;
}

function setDefaults(obj: KObject): void {
  const namespace = obj.metadata?.namespace;
  const spec = specOf(obj);
  defaultDestination(spec.subscriber, namespace);
  defaultDestination(spec.reply, namespace);
  defaultDelivery(spec.delivery, namespace);
}

function validateSubscriptionSpec(spec: Obj, namespace: string | undefined): FieldError {
  const channel = spec.channel;
  if (!isObj(channel) || Object.values(channel).every((v) => !isSet(v) || v === '')) {
    if (isSet(channel) && !isObj(channel)) return FieldError.invalidValue(channel, 'channel');
    return FieldError.of(
      'missing field(s)',
      'channel',
      'FieldValueRequired',
      'the Subscription must reference a channel',
    );
  }
  let errs = validateKReference(channel, namespace).viaField('channel');
  const missingSubscriber = isDestinationEmpty(spec.subscriber);
  const missingReply = isDestinationEmpty(spec.reply);
  if (missingSubscriber && missingReply) {
    errs = errs.also(
      FieldError.of(
        'expected at least one, got none',
        ['reply', 'subscriber'],
        'FieldValueRequired',
        'the Subscription must reference at least one of (reply or a subscriber)',
      ),
    );
  }
  if (!missingSubscriber)
    errs = errs.also(validateDestination(spec.subscriber, namespace).viaField('subscriber'));
  if (!missingReply) errs = errs.also(validateDestination(spec.reply, namespace).viaField('reply'));
  return errs.also(validateDelivery(spec.delivery, namespace).viaField('delivery'));
}

function validate(obj: KObject): FieldError {
  return validateSpec(obj, (spec) => validateSubscriptionSpec(spec, obj.metadata?.namespace));
}

function validateUpdate(oldObj: KObject, newObj: KObject): FieldError {
  const before = isObj(oldObj.spec) ? oldObj.spec.channel : undefined;
  const after = isObj(newObj.spec) ? newObj.spec.channel : undefined;
  if (isDeepStrictEqual(before, after)) return FieldError.empty();
  return FieldError.immutable('spec.channel', diffDetails(before, after));
}

export const subscriptionKind: KindDef = {
  group: 'messaging.knative.dev',
  kind: 'Subscription',
  storedVersion: 'v1',
  versions: ['v1alpha1', 'v1beta1', 'v1'],
  plural: 'subscriptions',
  singular: 'subscription',
  shortNames: ['sub'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: SUBSCRIPTION_CONDITIONS,
  columns: [AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  convert,
  setDefaults,
  validate,
  validateUpdate,
};
