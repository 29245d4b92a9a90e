/** `ebb` in a container's command is Ebb's own CLI under this Node; anything else runs as written. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EBB_CLI, localCommand } from './command.js';

describe('runtime command', () => {
  it('command - ebb runs Ebb’s CLI with the same Node', () => {
    assert.deepEqual(localCommand(['ebb', 'func', 'serve', 'h.ts']), [
      process.execPath,
      EBB_CLI,
      'func',
      'serve',
      'h.ts',
    ]);
    assert.ok(existsSync(EBB_CLI), EBB_CLI);
  });

  it('command - other commands are unchanged', () => {
    assert.deepEqual(localCommand(['node', 'server.mjs']), ['node', 'server.mjs']);
    assert.deepEqual(localCommand(['./ebb']), ['./ebb']);
  });
});
