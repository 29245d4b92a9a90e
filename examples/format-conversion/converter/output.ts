/**
 * Writing an output file atomically and idempotently: the content goes to a temporary file in the same
 * folder, is flushed to disk, and is renamed over the target — so a reader sees the old file or the new one,
 * never half of one, and a crash leaves at most a `.tmp` file behind. A file that already holds exactly the
 * content is left alone (`unchanged`), which is what a redelivered order finds. Each order has its own file
 * per output, named by its orderId: replicas writing the same order at once write the same bytes, and a
 * redelivery cannot add a second CSV line the way appending to one shared file would.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface Written {
  path: string;
  bytes: number;
  sha256: string;
  /** True when the file already held this content and was not rewritten. */
  unchanged: boolean;
}

export async function writeOutput(dir: string, name: string, content: string): Promise<Written> {
  const data = Buffer.from(content, 'utf8');
  const path = join(dir, name);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const result = { path, bytes: data.length, sha256 };
  const existing = await readFile(path).catch(() => undefined);
  if (existing?.equals(data)) return { ...result, unchanged: true };
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${name}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const file = await open(tmp, 'wx');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { ...result, unchanged: false };
}
