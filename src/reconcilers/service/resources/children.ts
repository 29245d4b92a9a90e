/**
 * Pure builders for the Configuration and Route a Service owns (knative/serving
 * pkg/reconciler/service/resources): same name as the Service, labelled with it, controlled by it.
 */
import { clone, type KObject } from '../../../api/object.js';
import { CLIENT_ANNOTATIONS, LABEL_SERVICE, LABEL_SERVICE_UID, SERVING_V1 } from '../../labels.js';
import { controllerRef, filterAnnotations } from '../../owner.js';

function childMeta(service: KObject) {
  const annotations = filterAnnotations(service.metadata.annotations, CLIENT_ANNOTATIONS);
  return {
    name: service.metadata.name,
    namespace: service.metadata.namespace,
    labels: {
      ...(service.metadata.labels ?? {}),
      [LABEL_SERVICE]: service.metadata.name,
      [LABEL_SERVICE_UID]: service.metadata.uid ?? '',
    },
    ...(annotations ? { annotations } : {}),
    ownerReferences: [controllerRef(service)],
  };
}

export function makeConfiguration(service: KObject): KObject {
  const template = clone(service.spec?.template ?? {});
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [LABEL_SERVICE]: service.metadata.name };
  return {
    apiVersion: SERVING_V1,
    kind: 'Configuration',
    metadata: childMeta(service),
    spec: { template },
  };
}

interface TrafficTarget {
  tag?: string;
  revisionName?: string;
  configurationName?: string;
  latestRevision?: boolean;
  percent?: number;
}

export function makeRoute(service: KObject): KObject {
  const given: TrafficTarget[] = service.spec?.traffic ?? [{ latestRevision: true, percent: 100 }];
  const traffic = given.map((t) => {
    const out: TrafficTarget = {};
    if (t.tag) out.tag = t.tag;
    if (t.revisionName) out.revisionName = t.revisionName;
    else out.configurationName = service.metadata.name;
    out.latestRevision = t.latestRevision ?? !t.revisionName;
    if (t.percent !== undefined) out.percent = t.percent;
    return out;
  });
  return {
    apiVersion: SERVING_V1,
    kind: 'Route',
    metadata: childMeta(service),
    spec: { traffic },
  };
}
