/**
 * Knative's own Go code as an oracle: builds a small program under test/knative (its knative.dev/serving
 * version pinned in its go.mod, modules from the Go module proxy) once into the interop cache, keyed by a
 * hash of its sources, and runs it with a JSON input on stdin. Without a Go toolchain the tests skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from './ebb.js';
import { goToolchain, sourceHash } from './sdk-go.js';
import { interopCache, run } from './sdk-process.js';

export { goToolchain };

/** Builds test/knative/{name} (or finds it built) and returns the binary's path. */
export async function buildKnativeProgram(
  go: string,
  name: string,
  log: (line: string) => void,
): Promise<string> {
  const dir = repoPath('test', 'knative', name);
  const out = interopCache('knative', name, sourceHash(dir));
  const binary = join(out, name);
  if (existsSync(binary)) return binary;
  mkdirSync(out, { recursive: true });
  const env = {
    GOMODCACHE: interopCache('go', 'mod'),
    GOCACHE: interopCache('go', 'build'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
  };
  log(`knative oracle: building ${dir} against knative.dev/serving (first run only)`);
  const started = Date.now();
  await run(go, ['build', '-o', binary, '.'], env, dir);
  log(`knative oracle: built in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

/** Runs the program with `input` as JSON on stdin and parses its JSON output. */
export function runKnativeProgram<T>(binary: string, input: unknown): T {
  const out = execFileSync(binary, { input: JSON.stringify(input), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as T;
}
