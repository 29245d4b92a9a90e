/**
 * The content hash of a function's source: sha256 over every file's relative path and bytes, in path
 * order, leaving out `node_modules` (installed packages and the handler compile cache), `.git` and `.ebb`.
 * `ebb func deploy` puts it on the revision template, so a code change makes a new Revision.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['node_modules', '.git', '.ebb']);

export function sourceDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(dir)) {
    hash.update(file);
    hash.update('\0');
    hash.update(
      createHash('sha256')
        .update(readFileSync(join(dir, file)))
        .digest(),
    );
  }
  return hash.digest('hex');
}

/** Relative paths (`/`-separated) of the files that make up the source, sorted. */
export function sourceFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...sourceFiles(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}
