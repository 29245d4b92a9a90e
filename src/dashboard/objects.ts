/**
 * The dashboard's copy of the objects it shows, kept current by the store's watch: Knative Services,
 * Revisions, Routes, Brokers, Triggers, channels, Subscriptions, flows and sources. Secrets are never
 * copied (scrub.ts watches them for their values alone), and nothing here is sent to the page as is: the
 * views pick the fields they show.
 */
import type { KObject } from '../api/object.js';
import type { ResourceStore, Watcher } from '../store/types.js';

/** The store resources the views read, by a short name. */
export const WATCHED = {
  services: 'services.serving.knative.dev',
  configurations: 'configurations.serving.knative.dev',
  revisions: 'revisions.serving.knative.dev',
  routes: 'routes.serving.knative.dev',
  brokers: 'brokers.eventing.knative.dev',
  triggers: 'triggers.eventing.knative.dev',
  channels: 'channels.messaging.knative.dev',
  inmemorychannels: 'inmemorychannels.messaging.knative.dev',
  subscriptions: 'subscriptions.messaging.knative.dev',
  sequences: 'sequences.flows.knative.dev',
  parallels: 'parallels.flows.knative.dev',
  eventtransforms: 'eventtransforms.eventing.knative.dev',
  jobsinks: 'jobsinks.sinks.knative.dev',
  rocketmqsources: 'rocketmqsources.sources.knative.dev',
  pingsources: 'pingsources.sources.knative.dev',
  containersources: 'containersources.sources.knative.dev',
  apiserversources: 'apiserversources.sources.knative.dev',
  sinkbindings: 'sinkbindings.sources.knative.dev',
} as const;

export type WatchedName = keyof typeof WATCHED;

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export class ObjectMirror {
  readonly #objects = new Map<WatchedName, Map<string, KObject>>();
  readonly #watchers: Watcher[] = [];
  /** Bumped on every change, so views can tell when to rebuild. */
  version = 0;

  constructor(store: ResourceStore) {
    for (const [name, resource] of Object.entries(WATCHED) as [WatchedName, string][]) {
      const map = new Map<string, KObject>();
      this.#objects.set(name, map);
      const listed = store.list(resource);
      for (const o of listed.items) map.set(keyOf(o), o);
      this.#watchers.push(
        store.watch(resource, { resourceVersion: listed.resourceVersion }, (e) => {
          if (e.type === 'DELETED') map.delete(keyOf(e.object));
          else map.set(keyOf(e.object), e.object);
          this.version++;
        }),
      );
    }
  }

  /** The objects of one kind, sorted by namespace and name. */
  list(name: WatchedName): KObject[] {
    return [...(this.#objects.get(name)?.values() ?? [])].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }

  get(name: WatchedName, namespace: string, objectName: string): KObject | undefined {
    return this.#objects.get(name)?.get(`${namespace}/${objectName}`);
  }

  close(): void {
    for (const w of this.#watchers) w.close();
    this.#watchers.length = 0;
  }
}

/** An object's Ready condition as the views show it. */
export interface ReadyState {
  ready: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export function readyOf(o: KObject | undefined): ReadyState {
  const c = o?.status?.conditions?.find((x) => x.type === 'Ready' || x.type === 'Succeeded');
  if (!c) return { ready: 'Unknown', reason: 'NoStatus' };
  return {
    ready: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
  };
}
