#!/usr/bin/env node
// Kept for scripts that call it: the same as `ebb rocketmq up|down|status [flags]` (see `ebb rocketmq --help`).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'src', 'cli', 'main.js');
const result = spawnSync(process.execPath, [cli, 'rocketmq', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
