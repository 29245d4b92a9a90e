/**
 * The pod-level defaults Knative's RevisionSpec.SetDefaults writes (revision_defaults.go applyDefault and
 * its probe helpers), so a Service reads back from Ebb as it reads back from Knative:
 * - every container gets `resources: {}`;
 * - the serving container (the only one, or the one with ports) gets a readiness probe — `tcpSocket` when
 *   it has none or one without a handler — with `successThreshold: 1`, and, when `periodSeconds` is set,
 *   Kubernetes' `timeoutSeconds: 1` and `failureThreshold: 3`; an httpGet or tcpSocket `port` left unset
 *   reads `0` (Knative's queue-proxy probes the container port, and so does Ebb's runtime);
 * - a gRPC probe's `service` defaults to "";
 * - `enableServiceLinks: false` (config-defaults `enable-service-links`, default false);
 * - a volume mount of anything but an emptyDir, a persistentVolumeClaim or an ephemeral volume is
 *   `readOnly: true` (Knative 0.51; 0.42 did not except ephemeral ones).
 */
import { isPlainObject } from '../object.js';
import { hasHandler } from './probe.js';

type Obj = Record<string, any>;

export function setPodSpecDefaults(spec: Obj, enableServiceLinks: boolean): void {
  const containers: unknown[] = Array.isArray(spec.containers) ? spec.containers : [];
  const writable = new Set(
    (Array.isArray(spec.volumes) ? spec.volumes : [])
      .filter((v: any) => isPlainObject(v) && (v.emptyDir || v.persistentVolumeClaim || v.ephemeral))
      .map((v: any) => v.name),
  );
  for (const item of containers) {
    if (!isPlainObject(item)) continue;
    const c = item as Obj;
    if (c.resources === undefined || c.resources === null) c.resources = {};
    const serving = containers.length === 1 || (Array.isArray(c.ports) && c.ports.length > 0);
    if (serving) {
      if (!isPlainObject(c.readinessProbe)) c.readinessProbe = {};
      if (!hasHandler(c.readinessProbe)) c.readinessProbe.tcpSocket = {};
    }
    if (isPlainObject(c.readinessProbe)) readinessDefaults(c.readinessProbe);
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
      if (isPlainObject(probe) && isPlainObject(probe.grpc) && probe.grpc.service === undefined)
        probe.grpc.service = '';
    }
    if (Array.isArray(c.volumeMounts)) {
      for (const m of c.volumeMounts) if (isPlainObject(m) && !writable.has(m.name)) m.readOnly = true;
    }
  }
  // Plain (not pointer) booleans of a Go PodSpec: false is their zero value, which Knative's defaulting
  // webhook writes back as absent.
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[field] === false) delete spec[field];
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) {
    spec.enableServiceLinks = enableServiceLinks;
  }
}

function readinessDefaults(probe: Obj): void {
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (probe.periodSeconds) {
    if (!probe.failureThreshold) probe.failureThreshold = 3;
    if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  }
  for (const handler of ['httpGet', 'tcpSocket']) {
    const h = probe[handler];
    if (isPlainObject(h) && (h.port === undefined || h.port === null)) h.port = 0;
  }
}
