/**
 * Which objects a SinkBinding's subject names (a knative.dev/pkg tracker.Reference: apiVersion, kind, and
 * a name or a label selector), and which bindings bind a given object. Ebb runs the containers of Knative
 * Services and Configurations, so those are the kinds a binding can bind; another kind is reported as
 * Knative reports a subject it has no informer for. Pure functions over plain objects.
 */
import type { KObject } from '../../../api/object.js';

export const BINDABLE_GROUP = 'serving.knative.dev';
export const BINDABLE_KINDS = ['Service', 'Configuration'] as const;
export type BindableKind = (typeof BINDABLE_KINDS)[number];

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface SubjectRef {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  selector?: LabelSelector;
}

/** An object that may be bound: its kind, name and labels. */
export interface Bindable {
  kind: BindableKind;
  name: string;
  labels: Record<string, string>;
}

export type SubjectKind = { ok: true; kind: BindableKind } | { ok: false; message: string };

/** The bindable kind a subject names, or why Ebb cannot bind it. */
export function subjectKind(subject: SubjectRef): SubjectKind {
  const group = (subject.apiVersion ?? '').includes('/') ? subject.apiVersion!.split('/')[0] : '';
  const kind = BINDABLE_KINDS.find((k) => k === subject.kind);
  if (group === BINDABLE_GROUP && kind) return { ok: true, kind };
  return {
    ok: false,
    message:
      `Ebb binds Knative Services and Configurations (${BINDABLE_GROUP}), whose containers it runs; ` +
      `${subject.apiVersion ?? ''} ${subject.kind ?? ''} is not a kind it runs`,
  };
}

/** metav1.LabelSelectorAsSelector semantics: every matchLabels pair and every expression must hold. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]!);
    const ok =
      e.operator === 'In'
        ? inValues
        : e.operator === 'NotIn'
          ? !inValues
          : e.operator === 'Exists'
            ? has
            : e.operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

/** True when the subject names this object (same namespace is the caller's concern). */
export function subjectNames(subject: SubjectRef, target: Bindable): boolean {
  const kind = subjectKind(subject);
  if (!kind.ok || kind.kind !== target.kind) return false;
  if (subject.name) return subject.name === target.name;
  return subject.selector ? selectorMatches(subject.selector, target.labels) : false;
}

/**
 * The bindings, of those given, that bind any of `targets`, oldest first: Knative's webhook runs each
 * binding's Do in turn, each undoing what came before, so when several bind one object the last applied
 * (here the newest) wins.
 */
export function bindingsOf(bindings: readonly KObject[], targets: readonly Bindable[]): KObject[] {
  return bindings
    .filter((b) => targets.some((t) => subjectNames((b.spec?.subject ?? {}) as SubjectRef, t)))
    .sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        a.metadata.name.localeCompare(b.metadata.name),
    );
}
