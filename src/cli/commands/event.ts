/**
 * `ebb event send --to broker/NAME [-n NS] --type T --source S [--data JSON] [--id ID] [--subject S]
 * [--extension k=v]...`: posts one CloudEvent (binary mode) to a broker's ingress, found from the
 * broker's `status.address.url`, and reports the answer.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { request } from 'undici';
import { toBinaryHttp } from '../../eventing/cloudevents/index.js';
import { action, clientFor, type NamespaceFlags, out, withNamespace, withServer } from '../command.js';
import { CliError } from '../errors.js';
import { resolveKind } from '../kinds.js';
import { kindPath } from '../paths.js';

interface SendFlags extends NamespaceFlags {
  to: string;
  type: string;
  source: string;
  data?: string;
  id?: string;
  subject?: string;
  contentType?: string;
  extension: string[];
}

export function registerEvent(program: Command): void {
  const event = program.command('event').description('Work with CloudEvents');
  const send = event
    .command('send')
    .description('Send a CloudEvent to a broker')
    .requiredOption('--to <broker/NAME>', 'the broker to send to, e.g. broker/default')
    .requiredOption('--type <type>', 'the event type (ce-type)')
    .requiredOption('--source <source>', 'the event source (ce-source), a URI reference')
    .option('--data <data>', 'the event data; JSON unless --content-type says otherwise')
    .option('--content-type <type>', 'the data content type', 'application/json')
    .option('--id <id>', 'the event id (default: a random UUID)')
    .option('--subject <subject>', 'the event subject (ce-subject)')
    .option('--extension <name=value>', 'an extension attribute (repeatable)', collect, []);
  withServer(withNamespace(send)).action(action((flags: SendFlags) => sendEvent(flags)));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function sendEvent(flags: SendFlags): Promise<number> {
  const slash = flags.to.indexOf('/');
  if (slash <= 0) throw new CliError(`--to must be broker/NAME, was: "${flags.to}"`);
  const def = resolveKind(flags.to.slice(0, slash));
  if (def.kind !== 'Broker') throw new CliError(`--to must name a broker (broker/NAME), was: "${flags.to}"`);
  const name = flags.to.slice(slash + 1);
  const namespace = flags.namespace || 'default';
  const broker = await clientFor(flags).get(kindPath(def, namespace, name));
  const url = (broker.status as any)?.address?.url as string | undefined;
  if (!url)
    throw new CliError(
      `broker ${namespace}/${name} has no address yet: is it Ready? (ebb describe broker ${name})`,
    );
  const id = flags.id ?? randomUUID();
  const attributes: Record<string, string> = {
    specversion: '1.0',
    id,
    type: flags.type,
    source: flags.source,
  };
  if (flags.subject) attributes.subject = flags.subject;
  for (const ext of flags.extension) {
    const eq = ext.indexOf('=');
    if (eq <= 0) throw new CliError(`--extension must be name=value, was: "${ext}"`);
    attributes[ext.slice(0, eq).toLowerCase()] = ext.slice(eq + 1);
  }
  if (flags.data !== undefined) {
    if (flags.contentType === 'application/json') {
      try {
        JSON.parse(flags.data);
      } catch (err) {
        throw new CliError(
          `--data is not valid JSON (${(err as Error).message}); pass --content-type text/plain for text`,
        );
      }
    }
    attributes.datacontenttype = flags.contentType ?? 'application/json';
  }
  // Written as Ebb's dispatchers write events (the README's header policy): UTF-8 values arrive intact.
  const { headers } = toBinaryHttp({ attributes });
  const res = await request(url, {
    method: 'POST',
    headers,
    ...(flags.data !== undefined ? { body: flags.data } : {}),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300)
    throw new CliError(`broker ${namespace}/${name} refused the event (${res.statusCode}): ${text.trim()}`);
  out(`event ${id} accepted by broker ${namespace}/${name} (${res.statusCode})`);
  return 0;
}
