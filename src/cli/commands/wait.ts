/**
 * `ebb wait KIND NAME... --for condition=Ready|delete [--timeout 60s]`: polls until the condition holds
 * (status True and, when the object reports it, observedGeneration caught up with generation) or the
 * object is gone.
 */
import type { Command } from 'commander';
import type { KObject } from '../../api/object.js';
import type { ApiClient } from '../client.js';
import {
  action,
  clientFor,
  type NamespaceFlags,
  namespaceFor,
  out,
  parseTargets,
  type Target,
  targetsOf,
  withNamespace,
  withServer,
} from '../command.js';
import { parseDuration } from '../duration.js';
import { CliError, isNotFound } from '../errors.js';
import { objectRef } from '../names.js';
import { kindPath } from '../paths.js';
import { conditionMet, explain, parseWaitFor, type WaitFor } from '../wait-for.js';

export const POLL_INTERVAL_MS = 200;
const DEFAULT_TIMEOUT = '60s';

interface WaitFlags extends NamespaceFlags {
  for: string;
  timeout: string;
}

export function registerWait(program: Command): void {
  const cmd = program
    .command('wait')
    .description('Wait until resources meet a condition, or are deleted')
    .argument('<args...>', 'KIND NAME... or KIND/NAME...')
    .option('--for <condition>', 'condition=TYPE[=STATUS] or delete', 'condition=Ready')
    .option(
      '--timeout <duration>',
      'give up after this long (60s, 2m, 500ms; a number is seconds)',
      DEFAULT_TIMEOUT,
    );
  withServer(withNamespace(cmd)).action(action((args: string[], flags: WaitFlags) => wait(args, flags)));
}

async function wait(args: string[], flags: WaitFlags): Promise<number> {
  const targets = targetsOf(parseTargets(args));
  const waitFor = parseWaitFor(flags.for);
  const deadline = Date.now() + parseDuration(flags.timeout, '--timeout');
  const client = clientFor(flags);
  for (const target of targets) {
    await waitOne(client, target, namespaceFor(target.def, flags.namespace), waitFor, deadline);
    out(`${objectRef(target.def, target.name)} condition met`);
  }
  return 0;
}

async function waitOne(
  client: ApiClient,
  { def, name }: Target,
  namespace: string | undefined,
  waitFor: WaitFor,
  deadline: number,
): Promise<void> {
  let last: KObject | undefined;
  for (;;) {
    try {
      last = await client.get(kindPath(def, namespace, name));
    } catch (e) {
      if (!isNotFound(e)) throw e;
      last = undefined;
      if (waitFor.delete) return;
    }
    if (last && !waitFor.delete && conditionMet(last, waitFor.condition, waitFor.status)) return;
    const left = deadline - Date.now();
    if (left <= 0) break;
    await new Promise((r) => setTimeout(r, Math.min(POLL_INTERVAL_MS, left)));
  }
  const detail = waitFor.delete ? undefined : explain(last, waitFor.condition);
  throw new CliError(
    `timed out waiting for the condition on ${def.plural}/${name}${detail ? `\n${detail}` : ''}`,
  );
}
