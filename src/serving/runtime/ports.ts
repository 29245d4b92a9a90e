/**
 * Free TCP ports for replicas' `$PORT`: bind port 0, read what the kernel picked, close, hand it out.
 * Another process may take the port before the replica binds it; the replica then fails to listen and
 * exits, and the crash backoff starts it again on a new port. Ports handed out recently are not handed
 * out twice, so replicas started together never race each other.
 */
import { createServer } from 'node:net';

/** How long a port handed out stays reserved against being picked again. */
const RECENT_PORT_TTL_MS = 30_000;
const MAX_ATTEMPTS = 20;
const recent = new Map<number, number>();

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const now = Date.now();
  for (const [port, at] of recent) if (now - at > RECENT_PORT_TTL_MS) recent.delete(port);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const port = await bindAndRelease(host);
    if (!recent.has(port)) {
      recent.set(port, now);
      return port;
    }
  }
  throw new Error(`no free port on ${host} after ${MAX_ATTEMPTS} attempts`);
}

function bindAndRelease(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`cannot read bound port on ${host}`))));
    });
  });
}
