// A tiny order service: accepts CloudEvents (binary mode) on $PORT and logs each order.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
let orders = 0;
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'POST') {
      orders++;
      console.log(`order ${req.headers['ce-id'] ?? '?'} (${Buffer.concat(chunks).length} bytes) #${orders}`);
      res.writeHead(202).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`order-service ${process.env.K_REVISION ?? ''}: ${orders} orders\n`);
  });
}).listen(port, '127.0.0.1');
