/**
 * The Topology view as a graph: sources → brokers and channels → triggers and subscriptions → services
 * (and the other addressables: flows, EventTransforms, JobSinks, plain URIs), laid out in those four
 * columns; each node carries its Ready state and reason, each edge its live rate. Pure: built from the
 * objects and the eventing and sources views.
 */
import type { KObject } from '../api/object.js';
import type { EventingView } from './eventing-view.js';
import type { ObjectMirror, ReadyState, WatchedName } from './objects.js';
import { readyOf } from './objects.js';
import type { SourceView } from './sources-view.js';

export interface TopologyNode extends ReadyState {
  id: string;
  kind: string;
  namespace: string;
  name: string;
  /** 0 sources, 1 brokers and channels, 2 triggers and subscriptions, 3 services and other sinks. */
  column: number;
  x: number;
  y: number;
}

export interface TopologyEdge {
  source: string;
  target: string;
  /** Events per second over the last tick, where known. */
  rate?: number;
  /** 'reply' and 'dead-letter' edges are drawn dashed. */
  role: 'events' | 'reply' | 'dead-letter';
}

export interface Topology {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

/** Spacing of the laid-out graph, in the chart's units. */
const COLUMN_WIDTH = 260;
const ROW_HEIGHT = 70;

/** Kinds folded into one node kind (a Channel is its backing InMemoryChannel). */
const KIND_ALIASES: Record<string, string> = { InMemoryChannel: 'Channel' };
const nodeKind = (kind: string) => KIND_ALIASES[kind] ?? kind;
const idOf = (kind: string, ns: string, name: string) => `${nodeKind(kind)}:${ns}/${name}`;

const COLUMNS: Record<string, number> = {
  RocketMQSource: 0,
  PingSource: 0,
  ApiServerSource: 0,
  ContainerSource: 0,
  SinkBinding: 0,
  Broker: 1,
  Channel: 1,
  Trigger: 2,
  Subscription: 2,
};

/** A Destination (`{ref, uri}`) as a node id, adding a node for a URI or a kind not watched. */
function destinationId(dest: any, ns: string, extra: Map<string, TopologyNode>): string | undefined {
  if (!dest || typeof dest !== 'object') return undefined;
  if (dest.ref?.name)
    return idOf(String(dest.ref.kind ?? ''), String(dest.ref.namespace ?? ns), dest.ref.name);
  if (typeof dest.uri === 'string') {
    const id = `URI:${dest.uri}`;
    if (!extra.has(id))
      extra.set(id, { id, kind: 'URI', namespace: '', name: dest.uri, column: 3, x: 0, y: 0, ready: 'True' });
    return id;
  }
  return undefined;
}

const NODE_KINDS: WatchedName[] = [
  'rocketmqsources',
  'pingsources',
  'apiserversources',
  'containersources',
  'sinkbindings',
  'brokers',
  'channels',
  'inmemorychannels',
  'triggers',
  'subscriptions',
  'services',
  'sequences',
  'parallels',
  'eventtransforms',
  'jobsinks',
];

export function buildTopology(mirror: ObjectMirror, eventing: EventingView, sources: SourceView[]): Topology {
  const nodes = new Map<string, TopologyNode>();
  const extra = new Map<string, TopologyNode>();
  const edges: TopologyEdge[] = [];
  const node = (o: KObject) => {
    const ns = o.metadata.namespace ?? '';
    const id = idOf(o.kind, ns, o.metadata.name);
    // A Channel and its backing InMemoryChannel share a node; the Channel (the user's object) wins.
    if (nodes.has(id) && o.kind === 'InMemoryChannel') return;
    nodes.set(id, {
      id,
      kind: nodeKind(o.kind),
      namespace: ns,
      name: o.metadata.name,
      column: COLUMNS[nodeKind(o.kind)] ?? 3,
      x: 0,
      y: 0,
      ...readyOf(o),
    });
  };
  for (const k of NODE_KINDS) for (const o of mirror.list(k)) node(o);

  const sourceRate = new Map(sources.map((s) => [`${s.namespace}/${s.name}`, s.receivedPerSec]));
  const deliveryRate = new Map(
    eventing.deliveries.map((d) => [`${d.kind}:${d.namespace}/${d.name}`, d.deliveredPerSec]),
  );
  const edge = (source: string, target: string | undefined, role: TopologyEdge['role'], rate?: number) => {
    if (!target) return;
    edges.push({ source, target, role, ...(rate !== undefined ? { rate } : {}) });
  };
  for (const k of NODE_KINDS.slice(0, 5)) {
    for (const o of mirror.list(k)) {
      const ns = o.metadata.namespace ?? '';
      const from = idOf(o.kind, ns, o.metadata.name);
      edge(
        from,
        destinationId(o.spec?.sink, ns, extra),
        'events',
        sourceRate.get(`${ns}/${o.metadata.name}`),
      );
    }
  }
  for (const t of mirror.list('triggers')) {
    const ns = t.metadata.namespace ?? '';
    const id = idOf('Trigger', ns, t.metadata.name);
    const rate = deliveryRate.get(id);
    edge(idOf('Broker', ns, String(t.spec?.broker ?? 'default')), id, 'events', rate);
    edge(id, destinationId(t.spec?.subscriber, ns, extra), 'events', rate);
    edge(id, destinationId(t.spec?.delivery?.deadLetterSink, ns, extra), 'dead-letter');
  }
  for (const s of mirror.list('subscriptions')) {
    const ns = s.metadata.namespace ?? '';
    const id = idOf('Subscription', ns, s.metadata.name);
    const rate = deliveryRate.get(id);
    const ch = s.spec?.channel;
    if (ch?.name) edge(idOf(String(ch.kind ?? 'Channel'), ns, ch.name), id, 'events', rate);
    edge(id, destinationId(s.spec?.subscriber, ns, extra), 'events', rate);
    edge(id, destinationId(s.spec?.reply, ns, extra), 'reply');
    edge(id, destinationId(s.spec?.delivery?.deadLetterSink, ns, extra), 'dead-letter');
  }
  for (const [id, n] of extra) if (!nodes.has(id)) nodes.set(id, n);
  // An edge to an object that does not exist (yet) gets a node saying so.
  for (const e of edges) {
    if (nodes.has(e.target)) continue;
    const [kind, rest] = [
      e.target.slice(0, e.target.indexOf(':')),
      e.target.slice(e.target.indexOf(':') + 1),
    ];
    const [namespace, name] = [rest.slice(0, rest.indexOf('/')), rest.slice(rest.indexOf('/') + 1)];
    nodes.set(e.target, {
      id: e.target,
      kind,
      namespace,
      name,
      column: COLUMNS[kind] ?? 3,
      x: 0,
      y: 0,
      ready: 'False',
      reason: 'NotFound',
    });
  }
  return { nodes: layout([...nodes.values()]), edges };
}

/** Columns left to right, rows in name order within a column, each column centred on the tallest. */
function layout(nodes: TopologyNode[]): TopologyNode[] {
  const byColumn = new Map<number, TopologyNode[]>();
  for (const n of nodes) byColumn.set(n.column, [...(byColumn.get(n.column) ?? []), n]);
  const tallest = Math.max(0, ...[...byColumn.values()].map((c) => c.length));
  for (const [column, list] of byColumn) {
    list.sort((a, b) => a.id.localeCompare(b.id));
    const offset = ((tallest - list.length) * ROW_HEIGHT) / 2;
    list.forEach((n, i) => {
      n.x = column * COLUMN_WIDTH;
      n.y = offset + i * ROW_HEIGHT;
    });
  }
  return nodes;
}
