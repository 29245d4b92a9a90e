/**
 * core/v1 Event: a record of something a controller did or saw happen to an object (involvedObject),
 * with a reason, a message and a Normal or Warning type. Ebb's reconcile wrapper writes them
 * (src/controller/events.ts); `kubectl get events` and `ebb get events` list them. Repeats of the same
 * event bump `count` and `lastTimestamp` on one object, as client-go's event correlator does.
 */

import { humanDuration } from '../batch/job.js';
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import { isPlainObject, type KObject } from '../object.js';

export const EVENT_TYPES = ['Normal', 'Warning'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The object an Event is about (core/v1 ObjectReference, the fields events use). */
export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
}

const involved = (obj: KObject): Record<string, unknown> =>
  isPlainObject(obj.involvedObject) ? obj.involvedObject : {};

/** kubectl's LAST SEEN: lastTimestamp, else eventTime, else creation. */
function lastSeen(obj: KObject): string {
  const at = Date.parse(String(obj.lastTimestamp ?? obj.eventTime ?? obj.metadata.creationTimestamp ?? ''));
  return Number.isNaN(at) ? '<unknown>' : humanDuration(Date.now() - at);
}

export const EVENT: KindDef = {
  group: '',
  kind: 'Event',
  storedVersion: 'v1',
  versions: ['v1'],
  plural: 'events',
  singular: 'event',
  shortNames: ['ev'],
  namespaced: true,
  hasStatus: false,
  conditionTypes: [],
  columns: [
    { header: 'LAST SEEN', value: lastSeen },
    { header: 'TYPE', value: (obj) => String(obj.type ?? '') },
    { header: 'REASON', value: (obj) => String(obj.reason ?? '') },
    {
      header: 'OBJECT',
      value: (obj) => {
        const ref = involved(obj);
        return `${String(ref.kind ?? '').toLowerCase()}/${String(ref.name ?? '')}`;
      },
    },
    { header: 'MESSAGE', value: (obj) => String(obj.message ?? '') },
    { header: 'SOURCE', value: (obj) => String(obj.reportingComponent ?? ''), wide: true },
    { header: 'COUNT', value: (obj) => String(obj.count ?? 1), wide: true },
  ],
  validate(obj) {
    let errs = FieldError.empty();
    if (!isPlainObject(obj.involvedObject)) errs = errs.also(FieldError.missing('involvedObject'));
    if (obj.type !== undefined && !EVENT_TYPES.includes(obj.type as EventType)) {
      errs = errs.also(FieldError.of(`Unsupported value: "${String(obj.type)}"`, 'type'));
    }
    if (obj.count !== undefined && (!Number.isInteger(obj.count) || (obj.count as number) < 0)) {
      errs = errs.also(FieldError.of('must be a non-negative integer', 'count'));
    }
    return errs;
  },
};
