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

// Unit tests run two files at a time; end-to-end tests one at a time, because several of them measure
// timing (scale-up within seconds) and each starts its own `ebb up` with replicas on a 2-core machine.
const runs = roots.map((root) => ({
  files: walk(root, []).sort(),
  concurrency:
    root === 'dist/test' ? (process.env.EBB_E2E_CONCURRENCY ?? 1) : (process.env.EBB_TEST_CONCURRENCY ?? 2),
}));
if (runs.every((r) => r.files.length === 0)) {
  console.error(`no test files found under ${roots.join(', ')} (did the build run?)`);
  process.exit(1);
}
let status = 0;
for (const { files, concurrency } of runs) {
  if (files.length === 0) continue;
  const result = spawnSync(
    process.execPath,
    ['--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
