/**
 * Contracts between the serving data plane's parts and the control plane that drives them. The data plane
 * (runtime, router) never imports the control plane; reconcilers translate Knative objects into these.
 */

/** `namespace/revisionName`. */
export type RevisionKey = string;

/** A running replica that can take requests. */
export interface ReplicaEndpoint {
  /** Unique for the life of the platform, e.g. `default/hello-00001#3`. */
  id: string;
  revision: RevisionKey;
  host: string;
  port: number;
}

export interface HttpGetProbe {
  path?: string;
  port?: number;
  httpHeaders?: { name: string; value: string }[];
  scheme?: 'HTTP' | 'HTTPS';
}

export interface Probe {
  httpGet?: HttpGetProbe;
  tcpSocket?: { port?: number };
  exec?: { command: string[] };
  /** Knative semantics: 0 for readiness means "probe aggressively" (every ~50 ms during start-up). */
  periodSeconds?: number;
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

/** Everything the runtime needs to run a revision's replicas. Built from a Revision by the control plane. */
export interface RuntimeRevision {
  key: RevisionKey;
  namespace: string;
  name: string;
  /** argv[0] and arguments, already resolved from command/args (or an image mapping). */
  command: string[];
  /**
   * The folder the replica's relative paths start from: its cwd is `workingDir` resolved against it (or
   * this folder itself without a `workingDir`). Absent: the folder `ebb up` runs in.
   */
  baseDir?: string;
  workingDir?: string;
  /** Fully resolved environment for the replica, without PORT (the runtime adds PORT). */
  env: Record<string, string>;
  readinessProbe?: Probe;
  /**
   * When a replica without a `readinessProbe` is ready: `tcp` once it accepts a connection on `$PORT`
   * (Knative Serving's default probe); `started` once its process runs (Kubernetes' default for a container
   * without a probe, which a ContainerSource's adapter, serving nothing, needs). @defaultValue 'tcp'
   */
  defaultReadiness?: 'tcp' | 'started';
  livenessProbe?: Probe;
  /** Bound for finishing in-flight requests when a replica is removed. */
  timeoutSeconds: number;
  /** SIGTERM → SIGKILL grace. @defaultValue 30 (Kubernetes' terminationGracePeriodSeconds) */
  terminationGracePeriodSeconds?: number;
}

export interface TerminationInfo {
  exitCode: number | null;
  signal: string | null;
  /** Last lines of the replica's output (stdout and stderr interleaved). */
  lastOutput: string;
  at: string;
}

export interface RevisionRuntimeStatus {
  desired: number;
  /** Replicas that exist (starting, ready or draining excluded). */
  actual: number;
  ready: number;
  /** Set while replicas keep exiting: the most recent exit. */
  lastTermination?: TerminationInfo;
  /** True when the last start attempt failed and the runtime is backing off before the next. */
  crashLooping: boolean;
  /** A start error that no retry fixes (e.g. command not found). */
  startError?: string;
}

/** One revision's share of a route's traffic. */
export interface RouteTarget {
  revision: RevisionKey;
  /** 0–100; targets with 0 never get traffic. */
  percent: number;
}

/** A tag's own host, which sends all of its traffic to one revision. */
export interface RouteTag {
  host: string;
  revision: RevisionKey;
}

/**
 * What the router serves for one Route. The control plane decides the hosts (external ones like
 * `hello.default.localhost`, cluster-local ones like `hello.default.svc.cluster.local`); the router treats
 * every host alike.
 */
export interface RouteEntry {
  /** `namespace/name`. */
  id: string;
  hosts: string[];
  visibility: 'external' | 'cluster-local';
  targets: RouteTarget[];
  tags: RouteTag[];
}

/** The per-revision limits the router enforces (from the Revision's spec). */
export interface RevisionTrafficConfig {
  /** Requests in flight per replica; 0 = unlimited. */
  containerConcurrency: number;
  /** Longest a request may take, queueing included. */
  timeoutSeconds: number;
  /** Longest a replica may take to send response headers once it has the request. */
  responseStartTimeoutSeconds?: number;
  /** Longest a replica may go without sending response bytes. */
  idleTimeoutSeconds?: number;
}
