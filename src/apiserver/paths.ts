/**
 * Parses Kubernetes-shaped REST paths:
 *   /api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]
 *   /apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]
 * `/api/v1/namespaces/{name}` is the Namespace object itself, as in Kubernetes.
 */

export interface ResourcePath {
  group: string;
  version: string;
  /** undefined: not namespaced in the path (cluster-scoped kind, or a list across namespaces). */
  namespace: string | undefined;
  plural: string;
  name: string | undefined;
  subresource: string | undefined;
}

export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  if (rest.length === 0) return undefined;
  let namespace: string | undefined;
  // `namespaces/{ns}/{plural}...` is a namespaced path; `namespaces[/{name}]` alone is the Namespace kind.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  if (rest.length > 3) return undefined;
  return { group, version, namespace, plural: rest[0]!, name: rest[1], subresource: rest[2] };
}
