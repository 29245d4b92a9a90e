#!/usr/bin/env node
// Runs the compiled tests with Node's test runner. Usage: node scripts/test.mjs [unit|e2e] [filter]
// Unit tests live next to the code (dist/src/**/*.test.js); end-to-end tests in dist/test/e2e.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [area = 'all', filter = ''] = process.argv.slice(2);
const roots = area === 'unit' ? ['dist/src'] : area === 'e2e' ? ['dist/test'] : ['dist/src', 'dist/test'];

function walk(dir, out) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.js') && path.includes(filter)) out.push(path);
  }
  return out;
}

const files = roots.flatMap((r) => walk(r, [])).sort();
if (files.length === 0) {
  console.error(`no test files found under ${roots.join(', ')} (did the build run?)`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', `--test-concurrency=${process.env.EBB_TEST_CONCURRENCY ?? 2}`, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
