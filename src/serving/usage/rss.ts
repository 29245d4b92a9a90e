/**
 * Samples the resident memory of live replicas into the meter: every few seconds, each replica's process
 * (the leader of its group; children it forks are not counted) from `/proc/<pid>/status` `VmRSS`. Only on
 * Linux; elsewhere no samples are taken and memory-seconds stay 0.
 */
import { readFile } from 'node:fs/promises';
import type { UsageMeter } from './meter.js';

/** Time between memory samples. */
export const DEFAULT_MEMORY_SAMPLE_MS = 5_000;

/** A process's resident set size in bytes, or undefined when it cannot be read (gone, not Linux). */
export async function readRssBytes(pid: number): Promise<number | undefined> {
  try {
    return parseVmRss(await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** `VmRSS:   12345 kB` → bytes. */
export function parseVmRss(status: string): number | undefined {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

/** Starts sampling; returns the stop function. Does nothing off Linux. */
export function startMemorySampler(meter: UsageMeter, intervalMs = DEFAULT_MEMORY_SAMPLE_MS): () => void {
  if (process.platform !== 'linux') return () => {};
  let running = false;
  const sample = async () => {
    if (running) return;
    running = true;
    try {
      for (const r of meter.liveReplicas()) {
        const rss = await readRssBytes(r.pid);
        if (rss !== undefined) meter.sampleMemory(r.key, r.replicaId, rss);
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sample(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
