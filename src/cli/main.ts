#!/usr/bin/env node
/**
 * The `ebb` command line: `up` runs the platform; apply, get, describe, delete and wait talk to its API;
 * `func` runs functions. `ebb func serve FILE` — what every function replica runs — skips loading the rest
 * of the CLI (about 0.5 s of imports), since a request waiting for a scale from zero waits for it too.
 */
const [verb, sub, file, ...rest] = process.argv.slice(2);
if (verb === 'func' && sub === 'serve' && file !== undefined && !file.startsWith('-') && rest.length === 0) {
  const { serveFunction } = await import('../functions/serve.js');
  await serveFunction(file);
} else {
  const { program } = await import('./program.js');
  await program.parseAsync(process.argv);
}
