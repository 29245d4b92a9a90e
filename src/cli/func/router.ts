/**
 * Where the CLI sends a request for a route URL. The router serves `*.localhost` and cluster-local hosts
 * (`*.svc.cluster.local`, `*.svc`) on the ingress port in the URL, listening on the address of the API
 * server the CLI talks to; the Host header carries the route's host, which the router routes by. Any
 * other URL (a custom `config-domain`) is used as it is.
 */
export interface RouterTarget {
  /** The URL to connect to. */
  url: string;
  /** The Host header to send. */
  host: string;
}

export function isRouterHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h.endsWith('.localhost') || h.endsWith('.svc.cluster.local') || h.endsWith('.svc');
}

export function routerTarget(routeUrl: string, apiServer: string, path = '/'): RouterTarget {
  const route = new URL(routeUrl);
  const suffix = path.startsWith('/') ? path : `/${path}`;
  if (!isRouterHost(route.hostname)) return { url: new URL(suffix, route).href, host: route.host };
  const api = new URL(apiServer);
  const port = route.port || (route.protocol === 'https:' ? '443' : '80');
  return { url: `${route.protocol}//${api.hostname}:${port}${suffix}`, host: route.host };
}
