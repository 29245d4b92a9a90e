/**
 * What Channel and InMemoryChannel share (Knative's Channelable duck): `subscribers` (written by the
 * Subscription controller, each with a subscriberUri and/or replyUri), `delivery`, and the conversion of
 * v1alpha1's `subscribable.subscribers` (with `subscriberURI`/`replyURI` spellings) to the v1 shape.
 */
import { FieldError } from '../field-error.js';
import { upgradeDelivery, validateDelivery } from './delivery.js';
import { isObj, isSet, type Obj, viaFieldIndex } from './util.js';

const RENAMED: Record<string, string> = {
  subscriberURI: 'subscriberUri',
  replyURI: 'replyUri',
  deadLetterSinkURI: 'deadLetterSinkUri',
};

/** Conversion from v1alpha1/v1beta1: subscribers and delivery. In place. */
export function upgradeChannelable(spec: Obj): void {
  const subscribable = spec.subscribable;
  if (isObj(subscribable) && Array.isArray(subscribable.subscribers) && !isSet(spec.subscribers)) {
    spec.subscribers = subscribable.subscribers;
  }
  delete spec.subscribable;
  if (Array.isArray(spec.subscribers)) {
    spec.subscribers = spec.subscribers.map((s) => {
      if (!isObj(s)) return s;
      const out: Obj = {};
      for (const [k, v] of Object.entries(s)) out[RENAMED[k] ?? k] = v;
      if (isSet(out.deadLetterSinkUri)) {
        // v1 keeps a subscriber's dead-letter sink under its delivery.
        const delivery = isObj(out.delivery) ? out.delivery : {};
        if (!isSet(delivery.deadLetterSink)) delivery.deadLetterSink = { uri: out.deadLetterSinkUri };
        out.delivery = delivery;
        delete out.deadLetterSinkUri;
      }
      return out;
    });
  }
  upgradeDelivery(spec.delivery);
}

/** `subscribers` and `delivery` of a channel spec (errors relative to the spec). */
export function validateChannelable(spec: Obj, namespace: string | undefined): FieldError {
  let errs = validateDelivery(spec.delivery, namespace).viaField('delivery');
  const { subscribers } = spec;
  if (!isSet(subscribers)) return errs;
  if (!Array.isArray(subscribers))
    return errs.also(FieldError.invalidValue(subscribers, 'subscribers', 'expected a list'));
  subscribers.forEach((s, i) => {
    let e = FieldError.empty();
    if (!isObj(s)) e = FieldError.invalidValue(s, '');
    else {
      if (!isSet(s.subscriberUri) && !isSet(s.replyUri)) {
        e = FieldError.of(
          'expected at least one, got none',
          ['replyUri', 'subscriberUri'],
          'FieldValueRequired',
        );
      }
      e = e.also(validateDelivery(s.delivery, namespace).viaField('delivery'));
    }
    errs = errs.also(viaFieldIndex(e, 'subscribers', i));
  });
  return errs;
}
