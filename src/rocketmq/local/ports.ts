/**
 * Picks free ports for one local RocketMQ. Ports are probed on all interfaces (the proxy's gRPC and
 * remoting servers and the broker's HA port bind the wildcard address), all held open until every one is
 * chosen so none repeats, and the broker's port is chosen so that `broker - 2` (its fast port) is free too.
 */
import { createServer, type Server } from 'node:net';
import type { LocalPorts } from './config.js';

function listen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, exclusive: true }, () => resolve(server));
  });
}

const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));

/** Free ports for every listener; `fixed` ports are taken as given. */
export async function pickPorts(fixed: Partial<LocalPorts> = {}): Promise<LocalPorts> {
  const held: Server[] = [];
  const any = async (): Promise<number> => {
    const s = await listen(0);
    if (!s) throw new Error('could not find a free port');
    held.push(s);
    return (s.address() as { port: number }).port;
  };
  try {
    let broker = fixed.broker;
    for (let i = 0; broker === undefined && i < 50; i++) {
      const candidate = await any();
      if (candidate < 1026) continue;
      const fast = await listen(candidate - 2);
      if (fast) {
        held.push(fast);
        broker = candidate;
      }
    }
    if (broker === undefined) throw new Error('could not find a free port pair for the broker');
    return {
      namesrv: fixed.namesrv ?? (await any()),
      broker,
      brokerHa: fixed.brokerHa ?? (await any()),
      proxyGrpc: fixed.proxyGrpc ?? (await any()),
      proxyRemoting: fixed.proxyRemoting ?? (await any()),
    };
  } finally {
    await Promise.all(held.map(close));
  }
}
