/**
 * `ebb dashboard [--no-open]`: prints the dashboard's URL (the API server's `/dashboard/`) and opens it in
 * the default browser with `xdg-open` (Linux, when a display is set), `open` (macOS) or `start` (Windows).
 * Never fails for want of a browser: the URL is printed either way, and a note says why nothing opened.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Command } from 'commander';
import { resolveServer } from '../client.js';
import { action, err, out, withServer } from '../command.js';

interface DashboardFlags {
  server?: string;
  open: boolean;
}

/** The path the API server serves the dashboard at. */
export const DASHBOARD_PATH = '/dashboard/';

export function registerDashboard(program: Command): void {
  const cmd = program
    .command('dashboard')
    .description('Print the live dashboard URL and open it in a browser')
    .option('--no-open', 'only print the URL');
  withServer(cmd).action(action((flags: DashboardFlags) => dashboard(flags)));
}

/** The command that opens a URL here, or why there is none. */
export function opener(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): { command: string; args: string[] } | { none: string } {
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY)
    return { none: 'no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  const onPath = (env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, 'xdg-open')));
  return onPath ? { command: 'xdg-open', args: [] } : { none: 'xdg-open is not installed' };
}

async function dashboard(flags: DashboardFlags): Promise<void> {
  const url = `${resolveServer(flags.server)}${DASHBOARD_PATH}`;
  out(`Dashboard: ${url}`);
  try {
    const res = await fetch(`${resolveServer(flags.server)}/healthz`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) err(`note: Ebb answers but is not ready yet (${res.status})`);
  } catch {
    err('note: Ebb does not answer there; start it with `ebb up` (or pass --server)');
  }
  if (!flags.open) return;
  const how = opener();
  if ('none' in how) {
    err(`note: not opening a browser: ${how.none}`);
    return;
  }
  await new Promise<void>((resolve) => {
    const child = spawn(how.command, [...how.args, url], { stdio: 'ignore', detached: true });
    child.once('error', (e) => {
      err(`note: could not open a browser (${how.command}: ${e.message})`);
      resolve();
    });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
