/**
 * The program a container's command names, on this machine: `ebb` is Ebb's own CLI, run by the Node that
 * runs `ebb up` (so `command: ["ebb", "func", "serve", "./handler.ts"]` works wherever Ebb is installed,
 * `npx` included, without `ebb` on PATH); any other command is run as written.
 */
import { fileURLToPath } from 'node:url';

/** Ebb's CLI entry point (dist/src/cli/main.js), from this file's place in dist/src/serving/runtime. */
export const EBB_CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

export function localCommand(command: readonly string[]): string[] {
  if (command[0] === 'ebb') return [process.execPath, EBB_CLI, ...command.slice(1)];
  return [...command];
}
