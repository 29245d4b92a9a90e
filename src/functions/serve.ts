/**
 * `ebb func serve FILE`: loads a handler and serves it on `$PORT` (else `$FUNC_PORT`, else 8080) — the
 * process a function's replicas run. `init()` runs before listening; on SIGTERM or SIGINT the server stops
 * taking requests, lets those in flight finish, runs `shutdown()` and exits 0. A handler that cannot be
 * loaded (compile error with file:line:column, an exception at import, no `handle`) is printed to stderr
 * and the process exits 1, so the Revision's ContainerHealthy condition carries the message.
 */

import { LoadError, loadFunction } from './load.js';
import { functionLogger } from './logger.js';
import { DEFAULT_BODY_LIMIT, functionServer } from './server.js';

export async function serveFunction(file: string): Promise<void> {
  process.setSourceMapsEnabled(true);
  const log = functionLogger();
  const started = performance.now();
  let fn: Awaited<ReturnType<typeof loadFunction>>;
  try {
    fn = await loadFunction(file);
    await fn.init?.();
  } catch (err) {
    const message = err instanceof LoadError ? err.message : `init() failed: ${(err as Error)?.stack ?? err}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? process.env.FUNC_PORT ?? 8080);
  const host = process.env.FUNC_HOST ?? '127.0.0.1';
  const bodyLimit = Number(process.env.FUNC_BODY_LIMIT ?? DEFAULT_BODY_LIMIT);
  const server = functionServer({ fn, log, bodyLimit });
  server.on('error', (err) => {
    process.stderr.write(`cannot listen on ${host}:${port}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const ms = Math.round(performance.now() - started);
    process.stdout.write(`function ${file} listening on http://${host}:${port} (loaded in ${ms} ms)\n`);
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    try {
      await fn.shutdown?.();
    } catch (err) {
      log.error(`shutdown() failed: ${(err as Error)?.stack ?? err}`);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
