/**
 * Where a replica runs: `workingDir` resolved against the revision's base folder (the folder of the
 * manifest it was applied from), or against the folder `ebb up` runs in when there is none. Its command,
 * its relative arguments and its exec probes all start there.
 */
import { resolve } from 'node:path';
import type { RuntimeRevision } from '../types.js';

export function replicaCwd(rev: Pick<RuntimeRevision, 'baseDir' | 'workingDir'>): string {
  return resolve(rev.baseDir ?? '.', rev.workingDir ?? '.');
}

/** The start error for a cwd that is not a directory, naming what the user wrote. */
export function notADirectory(rev: Pick<RuntimeRevision, 'baseDir' | 'workingDir'>, cwd: string): string {
  if (rev.workingDir !== undefined) {
    const base = rev.baseDir ? `the manifest's folder ${rev.baseDir}` : 'the folder ebb up runs in';
    return `workingDir "${rev.workingDir}" is not a directory (resolved against ${base} to ${cwd})`;
  }
  if (rev.baseDir) return `the manifest's folder ${cwd} is not a directory (was it moved or deleted?)`;
  return `the folder ebb up runs in (${cwd}) is not a directory`;
}
