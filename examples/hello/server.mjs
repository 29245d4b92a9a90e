// A tiny HTTP program with no dependencies: answers with its revision and a greeting from its environment.
// Runs anywhere that sets PORT, as Knative's runtime contract does.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
const greeting = process.env.GREETING ?? 'Hello';
const target = process.env.TARGET ?? 'World';

const server = createServer((req, res) => {
  const body = `${greeting} ${target}! from ${process.env.K_REVISION ?? 'unknown revision'}\n`;
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(port, '127.0.0.1', () => console.log(`hello listening on ${port} as ${process.env.K_REVISION}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
