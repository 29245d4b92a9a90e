/**
 * A Secret's values as text: `data` is stored base64 (admission folds `stringData` into it), decoded here
 * for the reconcilers that read Secrets (a revision's env, a source's access token).
 */
import type { ResourceStore } from '../store/types.js';

/** The decoded values of Secret `namespace/name`, or undefined when it does not exist. */
export function secretValues(
  store: ResourceStore,
  namespace: string,
  name: string,
): Record<string, string> | undefined {
  const s = store.get({ resource: 'secrets', namespace, name });
  if (!s) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((s.data as Record<string, string>) ?? {})) {
    out[k] = Buffer.from(v, 'base64').toString('utf8');
  }
  return out;
}
