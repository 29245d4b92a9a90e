/**
 * Test support: the reference scenario's manifests (`../shared/data/seed-sample/` next to the package, or
 * `$EBB_SEED_DIR`), read at test time so their text never lands in sources.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { KObject } from '../object.js';

/** The seed folder, or undefined when it is not there (tests skip then). */
export function seedDir(): string | undefined {
  if (process.env.EBB_SEED_DIR) return process.env.EBB_SEED_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  const seeds = resolve(dir, '..', 'shared', 'data', 'seed-sample');
  return existsSync(seeds) ? seeds : undefined;
}

export function readSeed(file: string): KObject {
  const dir = seedDir();
  if (!dir) throw new Error('seed-sample folder not found');
  return parse(readFileSync(join(dir, file), 'utf8')) as KObject;
}
