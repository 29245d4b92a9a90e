/**
 * The schemas of serving.knative.dev/v1's Service, Configuration, Revision and Route, as Knative's CRDs
 * and API reference describe them, for `kubectl explain`. A RevisionSpec is Knative's subset of a
 * PodSpec (core.ts) plus its own fields; spec and status objects keep unknown fields, since admission, not
 * the schema, is what judges a manifest.
 */
import { bool, int, int64, list, obj, open, type Schema, str, strList, strMap, time } from './build.js';
import { container, localObjectReferences, volume } from './core.js';

/** Knative's duck-typed Status: conditions, observedGeneration and annotations. */
export const condition = obj(
  "One aspect of the resource's state, as knative.dev/pkg reports it.",
  {
    type: str("Type of the condition: Ready, and the kind's others (ConfigurationsReady, RoutesReady, ...)."),
    status: str('True, False or Unknown.'),
    severity: str('Error (the default, empty) or Warning/Info for conditions that do not make Ready false.'),
    lastTransitionTime: time('When the condition last changed status.'),
    reason: str('A one-word CamelCase reason for the last transition.'),
    message: str('A human-readable message about the last transition.'),
  },
  ['type', 'status'],
);

export const statusFields = (kind: string): Record<string, Schema> => ({
  observedGeneration: int64(`The ${kind}'s metadata.generation the controller last acted on.`),
  conditions: list(`The latest observations of the ${kind}'s state.`, condition),
  annotations: strMap('Extra information the controller records about the resource.'),
});

export const addressable = obj('An address where the resource receives requests or events.', {
  name: str('Name of the address.'),
  url: str('The URL.'),
  CACerts: str('PEM-encoded CA certificates to trust for an https URL.'),
  audience: str('The OIDC audience of the address.'),
});

const trafficTarget = obj('Routes a share of the traffic, or a tag, to a revision.', {
  tag: str(
    'Exposes this target at its own URL, <tag>-<route>.<namespace>.<domain>, besides its share of the main URL.',
  ),
  revisionName: str('The Revision that gets this traffic; pins it, unlike latestRevision.'),
  configurationName: str(
    'The Configuration whose latest ready Revision gets this traffic (Route only: a Service targets its own Configuration with latestRevision).',
  ),
  latestRevision: bool(
    "Follow the latest ready Revision (of configurationName, or of the Service's Configuration); must not be true with revisionName. Defaults to true when revisionName is empty.",
  ),
  percent: int('Share of the traffic (0-100). The percents of all targets sum to 100; unset means 0.'),
  url: str('The URL of a tagged target (status only).'),
});

const traffic = (where: string) =>
  list(`${where} Defaults to 100% to the latest ready Revision.`, trafficTarget);

const revisionSpecFields: Record<string, Schema> = {
  containers: list(
    'The containers of the Revision (with Ebb: one process each); with more than one, exactly one names a port and serves the requests.',
    container,
  ),
  containerConcurrency: int64(
    'Most requests a replica serves at once; 0 (the default, from config-defaults) means no limit.',
  ),
  timeoutSeconds: int64('Longest a request may take to respond, in seconds (default 300).'),
  responseStartTimeoutSeconds: int64('Longest wait, in seconds, for the first byte of a response.'),
  idleTimeoutSeconds: int64('Longest a request may go without any bytes flowing, in seconds.'),
  serviceAccountName: str('The ServiceAccount the Revision runs as.'),
  volumes: list('Volumes the containers can mount.', volume),
  imagePullSecrets: localObjectReferences,
  enableServiceLinks: bool(
    'Whether service environment variables are injected; Knative defaults it to false.',
  ),
  automountServiceAccountToken: bool('Whether a service account token is mounted.'),
  initContainers: list(
    'Containers run to completion before the others (kubernetes.podspec-init-containers).',
    container,
  ),
  nodeSelector: strMap('Node labels the pod must match (kubernetes.podspec-nodeselector).'),
  affinity: open('Scheduling constraints (kubernetes.podspec-affinity).'),
  tolerations: list('Taints the pod tolerates (kubernetes.podspec-tolerations).', open('A toleration.')),
  securityContext: open('Pod-level security attributes (kubernetes.podspec-securitycontext).'),
  runtimeClassName: str('The RuntimeClass to run the pod with (kubernetes.podspec-runtimeclassname).'),
  priorityClassName: str("The pod's priority class (kubernetes.podspec-priorityclassname)."),
  schedulerName: str('The scheduler to dispatch the pod (kubernetes.podspec-schedulername).'),
  dnsPolicy: str("The pod's DNS policy (kubernetes.podspec-dnspolicy)."),
  dnsConfig: open('DNS settings of the pod (kubernetes.podspec-dnsconfig).'),
  hostAliases: list(
    "Entries for the pod's /etc/hosts (kubernetes.podspec-hostaliases).",
    open('A host alias.'),
  ),
  topologySpreadConstraints: list(
    'How to spread pods across topology domains (kubernetes.podspec-topologyspreadconstraints).',
    open('A topology spread constraint.'),
  ),
  shareProcessNamespace: bool(
    'Share one process namespace between the containers (kubernetes.podspec-shareprocessnamespace).',
  ),
  hostNetwork: bool("Use the host's network namespace (kubernetes.podspec-hostnetwork)."),
  hostIPC: bool("Use the host's IPC namespace (kubernetes.podspec-hostipc)."),
  hostPID: bool("Use the host's PID namespace (kubernetes.podspec-hostpid)."),
};

export const revisionSpec = (description: string): Schema =>
  open(description, revisionSpecFields, ['containers']);

const templateMetadata = open(
  'Metadata of the Revisions stamped out from the template. Set a name (<configuration>-<suffix>) to name the next Revision; autoscaling.knative.dev/* annotations tune the autoscaler.',
  {
    name: str("Name of the next Revision; must start with the Configuration's name and a dash."),
    generateName: str('Prefix for a generated name.'),
    namespace: str("Must be the Configuration's namespace, or empty."),
    labels: strMap('Labels of the Revision.'),
    annotations: strMap(
      'Annotations of the Revision, e.g. autoscaling.knative.dev/min-scale, max-scale, target, class, window.',
    ),
    finalizers: strList('Finalizers of the Revision.'),
  },
);

const template = obj(
  'The template from which Revisions are created: every change to it creates a new Revision.',
  {
    metadata: templateMetadata,
    spec: revisionSpec(
      'The desired state of the Revisions: their containers, volumes, concurrency and timeouts.',
    ),
  },
);

const configurationSpecFields = { template };

const containerStatus = obj("A container's resolved image.", {
  name: str('Name of the container.'),
  imageDigest: str('The image digest the tag resolved to when the Revision was created.'),
});

const serviceStatus = {
  ...statusFields('Service'),
  url: str('The URL of the Service (from its Route).'),
  address: addressable,
  traffic: list('The traffic targets in effect, with the Revisions they resolved to.', trafficTarget),
  latestReadyRevisionName: str('The latest Revision stamped out from the template that became ready.'),
  latestCreatedRevisionName: str(
    'The latest Revision stamped out from the template; it may not be ready yet.',
  ),
};

/** Top-level fields (spec, status) of the serving kinds, keyed by kind. */
export const SERVING_FIELDS: Record<string, Record<string, Schema>> = {
  Service: {
    spec: open(
      'The desired state of the Service: a Configuration (its template) and a Route (its traffic), which the Service creates and keeps as it says.',
      {
        ...configurationSpecFields,
        traffic: traffic("How traffic is split across the Service's Revisions."),
      },
    ),
    status: open('The observed state of the Service.', serviceStatus),
  },
  Configuration: {
    spec: open(
      'The desired state of the Configuration: the template of its Revisions.',
      configurationSpecFields,
    ),
    status: open('The observed state of the Configuration.', {
      ...statusFields('Configuration'),
      latestReadyRevisionName: serviceStatus.latestReadyRevisionName,
      latestCreatedRevisionName: serviceStatus.latestCreatedRevisionName,
    }),
  },
  Revision: {
    spec: revisionSpec(
      "The desired state of the Revision, an immutable snapshot of its Configuration's template: containers, volumes, concurrency and timeouts.",
    ),
    status: open('The observed state of the Revision.', {
      ...statusFields('Revision'),
      logUrl: str("A URL to the Revision's logs."),
      containerStatuses: list('The image digest each container resolved to.', containerStatus),
      initContainerStatuses: list('The image digest each init container resolved to.', containerStatus),
      actualReplicas: int('The replicas running now.'),
      desiredReplicas: int('The replicas the autoscaler wants.'),
    }),
  },
  Route: {
    spec: open('The desired state of the Route: where its traffic goes.', {
      traffic: traffic('How traffic is split across Revisions and Configurations.'),
    }),
    status: open('The observed state of the Route.', {
      ...statusFields('Route'),
      url: str('The URL at which the Route receives requests.'),
      address: addressable,
      traffic: serviceStatus.traffic,
    }),
  },
};
