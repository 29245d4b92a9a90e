/**
 * Finds a Chromium for the browser tests: `$EBB_CHROMIUM`, else Debian's `/usr/bin/chromium` (or another
 * usual path). When there is none and the test runs as root with apt-get (as on the project's machines and
 * CI), it installs Debian's `chromium` package once; otherwise — or with `EBB_NO_BROWSER_INSTALL=1` — the
 * caller skips with the reason this returns.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
/** apt-get update + install, at most (a fresh machine downloads ~100 MB). */
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export type ChromiumLookup = { path: string } | { skip: string };

function found(): string | undefined {
  const env = process.env.EBB_CHROMIUM;
  if (env) return existsSync(env) ? env : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

function aptInstall(): string | undefined {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const r = spawnSync('apt-get', args, { env, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS });
    if (r.status !== 0)
      return `apt-get ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim().slice(-300)}`;
  }
  return undefined;
}

/** A Chromium to launch, installing Debian's when allowed; or why there is none. */
export function findChromium(): ChromiumLookup {
  const path = found();
  if (path) return { path };
  if (process.env.EBB_CHROMIUM) return { skip: `EBB_CHROMIUM=${process.env.EBB_CHROMIUM} does not exist` };
  if (process.env.EBB_NO_BROWSER_INSTALL === '1') return { skip: 'no Chromium and EBB_NO_BROWSER_INSTALL=1' };
  if (process.getuid?.() !== 0)
    return { skip: 'no Chromium (/usr/bin/chromium) and not root, so not installing it' };
  if (spawnSync('apt-get', ['--version']).status !== 0)
    return { skip: 'no Chromium and no apt-get to install it' };
  const failed = aptInstall();
  if (failed) return { skip: `no Chromium: ${failed}` };
  const installed = found();
  return installed ? { path: installed } : { skip: 'apt-get installed chromium but no binary was found' };
}
