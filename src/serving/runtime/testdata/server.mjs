// Test replica for the runtime's tests: serves HTTP on $PORT. Behaviour comes from the environment:
//   LISTEN_DELAY_MS      wait this long before listening
//   HEALTHY_PATH         only this path (and /env, /toggle, /live) answers 200; others 503.
//                        GET /toggle flips HEALTHY_PATH between 200 and 503.
//   LIVE_FAIL_AFTER_MS   GET /live answers 500 once this long after start
//   ON_SIGTERM           "exit": log and exit 0; "ignore": log and keep running; unset: die
//   EXIT_AT_START=<code> print BOOT_LINES lines (default 30), then exit with <code>
import { createServer } from 'node:http';

const env = process.env;
const startedAt = Date.now();
let healthy = true;

if (env.EXIT_AT_START !== undefined) {
  const n = Number(env.BOOT_LINES ?? 30);
  for (let i = 0; i < n; i++) console.log(`boot line ${i}`);
  console.error('fatal: giving up');
  process.exit(Number(env.EXIT_AT_START));
}

if (env.ON_SIGTERM === 'exit') {
  process.on('SIGTERM', () => {
    console.log(`SIGTERM received at ${Date.now()}`);
    server.close();
    setTimeout(() => process.exit(0), 20);
  });
} else if (env.ON_SIGTERM === 'ignore') {
  process.on('SIGTERM', () => console.log('SIGTERM ignored'));
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/env') return send(res, 200, JSON.stringify(process.env));
  if (url === '/toggle') {
    healthy = !healthy;
    return send(res, 200, String(healthy));
  }
  if (url === '/live') {
    const failAfter = Number(env.LIVE_FAIL_AFTER_MS ?? Number.POSITIVE_INFINITY);
    return send(res, Date.now() - startedAt >= failAfter ? 500 : 200, 'live');
  }
  if (env.HEALTHY_PATH) {
    return send(res, url === env.HEALTHY_PATH && healthy ? 200 : 503, url);
  }
  send(res, 200, `hello from ${process.pid}`);
});

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
}

setTimeout(
  () => {
    server.listen(Number(env.PORT), '127.0.0.1', () => {
      console.log(`listening on ${env.PORT} pid ${process.pid}`);
    });
  },
  Number(env.LISTEN_DELAY_MS ?? 0),
);
