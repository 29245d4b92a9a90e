/**
 * Pure builders for an ApiServerSource's adapter: which store resources its `resources` name (a kind
 * Ebb does not serve, or a bad selector, is a reason the source cannot run), and which namespaces it
 * watches — its own by default, those a `namespaceSelector` matches (sorted, as Knative lists them in
 * `status.namespaces`), every namespace for an empty selector.
 */
import type { KObject } from '../../api/object.js';
import { kindForObject, resourceOf } from '../../api/registry.js';
import {
  compileSelector,
  type LabelSelectorObject,
  type ResourceWatch,
  SelectorError,
  selectorString,
} from '../../sources/apiserver/index.js';

export type Built<T> = { ok: true; value: T } | { ok: false; reason: string; message: string };

export function resourceWatches(resources: unknown): Built<ResourceWatch[]> {
  const out: ResourceWatch[] = [];
  const list = Array.isArray(resources) ? resources : [];
  for (const [i, r] of list.entries()) {
    const def = kindForObject(String(r?.apiVersion ?? ''), String(r?.kind ?? ''));
    if (!def) {
      return {
        ok: false,
        reason: 'ResourceNotFound',
        message: `resources[${i}]: ${r?.apiVersion} ${r?.kind} is not a kind Ebb serves, so there is nothing to watch`,
      };
    }
    try {
      out.push({
        resource: resourceOf(def),
        namespaced: def.namespaced,
        labelSelector: selectorString(r.selector as LabelSelectorObject | undefined),
      });
    } catch (err) {
      if (!(err instanceof SelectorError)) throw err;
      return { ok: false, reason: 'InvalidSelector', message: `resources[${i}].selector: ${err.message}` };
    }
  }
  return { ok: true, value: out };
}

export interface WatchedNamespaces {
  /** Every namespace (an empty `namespaceSelector`): no filter. */
  all: boolean;
  /** The namespaces watched now, sorted. */
  names: string[];
}

export function watchedNamespaces(
  selector: unknown,
  ownNamespace: string,
  namespaces: readonly KObject[],
): Built<WatchedNamespaces> {
  if (selector === undefined || selector === null)
    return { ok: true, value: { all: false, names: [ownNamespace] } };
  const s = selector as LabelSelectorObject;
  const empty = Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
  try {
    const matcher = compileSelector(selectorString(s));
    const names = namespaces
      .filter((ns) => matcher.matches(ns.metadata.labels))
      .map((ns) => ns.metadata.name)
      .sort();
    return { ok: true, value: { all: empty, names } };
  } catch (err) {
    if (!(err instanceof SelectorError)) throw err;
    return { ok: false, reason: 'InvalidSelector', message: `namespaceSelector: ${err.message}` };
  }
}
