/**
 * Where an EventTransform answers. Knative addresses it by the Kubernetes Service in front of its
 * JSONata Deployment, `kmeta.ChildName(name, "-jsonata")` in the transform's namespace:
 * `http://{name}-jsonata.{namespace}.svc.cluster.local`. Ebb keeps that host and adds its ingress port,
 * where the EventTransform plane serves it by Host header.
 */
import { createHash } from 'node:crypto';
import { CLUSTER_LOCAL_DOMAIN } from '../../domain.js';

export const JSONATA_SUFFIX = '-jsonata';
/** The longest Kubernetes object name kmeta.ChildName produces (a DNS-1123 label). */
const LONGEST = 63;
const MD5_HEX = 32;

/** knative.dev/pkg kmeta.ChildName: `parent + suffix`, with the parent cut and hashed to fit 63 characters. */
export function childName(parent: string, suffix: string): string {
  if (parent.length <= LONGEST - suffix.length) return parent + suffix;
  const head = LONGEST - MD5_HEX;
  if (head - suffix.length <= 0) {
    return (
      parent.slice(0, head) +
      createHash('md5')
        .update(parent + suffix)
        .digest('hex')
    );
  }
  return parent.slice(0, head - suffix.length) + createHash('md5').update(parent).digest('hex') + suffix;
}

/** The transform's host: `{name}-jsonata.{namespace}.svc.cluster.local`. */
export function transformHost(name: string, namespace: string): string {
  return `${childName(name, JSONATA_SUFFIX)}.${namespace}.${CLUSTER_LOCAL_DOMAIN}`;
}

/** `status.address.url`: the host on the ingress port. */
export function transformUrl(name: string, namespace: string, ingressPort: number): string {
  return `http://${transformHost(name, namespace)}:${ingressPort}`;
}
