/**
 * The described top-level fields (spec, status) of the kinds Ebb has full schemas for, keyed by
 * `group/kind`, with a one-line description of each kind. Served at a kind's stored version only: older
 * versions keep open objects, since their shapes differ.
 */
import type { Schema } from './build.js';
import { EVENTING_FIELDS } from './eventing.js';
import { SERVING_FIELDS } from './serving.js';

const KIND_DESCRIPTIONS: Record<string, string> = {
  'serving.knative.dev/Service':
    'Service manages the whole lifecycle of a workload: it creates a Configuration and a Route and keeps them as its spec says, so that every template change becomes a new Revision that receives traffic.',
  'serving.knative.dev/Configuration':
    'Configuration keeps the desired state of a workload as a template; each change to the template stamps out a new Revision.',
  'serving.knative.dev/Revision':
    "Revision is an immutable snapshot of code and configuration, created from a Configuration's template; it scales with its traffic, down to zero.",
  'serving.knative.dev/Route':
    'Route gives a network endpoint to Revisions: it splits traffic across them by percent and tag.',
  'eventing.knative.dev/Broker':
    'Broker collects a pool of CloudEvents at an address; Triggers subscribe to it with filters.',
  'eventing.knative.dev/Trigger':
    'Trigger sends the events of a Broker that pass its filters to a subscriber.',
};

const FIELDS: Record<string, Record<string, Schema>> = {
  ...Object.fromEntries(Object.entries(SERVING_FIELDS).map(([k, v]) => [`serving.knative.dev/${k}`, v])),
  ...Object.fromEntries(Object.entries(EVENTING_FIELDS).map(([k, v]) => [`eventing.knative.dev/${k}`, v])),
};

/** The described fields and description of `group/kind`, or undefined when Ebb has none for it. */
export function describedKind(
  group: string,
  kind: string,
): { description: string; fields: Record<string, Schema> } | undefined {
  const key = `${group}/${kind}`;
  const fields = FIELDS[key];
  return fields && { description: KIND_DESCRIPTIONS[key] ?? '', fields };
}
