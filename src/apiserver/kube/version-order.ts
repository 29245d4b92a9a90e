/** Kubernetes' version priority (k8s.io/apimachinery/pkg/version.CompareKubeAwareVersionStrings). */

/**
 * GA before beta before alpha, higher numbers first (v1 > v1beta2 > v1beta1 > v1alpha1); anything else
 * sorts last, alphabetically. A comparator: negative when `a` has the higher priority.
 */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stability = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stability, Number(m[1]), Number(m[3] ?? 0)] as const;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  return pb[0] - pa[0] || pb[1] - pa[1] || pb[2] - pa[2];
}
