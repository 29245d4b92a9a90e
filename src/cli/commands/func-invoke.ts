/**
 * `ebb func invoke NAME [--data JSON] [--content-type T] [--path P] [--cloudevent [--type T] [--source S]
 * [--id ID]] [-n NS]`: calls a deployed function through Ebb's router, as a user's client would — at the
 * Service's `status.url`, whose `*.localhost` host the router serves on the ingress port of the `ebb up`
 * the API belongs to — with a POST, or with `--cloudevent` a binary-mode CloudEvent. Prints the status,
 * the content type and `ce-*` headers of the answer, and its body; exit code 1 unless it was 2xx.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { request } from 'undici';
import type { KObject } from '../../api/object.js';
import { toBinaryHttp } from '../../eventing/cloudevents/index.js';
import { resolveServer } from '../client.js';
import { action, clientFor, type NamespaceFlags, out, withNamespace, withServer } from '../command.js';
import { CliError, isNotFound } from '../errors.js';
import { routerTarget } from '../func/router.js';
import { resolveKind } from '../kinds.js';
import { kindPath } from '../paths.js';

export const DEFAULT_DATA = '{"message":"Hello World"}';
export const DEFAULT_EVENT_TYPE = 'dev.ebb.func.invoke';
export const DEFAULT_EVENT_SOURCE = '/ebb/func/invoke';
const INVOKE_TIMEOUT_MS = 60_000;

interface InvokeFlags extends NamespaceFlags {
  data: string;
  contentType: string;
  path: string;
  cloudevent?: boolean;
  type: string;
  source: string;
  id?: string;
}

export function registerFuncInvoke(func: Command): void {
  const cmd = func
    .command('invoke')
    .description('Call a deployed function through the router: an HTTP POST, or a CloudEvent')
    .argument('<name>', "the function's Service name")
    .option('--data <data>', 'the request body; JSON unless --content-type says otherwise', DEFAULT_DATA)
    .option('--content-type <type>', 'the body content type', 'application/json')
    .option('--path <path>', 'the request path', '/')
    .option('--cloudevent', 'send a binary-mode CloudEvent (ce-* headers) instead of a plain POST')
    .option('--type <type>', 'the CloudEvent type (with --cloudevent)', DEFAULT_EVENT_TYPE)
    .option('--source <source>', 'the CloudEvent source (with --cloudevent)', DEFAULT_EVENT_SOURCE)
    .option('--id <id>', 'the CloudEvent id (with --cloudevent; default: a random UUID)');
  withServer(withNamespace(cmd)).action(action((name: string, flags: InvokeFlags) => invoke(name, flags)));
}

async function invoke(name: string, flags: InvokeFlags): Promise<number> {
  const namespace = flags.namespace || 'default';
  const nsFlag = namespace === 'default' ? '' : ` -n ${namespace}`;
  let service: KObject;
  try {
    service = await clientFor(flags).get(kindPath(resolveKind('ksvc'), namespace, name));
  } catch (e) {
    if (isNotFound(e))
      throw new CliError(
        `function ${name} not found in namespace ${namespace}: deploy it with \`ebb func deploy DIR\``,
      );
    throw e;
  }
  const url = service.status?.url as string | undefined;
  if (!url)
    throw new CliError(`function ${name} has no URL yet: is it Ready? (ebb describe ksvc ${name}${nsFlag})`);
  if (flags.contentType === 'application/json') {
    try {
      JSON.parse(flags.data);
    } catch (e) {
      throw new CliError(
        `--data is not valid JSON (${(e as Error).message}); pass --content-type text/plain for text`,
      );
    }
  }
  let headers: Record<string, string> = { 'content-type': flags.contentType };
  if (flags.cloudevent) {
    const attributes = {
      specversion: '1.0',
      id: flags.id ?? randomUUID(),
      type: flags.type,
      source: flags.source,
      datacontenttype: flags.contentType,
    };
    headers = toBinaryHttp({ attributes }).headers as Record<string, string>;
  }
  const target = routerTarget(url, resolveServer(flags.server), flags.path);
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(target.url, {
      method: 'POST',
      headers: { ...headers, host: target.host },
      body: flags.data,
      headersTimeout: INVOKE_TIMEOUT_MS,
      bodyTimeout: INVOKE_TIMEOUT_MS,
    });
  } catch (e) {
    throw new CliError(
      `cannot reach the router at ${target.url} for ${url}: ${(e as Error).message} (is \`ebb up\` still running?)`,
      { cause: e },
    );
  }
  const body = await res.body.text();
  out(`HTTP ${res.statusCode}`);
  for (const [k, v] of Object.entries(res.headers)) {
    if (k === 'content-type' || k.startsWith('ce-')) out(`${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
  }
  out('\n');
  if (body !== '') out(body);
  return res.statusCode >= 200 && res.statusCode < 300 ? 0 : 1;
}
