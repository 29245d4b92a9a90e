import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { freePort } from './ports.js';

describe('ports', () => {
  it('ports - hands out distinct ports that can be bound', async () => {
    const ports = await Promise.all(Array.from({ length: 8 }, () => freePort()));
    assert.equal(new Set(ports).size, ports.length);
    const server = createServer();
    await new Promise<void>((r) => server.listen(ports[0], '127.0.0.1', r));
    await new Promise((r) => server.close(r));
  });
});
