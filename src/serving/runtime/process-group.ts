/**
 * Replicas run detached, each the leader of its own process group, so a signal reaches everything the
 * replica started (a `sh -c` wrapper's children too), the way a container's processes die together.
 * Every live group is registered; if the platform exits without stopping them (an uncaught error,
 * `process.exit`), the exit hook SIGKILLs them so no replica outlives it. A SIGKILL of the platform
 * itself cannot be caught, so the live groups are also written to a file in the data directory (pid and
 * the kernel's start time, so a reused pid is never mistaken for a replica), and the next `ebb up` on that
 * directory kills what a killed platform left behind before it starts anything (`reapOrphans`).
 */
import { readFileSync, writeFileSync } from 'node:fs';

const liveGroups = new Map<number, number | undefined>();
let exitHookInstalled = false;
let stateFile: string | undefined;

/** The process's start time in clock ticks since boot (Linux), undefined where /proc cannot tell. */
function startTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
}

function save(): void {
  if (!stateFile) return;
  try {
    writeFileSync(stateFile, JSON.stringify([...liveGroups].map(([pid, start]) => ({ pid, start }))));
  } catch {
    // Best effort: losing the file only loses the clean-up after a SIGKILL.
  }
}

/**
 * Kills the replica groups recorded in `file` by an earlier platform that still run (same pid, same start
 * time), then records this platform's groups there. Returns how many were killed.
 */
export function reapOrphans(file: string): number {
  let killed = 0;
  try {
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; start?: number }[];
    for (const { pid, start } of recorded) {
      if (start === undefined || startTime(pid) !== start) continue;
      if (signalGroup(pid, 'SIGKILL')) killed++;
    }
  } catch {
    // No file (a clean stop, or a first start) or an unreadable one: nothing to reap.
  }
  stateFile = file;
  save();
  return killed;
}

/** Sends `signal` to the process group led by `pid`; false if no such group is left. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    if (process.platform === 'win32') process.kill(pid, signal);
    else process.kill(-pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Remembers a live group so the platform's exit kills it. */
export function registerGroup(pid: number): void {
  liveGroups.set(pid, startTime(pid));
  save();
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const group of liveGroups.keys()) {
      try {
        signalGroup(group, 'SIGKILL');
      } catch {
        // Exiting anyway; nothing better to do.
      }
    }
  });
}

/** Forgets a group whose leader has exited (after its stragglers were killed). */
export function unregisterGroup(pid: number): void {
  liveGroups.delete(pid);
  save();
}
