/**
 * Pure builder for the Revision a Configuration stamps out when its template changes: an immutable copy
 * of the template, named `{config}-{generation, 5 digits}` unless the template names it, labelled with
 * the configuration and its generation (knative/serving pkg/reconciler/configuration/resources).
 */
import { clone, type KObject } from '../../../api/object.js';
import {
  CLIENT_ANNOTATIONS,
  LABEL_CONFIGURATION,
  LABEL_CONFIGURATION_GENERATION,
  LABEL_CONFIGURATION_UID,
  LABEL_SERVICE,
  LABEL_SERVICE_UID,
  SERVING_V1,
} from '../../labels.js';
import { controllerRef, filterAnnotations } from '../../owner.js';

export function revisionName(config: KObject): string {
  const given = config.spec?.template?.metadata?.name;
  if (typeof given === 'string' && given !== '') return given;
  return `${config.metadata.name}-${String(config.metadata.generation ?? 1).padStart(5, '0')}`;
}

export function makeRevision(config: KObject): KObject {
  const template = clone(config.spec?.template ?? {});
  const labels: Record<string, string> = {
    ...(template.metadata?.labels ?? {}),
    [LABEL_CONFIGURATION]: config.metadata.name,
    [LABEL_CONFIGURATION_GENERATION]: String(config.metadata.generation ?? 1),
    [LABEL_CONFIGURATION_UID]: config.metadata.uid ?? '',
  };
  const service = config.metadata.labels?.[LABEL_SERVICE];
  if (service) {
    labels[LABEL_SERVICE] = service;
    const serviceUid = config.metadata.labels?.[LABEL_SERVICE_UID];
    if (serviceUid) labels[LABEL_SERVICE_UID] = serviceUid;
  }
  const annotations = filterAnnotations(
    { ...(config.metadata.annotations ?? {}), ...(template.metadata?.annotations ?? {}) },
    CLIENT_ANNOTATIONS,
  );
  return {
    apiVersion: SERVING_V1,
    kind: 'Revision',
    metadata: {
      name: revisionName(config),
      namespace: config.metadata.namespace,
      labels,
      ...(annotations ? { annotations } : {}),
      ownerReferences: [controllerRef(config)],
    },
    spec: template.spec ?? {},
  };
}
