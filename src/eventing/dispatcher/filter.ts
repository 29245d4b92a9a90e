/**
 * A trigger's filter as a predicate. `spec.matches` (richer dialects, CESQL) wins when given; otherwise
 * Knative's `filter.attributes`: every listed attribute must equal the given value, and "" means only
 * "the attribute is present" (Knative's TriggerAnyFilter). No filter matches everything.
 */
import type { EventRecord, TriggerSpecResolved } from '../types.js';

export type EventPredicate = (event: EventRecord) => boolean;

export const matchAll: EventPredicate = () => true;

export function attributeFilter(attributes: Record<string, string> | undefined): EventPredicate {
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0) return matchAll;
  return (event) => {
    for (const [name, want] of entries) {
      const have = event.attributes[name];
      if (have === undefined || (want !== '' && have !== want)) return false;
    }
    return true;
  };
}

export function triggerFilter(spec: Pick<TriggerSpecResolved, 'matches' | 'attributes'>): EventPredicate {
  return spec.matches ?? attributeFilter(spec.attributes);
}
