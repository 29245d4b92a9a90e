/**
 * Periodic compaction of the event log: every interval, each stream drops the events all of its consumers
 * have committed (a stream nobody consumes keeps nothing: a new trigger starts at the head anyway). Without
 * it a broker's log grows for as long as `ebb up` runs. One pass at a time; the timer does not hold the
 * process open.
 */
import type { Logger } from '../../log.js';
import type { SqliteEventLog } from './sqlite-log.js';

export const DEFAULT_COMPACT_INTERVAL_MS = 60_000;

export interface Compactor {
  /** Runs one pass now; resolves with the events deleted. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startCompactor(
  log: SqliteEventLog,
  logger?: Logger,
  intervalMs = DEFAULT_COMPACT_INTERVAL_MS,
): Compactor {
  let running: Promise<number> | undefined;
  let stopped = false;
  const runOnce = (): Promise<number> => {
    running ??= (async () => {
      let deleted = 0;
      try {
        for (const stream of log.streamNames()) {
          if (stopped) break;
          deleted += await log.compact(stream);
        }
        if (deleted > 0) logger?.debug('event log compacted', { deleted });
      } catch (err) {
        if (!stopped) logger?.warn('event log compaction failed', { err });
      } finally {
        running = undefined;
      }
      return deleted;
    })();
    return running;
  };
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
