/**
 * Replicas run detached, each the leader of its own process group, so a signal reaches everything the
 * replica started (a `sh -c` wrapper's children too), the way a container's processes die together.
 * Every live group is registered; if the platform exits without stopping them (an uncaught error,
 * `process.exit`), the exit hook SIGKILLs them so no replica outlives it. A SIGKILL of the platform
 * itself cannot be caught: replicas started by a killed platform must be stopped by hand.
 */

const liveGroups = new Set<number>();
let exitHookInstalled = false;

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
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const group of liveGroups) {
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
}
