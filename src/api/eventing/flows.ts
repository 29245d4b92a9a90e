/**
 * What Sequence and Parallel share: a `channelTemplate` for the channels they create (defaulted like a
 * Channel's), a `reply`, and conversion of older references. Both began in messaging.knative.dev and
 * moved to flows.knative.dev, so both accept the old group on input.
 */
import { FieldError } from '../field-error.js';
import type { DefaultsContext } from '../kind.js';
import type { KObject } from '../object.js';
import {
  defaultChannelTemplate,
  upgradeChannelTemplate,
  validateChannelTemplate,
} from './channel-template.js';
import { defaultDestination, upgradeDestination, validateOptionalDestination } from './destination.js';
import { AGE_COLUMN, isSet, type Obj, READY_COLUMN, REASON_COLUMN, specOf, URL_COLUMN } from './util.js';

export const FLOW_CONDITIONS = ['Ready', 'ChannelsReady', 'SubscriptionsReady', 'Addressable'];
export const FLOW_COLUMNS = [URL_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN];

/** Conversion of the shared fields. In place. */
export function upgradeFlow(spec: Obj): void {
  if (isSet(spec.channelTemplate)) spec.channelTemplate = upgradeChannelTemplate(spec.channelTemplate);
  if (isSet(spec.reply)) spec.reply = upgradeDestination(spec.reply);
}

/** Defaults of the shared fields. In place. */
export function defaultFlow(obj: KObject, ctx: DefaultsContext): void {
  const spec = specOf(obj);
  if (!isSet(spec.channelTemplate))
    spec.channelTemplate = defaultChannelTemplate(ctx, obj.metadata?.namespace);
  defaultDestination(spec.reply, obj.metadata?.namespace);
}

/** channelTemplate (required once defaulted) and reply (optional), relative to the spec. */
export function validateFlow(spec: Obj, namespace: string | undefined): FieldError {
  const template = isSet(spec.channelTemplate)
    ? validateChannelTemplate(spec.channelTemplate).viaField('channelTemplate')
    : FieldError.missing('channelTemplate');
  return template.also(validateOptionalDestination(spec.reply, namespace).viaField('reply'));
}
