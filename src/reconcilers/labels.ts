/** Label and annotation keys Knative puts on the objects its reconcilers create. */
export const SERVING_GROUP = 'serving.knative.dev';
export const SERVING_V1 = 'serving.knative.dev/v1';

export const LABEL_SERVICE = 'serving.knative.dev/service';
export const LABEL_SERVICE_UID = 'serving.knative.dev/serviceUID';
export const LABEL_CONFIGURATION = 'serving.knative.dev/configuration';
export const LABEL_CONFIGURATION_UID = 'serving.knative.dev/configurationUID';
export const LABEL_CONFIGURATION_GENERATION = 'serving.knative.dev/configurationGeneration';
export const LABEL_ROUTE = 'serving.knative.dev/route';
export const LABEL_REVISION = 'serving.knative.dev/revision';
export const LABEL_REVISION_UID = 'serving.knative.dev/revisionUID';

/** Annotations that belong to a client (kubectl) and are not copied onto children. */
export const CLIENT_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

export const RESOURCE = {
  services: 'services.serving.knative.dev',
  configurations: 'configurations.serving.knative.dev',
  routes: 'routes.serving.knative.dev',
  revisions: 'revisions.serving.knative.dev',
  configmaps: 'configmaps',
} as const;
