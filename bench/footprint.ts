/**
 * Idle footprint: resident memory of `ebb up` after it settles, next to a bare Node.js process measured
 * in the same run (the floor any Node program pays). Run: `npm run build && node dist/bench/footprint.js`.
 * Target (DESIGN.md): platform RSS ≤ 150 MB.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli, startEbb } from '../test/helpers/ebb.js';

const SETTLE_MS = Number(process.env.SETTLE_MS ?? 5000);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main() {
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const ebb = await startEbb();
  try {
    await sleep(SETTLE_MS);
    const idleEmpty = rssMb(ebb.pid);
    const example = await runCli(['apply', '-f', 'examples/food-delivery/'], { server: ebb.apiUrl });
    if (example.code !== 0) throw new Error(example.stderr);
    await sleep(SETTLE_MS);
    const idleLoaded = rssMb(ebb.pid);
    const floor = rssMb(bare.pid!);
    console.log(`bare node process RSS:          ${floor.toFixed(1)} MB`);
    console.log(
      `ebb up idle RSS (empty):        ${idleEmpty.toFixed(1)} MB  (${(idleEmpty / floor).toFixed(2)}x bare node)`,
    );
    console.log(
      `ebb up idle RSS (example applied): ${idleLoaded.toFixed(1)} MB  (${(idleLoaded / floor).toFixed(2)}x bare node)`,
    );
    console.log(`target: <= 150 MB -> ${Math.max(idleEmpty, idleLoaded) <= 150 ? 'met' : 'NOT met'}`);
  } finally {
    await ebb.stop();
    bare.kill('SIGKILL');
  }
}

await main();
