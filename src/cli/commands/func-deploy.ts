/**
 * `ebb func deploy DIR [--name N] [--env K=V]... [--annotation K=V]... [-n NS] [--timeout 2m]`: creates or
 * updates the function's Knative Service (func/service.ts), then waits until its latest Revision is Ready,
 * printing each change of state, and prints the URL. Unchanged source and settings keep the Revision; a
 * code change makes a new one (the digest annotation). A Revision that fails (a compile error, a crash)
 * ends the wait at once with its reason and where to look.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import type { Condition, KObject } from '../../api/object.js';
import type { ApiClient } from '../client.js';
import { action, clientFor, type NamespaceFlags, out, withNamespace, withServer } from '../command.js';
import { parseDuration } from '../duration.js';
import { ApiStatusError, CliError } from '../errors.js';
import { sourceDigest } from '../func/digest.js';
import { parsePairs, readProject } from '../func/project.js';
import { functionService } from '../func/service.js';
import { resolveKind } from '../kinds.js';
import { kindPath } from '../paths.js';

const POLL_INTERVAL_MS = 250;
const DEFAULT_TIMEOUT = '2m';

export interface DeployFlags extends NamespaceFlags {
  name?: string;
  env: string[];
  annotation: string[];
  timeout: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerFuncDeploy(func: Command): void {
  const cmd = func
    .command('deploy')
    .description('Deploy a function folder as a Knative Service and wait until it is Ready')
    .argument('[dir]', "the function's folder", '.')
    .option('--name <name>', "the Service's name (default: func.yaml's name, else the folder's)")
    .option(
      '-e, --env <NAME=VALUE>',
      'an environment variable, after func.yaml run.envs (repeatable)',
      collect,
      [],
    )
    .option(
      '--annotation <KEY=VALUE>',
      'an annotation, after func.yaml deploy.annotations (repeatable)',
      collect,
      [],
    )
    .option('--timeout <duration>', 'how long to wait for Ready (60s, 2m)', DEFAULT_TIMEOUT);
  withServer(withNamespace(cmd)).action(action((dir: string, flags: DeployFlags) => deploy(dir, flags)));
}

async function deploy(dir: string, flags: DeployFlags): Promise<number> {
  const project = readProject(dir);
  const name = flags.name ?? project.name;
  const namespace = flags.namespace || project.namespace || 'default';
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  const digest = sourceDigest(project.dir);
  const body = functionService({
    project,
    name,
    namespace,
    digest,
    env: parsePairs(flags.env, '--env'),
    annotations: parsePairs(flags.annotation, '--annotation'),
  });
  out(
    `Deploying function ${name} (${project.handler}, source ${digest.slice(0, 12)}) to namespace ${namespace}`,
  );
  const client = clientFor(flags);
  const { result, service } = await createOrReplace(client, body);
  out(`  service ${name} ${result}`);
  const ready = await waitReady(client, service, Date.now() + timeoutMs);
  const revision = ready.status?.latestReadyRevisionName ?? '';
  out(`Function ${name} is Ready (revision ${revision}): ${ready.status?.url ?? ''}`);
  out(`  try: ebb func invoke ${name}${namespace === 'default' ? '' : ` -n ${namespace}`}`);
  return 0;
}

const SERVICE = () => resolveKind('ksvc');

async function createOrReplace(
  client: ApiClient,
  body: KObject,
): Promise<{ result: 'created' | 'configured' | 'unchanged'; service: KObject }> {
  const def = SERVICE();
  const { name, namespace } = body.metadata;
  try {
    return { result: 'created', service: await client.create(kindPath(def, namespace), body) };
  } catch (e) {
    if (!(e instanceof ApiStatusError && e.status === 409 && e.reason === 'AlreadyExists')) throw e;
  }
  const before = await client.get(kindPath(def, namespace, name));
  const service = await client.replace(kindPath(def, namespace, name), body);
  const unchanged = service.metadata.generation === before.metadata.generation;
  return { result: unchanged ? 'unchanged' : 'configured', service };
}

const readyOf = (o: KObject): Condition | undefined => o.status?.conditions?.find((c) => c.type === 'Ready');

/** Polls the Service until its latest Revision is Ready; prints a line each time its state changes. */
async function waitReady(client: ApiClient, initial: KObject, deadline: number): Promise<KObject> {
  const def = SERVICE();
  const { name, namespace } = initial.metadata;
  const generation = initial.metadata.generation ?? 0;
  let last = '';
  let service = initial;
  for (;;) {
    service = await client.get(kindPath(def, namespace, name));
    const status: Record<string, any> = service.status ?? {};
    const fresh = (status.observedGeneration ?? 0) >= generation;
    const ready = readyOf(service);
    const revision: string | undefined = status.latestCreatedRevisionName;
    if (fresh && ready?.status === 'True' && revision && status.latestReadyRevisionName === revision)
      return service;
    if (fresh && ready?.status === 'False') {
      throw new CliError(
        `function ${name} did not become Ready: ${describe(ready)}\n` +
          `  see its output with \`ebb logs ksvc/${name}\` and its state with \`ebb describe ksvc ${name}\`${namespace === 'default' ? '' : ` -n ${namespace}`}`,
      );
    }
    const line = fresh
      ? `  revision ${revision ?? '(not created yet)'}: ${describe(ready)}`
      : '  waiting for the controller';
    if (line !== last) out(line);
    last = line;
    if (Date.now() >= deadline) {
      throw new CliError(
        `timed out waiting for function ${name} to become Ready: ${describe(ready)}\n` +
          `  raise --timeout, or look at \`ebb describe ksvc ${name}\` and \`ebb logs ksvc/${name}\``,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

function describe(c: Condition | undefined): string {
  if (!c) return 'Ready not reported yet';
  return `Ready=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`;
}
