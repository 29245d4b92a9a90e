/**
 * Kubernetes discovery for the kinds Ebb serves: `/api` (APIVersions), `/api/v1` and
 * `/apis/{group}/{version}` (APIResourceList), `/apis` (APIGroupList) and `/apis/{group}` (APIGroup), and
 * `/version`. Each kind is advertised at its stored version and at the older versions it accepts
 * (versions.ts says how objects are served at those). Categories and short names are those of
 * Knative's CRDs, so `kubectl get all` and `kubectl get knative` list what they list on a cluster.
 *
 * These are the legacy documents; aggregated-discovery.ts answers the same in one
 * `apidiscovery.k8s.io/v2` list to clients that ask for it.
 */
import type { KindDef } from '../../api/kind.js';
import { KINDS } from '../../api/registry.js';
import { REVIEW_RESOURCES } from './authorization.js';
import { compareVersions } from './version-order.js';
import { servedVersionsOf } from './versions.js';

export { compareVersions } from './version-order.js';

/** The Kubernetes API version Ebb's REST surface follows (what `/version` reports as major.minor). */
export const KUBERNETES_MAJOR = '1';
export const KUBERNETES_MINOR = '32';

const KNATIVE_GROUP_CATEGORIES: Record<string, string[]> = {
  'serving.knative.dev': ['all', 'knative', 'serving'],
  'eventing.knative.dev': ['all', 'knative', 'eventing'],
  'sources.knative.dev': ['all', 'knative', 'sources'],
  'messaging.knative.dev': ['all', 'knative', 'messaging'],
  'flows.knative.dev': ['all', 'knative', 'flows'],
  'sinks.knative.dev': ['all', 'knative', 'eventing', 'sink'],
};

/** Where a CRD (or Kubernetes, for Job) declares categories beyond its group's. */
const KIND_CATEGORIES: Record<string, string[]> = {
  'sources.knative.dev/SinkBinding': ['all', 'knative', 'sources', 'bindings'],
  'messaging.knative.dev/Channel': ['all', 'knative', 'messaging', 'channel'],
  'messaging.knative.dev/InMemoryChannel': ['all', 'knative', 'messaging', 'channel'],
  'batch/Job': ['all'],
};

/** Kinds whose `{name}/log` the API server serves (see ../logs.ts). */
const LOG_SUBRESOURCE = new Set([
  'serving.knative.dev/Service',
  'serving.knative.dev/Configuration',
  'serving.knative.dev/Revision',
  'sources.knative.dev/ContainerSource',
]);

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

const keyOf = (def: KindDef) => `${def.group}/${def.kind}`;

export function categoriesOf(def: KindDef): string[] {
  return KIND_CATEGORIES[keyOf(def)] ?? KNATIVE_GROUP_CATEGORIES[def.group] ?? [];
}

/** A kind as served in one group-version. */
export interface Served {
  def: KindDef;
  /** Served in a legacy group: no short names or categories, which belong to its main group. */
  legacy: boolean;
}

/**
 * group → served version → kinds, versions in priority order; the core group is ''. Main groups come first,
 * then legacy groups that are no kind's main group (sources.eventing.knative.dev): a legacy name inside a
 * main group (Sequence in messaging.knative.dev) would make kubectl's resource lookup ambiguous.
 */
export function servedGroups(kinds: readonly KindDef[] = KINDS): Map<string, Map<string, Served[]>> {
  const groups = new Map<string, Map<string, Served[]>>();
  const add = (group: string, version: string, served: Served) => {
    const versions = groups.get(group) ?? new Map<string, Served[]>();
    versions.set(version, [...(versions.get(version) ?? []), served]);
    groups.set(group, versions);
  };
  for (const def of kinds) {
    for (const v of servedVersionsOf(def)) if (!v.legacy) add(v.group, v.version, { def, legacy: false });
  }
  const main = new Set(groups.keys());
  for (const def of kinds) {
    for (const v of servedVersionsOf(def)) {
      if (v.legacy && !main.has(v.group)) add(v.group, v.version, { def, legacy: true });
    }
  }
  for (const [group, versions] of groups) {
    groups.set(group, new Map([...versions].sort(([a], [b]) => compareVersions(a, b))));
  }
  return groups;
}

export function apiResources({ def, legacy }: Served): Record<string, unknown>[] {
  const main = {
    name: def.plural,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: VERBS,
    ...(def.shortNames.length > 0 && !legacy ? { shortNames: def.shortNames } : {}),
    ...(categoriesOf(def).length > 0 && !legacy ? { categories: categoriesOf(def) } : {}),
  };
  const sub = (name: string, verbs: string[]) => ({
    name: `${def.plural}/${name}`,
    singularName: '',
    namespaced: def.namespaced,
    kind: def.kind,
    verbs,
  });
  return [
    main,
    ...(def.hasStatus ? [sub('status', STATUS_VERBS)] : []),
    ...(LOG_SUBRESOURCE.has(keyOf(def)) ? [sub('log', ['get'])] : []),
  ];
}

function resourceList(groupVersion: string, kinds: Served[]): Record<string, unknown> {
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: kinds.flatMap(apiResources) };
}

function apiGroup(name: string, versions: Map<string, Served[]>): Record<string, unknown> {
  const list = [...versions.keys()].map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: list, preferredVersion: list[0] };
}

/** Groups of resources that are not stored kinds (the access and identity reviews), by group-version. */
const VIRTUAL: Record<string, Record<string, unknown>[]> = REVIEW_RESOURCES;

/** The review resources by group-version (for aggregated discovery). */
export const virtualResourceLists = (): Record<string, Record<string, unknown>[]> => VIRTUAL;

/** The kinds are fixed at startup, so the groups are worked out once. */
let served: ReturnType<typeof servedGroups> | undefined;

/** The discovery document at `pathname`, or undefined when it is not a discovery path. */
export function discoveryDocument(pathname: string): unknown {
  const parts = pathname.split('/').filter((p) => p !== '');
  served ??= servedGroups();
  const groups = served;
  const virtualGroups = Object.keys(VIRTUAL).map((gv) => {
    const [name, version] = gv.split('/') as [string, string];
    return {
      name,
      versions: [{ groupVersion: gv, version }],
      preferredVersion: { groupVersion: gv, version },
    };
  });
  const gv = parts.slice(1).join('/');
  if (parts[0] === 'apis' && VIRTUAL[gv]) {
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: VIRTUAL[gv] };
  }
  const virtualGroup = virtualGroups.find(
    (g) => parts[0] === 'apis' && parts.length === 2 && g.name === parts[1],
  );
  if (virtualGroup) return { kind: 'APIGroup', apiVersion: 'v1', ...virtualGroup };
  if (parts[0] === 'api' && parts.length <= 2) {
    const core = groups.get('') ?? new Map<string, Served[]>();
    if (parts.length === 1)
      return { kind: 'APIVersions', versions: [...core.keys()], serverAddressByClientCIDRs: [] };
    const kinds = core.get(parts[1]!);
    return kinds ? resourceList(parts[1]!, kinds) : undefined;
  }
  if (parts[0] !== 'apis' || parts.length > 3) return undefined;
  if (parts.length === 1) {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        ...[...groups].filter(([name]) => name !== '').map(([name, versions]) => apiGroup(name, versions)),
        ...virtualGroups,
      ],
    };
  }
  const versions = groups.get(parts[1]!);
  if (!versions || parts[1] === '') return undefined;
  if (parts.length === 2) return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(parts[1]!, versions) };
  const kinds = versions.get(parts[2]!);
  return kinds ? resourceList(`${parts[1]}/${parts[2]}`, kinds) : undefined;
}

/** `/version`, as kube-apiserver answers it; gitVersion says it is Ebb. */
export function versionInfo(ebbVersion: string): Record<string, string> {
  return {
    major: KUBERNETES_MAJOR,
    minor: KUBERNETES_MINOR,
    gitVersion: `v${KUBERNETES_MAJOR}.${KUBERNETES_MINOR}.0+ebb-${ebbVersion}`,
    gitCommit: '',
    gitTreeState: '',
    buildDate: '',
    goVersion: '',
    compiler: 'ebb',
    platform: `${process.platform}/${process.arch}`,
  };
}
