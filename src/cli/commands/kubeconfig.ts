/**
 * `ebb kubeconfig [--server URL] [-n NAMESPACE] [-o FILE]`: a kubeconfig for the running Ebb (cluster,
 * user and context all named `ebb`, the context's namespace `default`), printed or written to FILE (mode
 * 0600), so that after `export KUBECONFIG=FILE` plain `kubectl get ksvc` talks to Ebb. The server is the one
 * every command uses (`--server`, else $EBB_SERVER, else http://127.0.0.1:7070). Ebb's API has no
 * credentials, so the user entry is empty.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { resolveServer } from '../client.js';
import { action, DEFAULT_NAMESPACE, err, out, withServer } from '../command.js';

export const KUBECONFIG_NAME = 'ebb';

interface KubeconfigFlags {
  server?: string;
  namespace?: string;
  output?: string;
}

export function registerKubeconfig(program: Command): void {
  const cmd = program
    .command('kubeconfig')
    .description('Print (or write) a kubeconfig so kubectl talks to this Ebb')
    .option('-n, --namespace <namespace>', "the context's namespace", DEFAULT_NAMESPACE)
    .option('-o, --output <file>', 'write it to FILE instead of printing it');
  withServer(cmd).action(action((flags: KubeconfigFlags) => kubeconfig(flags)));
}

export function kubeconfigFor(
  server: string,
  namespace: string = DEFAULT_NAMESPACE,
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: KUBECONFIG_NAME, cluster: { server } }],
    users: [{ name: KUBECONFIG_NAME, user: {} }],
    contexts: [
      { name: KUBECONFIG_NAME, context: { cluster: KUBECONFIG_NAME, user: KUBECONFIG_NAME, namespace } },
    ],
    'current-context': KUBECONFIG_NAME,
  };
}

async function kubeconfig(flags: KubeconfigFlags): Promise<void> {
  const text = stringify(kubeconfigFor(resolveServer(flags.server), flags.namespace || DEFAULT_NAMESPACE));
  if (!flags.output) {
    out(text);
    return;
  }
  const file = resolve(flags.output);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  err(`wrote ${file}; use it with: export KUBECONFIG=${file}`);
}
