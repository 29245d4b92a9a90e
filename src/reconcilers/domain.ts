/**
 * The domain routes get, from the `config-domain` ConfigMap (namespace knative-serving) as Knative reads
 * it: each key is a domain, its value a label selector ("" or absent: the default). Ebb's default is
 * `localhost`, so URLs resolve on one machine without DNS changes.
 */
export const DEFAULT_DOMAIN = 'localhost';
export const SERVING_SYSTEM_NAMESPACE = 'knative-serving';
/** Knative's cluster-local domain; the router serves it too, so the same URLs work from this machine. */
export const CLUSTER_LOCAL_DOMAIN = 'svc.cluster.local';

export function domainFor(
  config: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): string {
  if (!config) return DEFAULT_DOMAIN;
  let fallback: string | undefined;
  for (const [domain, selector] of Object.entries(config)) {
    if (domain.startsWith('_')) continue; // `_example` holds documentation
    const trimmed = (selector ?? '').trim();
    if (trimmed === '') {
      fallback ??= domain;
      continue;
    }
    if (matchesSelectorText(trimmed, labels ?? {})) return domain;
  }
  return fallback ?? DEFAULT_DOMAIN;
}

/** Knative's value is YAML `selector:\n  key: value`; accept that and `key=value` lists. */
function matchesSelectorText(text: string, labels: Record<string, string>): boolean {
  const pairs: [string, string][] = [];
  for (const line of text.split(/[\n,]/)) {
    const m = /^\s*([^:=\s]+)\s*[:=]\s*"?([^"\s]*)"?\s*$/.exec(line);
    if (m && m[1] !== 'selector') pairs.push([m[1]!, m[2]!]);
  }
  return pairs.length > 0 && pairs.every(([k, v]) => labels[k] === v);
}

export function routeHost(name: string, namespace: string, domain: string): string {
  return `${name}.${namespace}.${domain}`;
}

export function tagHost(tag: string, name: string, namespace: string, domain: string): string {
  return `${tag}-${name}.${namespace}.${domain}`;
}
