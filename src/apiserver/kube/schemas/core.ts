/**
 * The Kubernetes core types Knative's PodSpec subset uses (containers, env, probes, volumes), described as
 * k8s.io/api documents them. Fields Knative lets through behind feature flags, or that Ebb keeps without
 * acting on, are open objects so that no manifest Ebb accepts is refused by a client that validates.
 */
import { bool, int, int64, intOrString, list, obj, open, type Schema, str, strList } from './build.js';

const keyRef = (what: string) =>
  obj(
    `Selects a key of a ${what} in the Revision's namespace.`,
    {
      key: str(`The key of the ${what} to select.`),
      name: str(`Name of the ${what}.`),
      optional: bool(`Whether the ${what} or its key may be missing.`),
    },
    ['key'],
  );

const envVar = obj(
  'An environment variable to set in the container.',
  {
    name: str('Name of the environment variable; must be a C_IDENTIFIER.'),
    value: str(
      'The value. $(VAR_NAME) references to variables defined earlier in the list are expanded; $$ escapes them. Defaults to "".',
    ),
    valueFrom: obj('Where to take the value from; cannot be used if value is not empty.', {
      configMapKeyRef: keyRef('ConfigMap'),
      secretKeyRef: keyRef('Secret'),
      fieldRef: open('Selects a field of the pod (behind the kubernetes.podspec-fieldref feature).'),
      resourceFieldRef: open(
        'Selects a resource of the container (behind the kubernetes.podspec-fieldref feature).',
      ),
    }),
  },
  ['name'],
);

const sourceRef = (what: string) =>
  obj(`The ${what} to take every key from.`, {
    name: str(`Name of the ${what}.`),
    optional: bool(`Whether the ${what} may be missing.`),
  });

const envFromSource = obj('A source of a set of environment variables: every key becomes a variable.', {
  prefix: str('An identifier to prepend to each key.'),
  configMapRef: sourceRef('ConfigMap'),
  secretRef: sourceRef('Secret'),
});

const port = obj('A network port the container listens on. Knative allows one port per Revision.', {
  containerPort: int(
    "Port number on the container's IP address; 1-65535. Knative sends requests here (default 8080, as $PORT).",
  ),
  name: str('The port\'s protocol for Knative: "http1" or "h2c" (HTTP/2 without TLS). Empty means http1.'),
  protocol: str('Protocol for the port: TCP (the default; the only one Knative allows).'),
});

const probe = (when: string) =>
  obj(when, {
    exec: obj('Runs a command in the container; exit code 0 is healthy.', {
      command: strList('The command line to run, not in a shell.'),
    }),
    httpGet: obj('An HTTP GET; a status from 200 to 399 is healthy.', {
      host: str('Host name to connect to; defaults to the pod IP.'),
      httpHeaders: list(
        'Headers to set in the request.',
        obj('An HTTP header.', { name: str('Header field name.'), value: str('Header field value.') }, [
          'name',
          'value',
        ]),
      ),
      path: str('Path to request on the HTTP server.'),
      port: intOrString("Port number or name; Knative defaults it to the container's port."),
      scheme: str('HTTP (the default) or HTTPS.'),
    }),
    tcpSocket: obj('Opens a TCP connection; success is healthy.', {
      host: str('Host name to connect to; defaults to the pod IP.'),
      port: intOrString("Port number or name; Knative defaults it to the container's port."),
    }),
    grpc: obj('A gRPC health check.', {
      port: int('Port number of the gRPC service.'),
      service: str('Service name for the gRPC HealthCheckRequest.'),
    }),
    initialDelaySeconds: int('Seconds after the container started before the first probe.'),
    periodSeconds: int(
      'How often (in seconds) to probe. Knative allows 0 for its aggressive readiness probing.',
    ),
    timeoutSeconds: int('Seconds after which the probe times out. Defaults to 1.'),
    successThreshold: int('Consecutive successes to be considered healthy after a failure. Defaults to 1.'),
    failureThreshold: int('Consecutive failures to be considered unhealthy. Defaults to 3.'),
  });

const resources = obj('Compute resources the container needs.', {
  limits: {
    type: 'object',
    additionalProperties: intOrString('A quantity, e.g. 500m or 128Mi.'),
    description: 'The most compute resources (cpu, memory, ...) allowed.',
  },
  requests: {
    type: 'object',
    additionalProperties: intOrString('A quantity, e.g. 500m or 128Mi.'),
    description: 'The least compute resources required; defaults to limits when only those are given.',
  },
});

const securityContext = open('Security options the container runs with; Knative allows a subset.', {
  allowPrivilegeEscalation: bool('Whether a process can gain more privileges than its parent.'),
  capabilities: obj('POSIX capabilities to add or drop.', {
    add: strList('Capabilities to add (Knative allows only NET_BIND_SERVICE, behind a feature flag).'),
    drop: strList('Capabilities to drop.'),
  }),
  privileged: bool('Run as privileged; Knative allows only false.'),
  readOnlyRootFilesystem: bool('Whether the container has a read-only root filesystem.'),
  runAsGroup: int64('The GID to run the entrypoint as.'),
  runAsNonRoot: bool('The container must run as a non-root user.'),
  runAsUser: int64('The UID to run the entrypoint as.'),
  seccompProfile: obj(
    'The seccomp options of the container.',
    {
      type: str('RuntimeDefault, Unconfined or Localhost.'),
      localhostProfile: str('A profile in a file on the node (type Localhost only).'),
    },
    ['type'],
  ),
});

const volumeMount = obj(
  'Mounts a volume of the Revision into the container.',
  {
    name: str("Name of the volume (one of the Revision's volumes)."),
    mountPath: str('Absolute path in the container at which to mount the volume; must not contain ":".'),
    readOnly: bool('Mount read-only. Knative requires true except for emptyDir and claims.'),
    subPath: str('Path within the volume to mount instead of its root.'),
    mountPropagation: str('How mounts propagate between host and container.'),
  },
  ['name', 'mountPath'],
);

/** A container as Knative accepts it: a subset of the Kubernetes Container, plus what Ebb runs locally. */
export const container = open(
  'A container of the Revision (with Ebb: a local process). Knative allows a subset of the Kubernetes Container fields.',
  {
    name: str('Name of the container; a DNS label, unique in the Revision. Defaulted when there is one.'),
    image: str(
      'Container image name. Ebb runs processes: a container with only an image runs the command the ConfigMap config-ebb-images maps the image to.',
    ),
    command: strList(
      "Entrypoint array, not run in a shell; $(VAR_NAME) references are expanded. Defaults to the image's ENTRYPOINT.",
    ),
    args: strList(
      "Arguments to the entrypoint; $(VAR_NAME) references are expanded. Defaults to the image's CMD.",
    ),
    workingDir: str("The container's working directory; defaults to the image's."),
    env: list('Environment variables to set in the container.', envVar),
    envFrom: list('Sources of environment variables; env wins over these for the same key.', envFromSource),
    ports: list('The port the serving container listens on (at most one).', port),
    resources,
    imagePullPolicy: str('Always, Never or IfNotPresent.'),
    livenessProbe: probe('Restarts the container when it fails.'),
    readinessProbe: probe(
      'The container receives requests only while it succeeds. Knative defaults it to a TCP probe of the port.',
    ),
    startupProbe: probe('Holds the other probes until it succeeds once.'),
    securityContext,
    terminationMessagePath: str('File the container writes its termination message to.'),
    terminationMessagePolicy: str('File (the default) or FallbackToLogsOnError.'),
    volumeMounts: list("Volumes to mount into the container's filesystem.", volumeMount),
  },
);

const keyToPath = list(
  'Which keys to project, and where; without it every key becomes a file named after the key.',
  obj(
    'Maps a key to a path in the volume.',
    {
      key: str('The key to project.'),
      path: str('The relative path of the file to map the key to.'),
      mode: int('Mode bits of the file (0000-0777).'),
    },
    ['key', 'path'],
  ),
);

const projection = (what: string, extra: Record<string, Schema> = {}) =>
  obj(`Populates the volume with the keys of a ${what}.`, {
    name: str(`Name of the ${what}.`),
    items: keyToPath,
    optional: bool(`Whether the ${what} may be missing.`),
    ...extra,
  });

/** A volume as Knative accepts it: one source each. */
export const volume = open(
  "A volume the Revision's containers can mount. Knative allows configMap, secret, projected, emptyDir and persistentVolumeClaim (the last two behind feature flags).",
  {
    name: str('Name of the volume; a DNS label, unique in the Revision.'),
    configMap: projection('ConfigMap', { defaultMode: int('Mode bits of the files (0000-0777).') }),
    secret: obj('Populates the volume with the keys of a Secret.', {
      secretName: str('Name of the Secret.'),
      items: keyToPath,
      optional: bool('Whether the Secret may be missing.'),
      defaultMode: int('Mode bits of the files (0000-0777).'),
    }),
    projected: obj('Projects several sources into one directory.', {
      defaultMode: int('Mode bits of the files (0000-0777).'),
      sources: list(
        'The sources to project.',
        open('One projected source.', {
          configMap: projection('ConfigMap'),
          secret: projection('Secret'),
          serviceAccountToken: open('A token of the service account.', {}, ['path']),
          downwardAPI: open('Fields of the pod.'),
        }),
      ),
    }),
    emptyDir: open('A directory that lives as long as the pod (kubernetes.podspec-emptydir).'),
    persistentVolumeClaim: open('A PersistentVolumeClaim (kubernetes.podspec-persistent-volume-claim).'),
    csi: open('A volume from a CSI driver (kubernetes.podspec-csi).'),
    ephemeral: open(
      'A volume from a claim template, deleted with the pod (kubernetes.podspec-persistent-volume-claim).',
    ),
    image: open('An OCI image or artifact mounted read-only (kubernetes.podspec-image-volume).'),
    hostPath: open('A directory of the host; Ebb refuses it (kubernetes.podspec-hostpath).'),
  },
  ['name'],
);

export const localObjectReferences = list(
  'Secrets to pull the image with.',
  obj('Refers to an object in the same namespace.', { name: str('Name of the referent.') }),
);
