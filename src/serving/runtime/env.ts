/**
 * The environment a replica starts from. Only a few variables of the platform's own environment pass
 * through (so `NODE_OPTIONS`, test-runner or credential variables of the platform never leak into user
 * code); the revision's env goes on top, then `PORT`.
 */

/** Passed through from the platform's environment when set. */
export const INHERITED_ENV = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  // Windows needs these to start most programs.
  'SystemRoot',
  'windir',
  'ComSpec',
  'PATHEXT',
] as const;

export function baseEnv(from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Base, then the revision's env, then `PORT` (which the runtime owns). */
export function replicaEnv(revisionEnv: Record<string, string>, port: number): Record<string, string> {
  return { ...baseEnv(), ...revisionEnv, PORT: String(port) };
}
