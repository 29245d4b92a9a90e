/**
 * The CloudEvents Go SDK v2 side of the interop tests: builds test/interop/go (a sender and a subscriber,
 * the SDK version pinned in its go.mod, modules from the Go module proxy) once into the interop cache,
 * keyed by a hash of the module's sources, then runs them. Without a Go toolchain `goToolchain()` is
 * undefined and the tests skip; with one, a failed download or build fails them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from './ebb.js';
import {
  findTool,
  interopCache,
  type LineSubscriber,
  run,
  runLineSender,
  startLineSubscriber,
} from './sdk-process.js';

const MODULE_DIR = repoPath('test', 'interop', 'go');

export const goToolchain = (): string | undefined => findTool(['go'], ['version'], ['/usr/local/go/bin']);

export interface GoBinaries {
  sender: string;
  subscriber: string;
}

/** What the Go sender printed for one event: the attributes as the SDK writes them, and the result. */
export interface GoSent {
  id: string;
  attributes: Record<string, string>;
  result: string;
  accepted: boolean;
}

/** What the Go subscriber printed for one event. */
export interface GoReceived {
  path: string;
  id: string;
  attributes: Record<string, string>;
  typed: Record<string, unknown>;
  dataLength: number;
  dataSha256: string;
  headers: Record<string, string[]>;
}

/** A hash of a Go module's sources (.go, go.mod, go.sum): the key its build is cached under. */
export function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.go$|^go\.(mod|sum)$/.test(name))
        hash.update(path.slice(dir.length)).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}

/** Builds the sender and subscriber (or finds them already built) and returns their paths. */
export async function buildGoInterop(go: string, log: (line: string) => void): Promise<GoBinaries> {
  const out = interopCache('go', 'bin', sourceHash(MODULE_DIR));
  const binaries = { sender: join(out, 'sender'), subscriber: join(out, 'subscriber') };
  if (existsSync(binaries.sender) && existsSync(binaries.subscriber)) return binaries;
  mkdirSync(out, { recursive: true });
  const env = {
    GOMODCACHE: interopCache('go', 'mod'),
    GOCACHE: interopCache('go', 'build'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
  };
  log(`interop: downloading the Go modules of ${MODULE_DIR} (first run only)`);
  await run(go, ['mod', 'download'], env, MODULE_DIR);
  log('interop: building the Go SDK sender and subscriber (first run only, about a minute)');
  const started = Date.now();
  await run(go, ['build', '-o', `${out}/`, './sender', './subscriber'], env, MODULE_DIR);
  log(`interop: built in ${Math.round((Date.now() - started) / 1000)} s into ${out}`);
  return binaries;
}

export const startGoSubscriber = (bin: GoBinaries): Promise<LineSubscriber<GoReceived>> =>
  startLineSubscriber<GoReceived>(bin.subscriber, []);

export const goSend = (bin: GoBinaries, target: string, mode: 'binary' | 'structured', specs: unknown[]) =>
  runLineSender<GoSent>(bin.sender, ['-target', target, '-mode', mode], specs);
