/** Benchmarks' child processes: waiting for the child's next message, and the subscriber a child serves. */
import type { ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The child's next message that passes `accept`, after calling `ask`; rejects if the child exits first. */
export function childMessage<T>(
  child: ChildProcess,
  accept: (m: any) => boolean = () => true,
  ask?: () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (!accept(m)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`child process exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    ask?.();
  });
}

/**
 * The subscriber side of a benchmark child: an HTTP server on a free loopback port that calls `onEvent`
 * with each request's headers and answers 202, tells the parent its port, and exits when the parent goes.
 */
export function serveSubscriber(onEvent: (headers: IncomingHttpHeaders) => void): void {
  const server = createServer((req, res) => {
    onEvent(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(202, { 'content-length': 0 });
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}
