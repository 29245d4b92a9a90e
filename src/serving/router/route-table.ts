/**
 * Host → what to serve. A route's hosts share its traffic split; a tag host pins one revision. Hosts are
 * compared lower-case, without the port and without a trailing dot.
 *
 * Visibility is the control plane's business: it registers `{name}.{ns}.{domain}` for external routes and
 * only `{name}.{ns}.svc.cluster.local` / `{name}.{ns}.svc` for cluster-local ones, so an external hostname
 * of a cluster-local route is unknown here and gets the same 404 as any unknown host. The table itself
 * treats every host alike. When two routes claim one host, the later `set` wins.
 */
import type { RevisionKey, RouteEntry } from '../types.js';
import { TrafficSplit } from './traffic-split.js';

export interface HostBinding {
  routeId: string;
  /** The route's split, for its own hosts. */
  split: TrafficSplit | undefined;
  /** The pinned revision, for a tag host. */
  revision: RevisionKey | undefined;
}

export class RouteTable {
  readonly #byHost = new Map<string, HostBinding>();
  readonly #hostsOf = new Map<string, string[]>();

  set(entry: RouteEntry): void {
    this.remove(entry.id);
    const hosts: string[] = [];
    const split = new TrafficSplit(entry.targets);
    for (const h of entry.hosts) {
      const host = normalizeHost(h);
      this.#byHost.set(host, { routeId: entry.id, split, revision: undefined });
      hosts.push(host);
    }
    for (const tag of entry.tags) {
      const host = normalizeHost(tag.host);
      this.#byHost.set(host, { routeId: entry.id, split: undefined, revision: tag.revision });
      hosts.push(host);
    }
    this.#hostsOf.set(entry.id, hosts);
  }

  remove(id: string): void {
    const hosts = this.#hostsOf.get(id);
    if (!hosts) return;
    this.#hostsOf.delete(id);
    for (const h of hosts) if (this.#byHost.get(h)?.routeId === id) this.#byHost.delete(h);
  }

  /** The binding for a `Host` header value (any case, with or without a port). */
  lookup(hostHeader: string | undefined): HostBinding | undefined {
    if (!hostHeader) return undefined;
    const exact = this.#byHost.get(stripPort(hostHeader));
    return exact ?? this.#byHost.get(normalizeHost(hostHeader));
  }

  /** Every host served, sorted. */
  hosts(): string[] {
    return [...this.#byHost.keys()].sort();
  }
}

/** `Hello.Default.localhost:8080.` → `hello.default.localhost`; `[::1]:80` → `[::1]`. */
export function normalizeHost(host: string): string {
  let h = stripPort(host.trim()).toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

function stripPort(host: string): string {
  if (host.charCodeAt(0) === 0x5b /* [ */) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
