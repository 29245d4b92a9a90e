/**
 * `ebb rocketmq up|down|status|produce`: a real local RocketMQ (name server + local-mode proxy with the
 * broker inside) for development, tests and demos. Jars come through Maven into a cache; state lives in
 * the data dir's pid file, so `down` and `status` work from any shell.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { action, err, out } from '../command.js';
import { CliError } from '../errors.js';

interface DirFlags {
  dataDir?: string;
  json?: boolean;
}

interface UpFlags extends DirFlags {
  topic: string[];
  fifoTopic: string[];
  group: string[];
  fifoGroup: string[];
}

interface ProduceFlags extends DirFlags {
  topic: string;
  tag?: string;
  keys: string[];
  messageGroup?: string;
  body?: string;
  file?: string;
  endpoint?: string;
  property: string[];
}

const many = (value: string, previous: string[]) => [...previous, value];
const dataDirOf = (flags: DirFlags) =>
  resolve(flags.dataDir ?? process.env.EBB_ROCKETMQ_DATA_DIR ?? join('.ebb', 'rocketmq'));
const rocketmq = () => import('../../rocketmq/index.js');

export function registerRocketMQ(program: Command): void {
  const cmd = program.command('rocketmq').description('Run a local RocketMQ (needs Java 17 and Maven)');
  const dir = (c: Command) =>
    c.option('--data-dir <dir>', 'RocketMQ data (default: $EBB_ROCKETMQ_DATA_DIR or ./.ebb/rocketmq)');
  dir(cmd.command('up').description('Start RocketMQ (or reuse the running one) and create topics and groups'))
    .option('--topic <name>', 'a normal topic to create (repeatable)', many, [])
    .option('--fifo-topic <name>', 'a FIFO topic to create (repeatable)', many, [])
    .option('--group <name>', 'a consumer group to create (repeatable)', many, [])
    .option('--fifo-group <name>', 'an ordered (FIFO) consumer group to create (repeatable)', many, [])
    .option('--json', 'print the addresses as JSON')
    .action(action((flags: UpFlags) => up(flags)));
  dir(cmd.command('down').description('Stop the local RocketMQ')).action(
    action((flags: DirFlags) => down(flags)),
  );
  dir(cmd.command('status').description('Say whether the local RocketMQ runs, and where (exit 3 if not)'))
    .option('--json', 'print the status as JSON')
    .action(action((flags: DirFlags) => status(flags)));
  dir(cmd.command('produce').description('Send one message'))
    .requiredOption('--topic <topic>', 'the topic')
    .option('--tag <tag>', 'the message tag')
    .option('--keys <key>', 'a message key (repeatable)', many, [])
    .option('--message-group <group>', 'the message group (FIFO topics)')
    .option('--body <text>', 'the message body')
    .option('--file <path>', 'read the message body from a file')
    .option(
      '--property <key=value>',
      'a message property, e.g. CONTENT_TYPE=application/json or CE_id=1 (repeatable)',
      many,
      [],
    )
    .option('--endpoint <host:port>', 'the proxy endpoint (default: the local RocketMQ)')
    .action(action((flags: ProduceFlags) => produceOne(flags)));
}

function print(state: any, note: string, json: boolean | undefined): void {
  if (json) {
    out(JSON.stringify({ running: true, ...state }));
    return;
  }
  out(
    `${note}\n  namesrv   ${state.namesrvAddr}\n  proxy     ${state.proxyEndpoint} (gRPC)\n` +
      `  pids      namesrv ${state.pids.namesrv}, proxy ${state.pids.proxy}\n  data dir  ${state.dataDir}`,
  );
}

async function createResources(admin: any, flags: UpFlags): Promise<void> {
  const work = [
    ...flags.topic.map((t) => admin.createTopic(t, { fifo: false })),
    ...flags.fifoTopic.map((t) => admin.createTopic(t, { fifo: true })),
    ...flags.group.map((g) => admin.createGroup(g, { fifo: false })),
    ...flags.fifoGroup.map((g) => admin.createGroup(g, { fifo: true })),
  ];
  if (work.length > 0) err(`rocketmq: creating ${work.length} topics and groups`);
  await Promise.all(work);
}

async function up(flags: UpFlags): Promise<number> {
  const rmq = await rocketmq();
  const dataDir = dataDirOf(flags);
  const current = rmq.localRocketMQStatus(dataDir);
  if (current.running) {
    await createResources(rmq.adminFor(current.state!), flags);
    print(current.state, `RocketMQ ${current.state!.version} is already running`, flags.json);
    return 0;
  }
  const check = rmq.javaAvailable();
  if (!check.ok) throw new CliError(`cannot start RocketMQ: this machine lacks ${check.missing}`);
  if (current.state) await rmq.stopLocalRocketMQ(dataDir); // half-dead leftovers of a crash
  const mq = await rmq.startLocalRocketMQ({
    dataDir,
    detached: true,
    onProgress: (message: string) => err(`rocketmq: ${message}`),
  });
  await createResources(mq, flags);
  print(rmq.localRocketMQStatus(dataDir).state, 'RocketMQ is up', flags.json);
  return 0;
}

async function down(flags: DirFlags): Promise<number> {
  const rmq = await rocketmq();
  const dataDir = dataDirOf(flags);
  const started = Date.now();
  const stopped = await rmq.stopLocalRocketMQ(dataDir);
  out(
    stopped
      ? `RocketMQ stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`
      : `RocketMQ is not running in ${dataDir}`,
  );
  return 0;
}

async function status(flags: DirFlags): Promise<number> {
  const rmq = await rocketmq();
  const dataDir = dataDirOf(flags);
  const st = rmq.localRocketMQStatus(dataDir);
  if (st.running) {
    print(st.state, `RocketMQ ${st.state!.version} is running`, flags.json);
    return 0;
  }
  if (flags.json) out(JSON.stringify({ running: false, namesrv: st.namesrv, proxy: st.proxy }));
  else if (st.state) {
    out(
      `RocketMQ in ${dataDir} is partly down (namesrv ${st.namesrv ? 'up' : 'down'}, proxy ${st.proxy ? 'up' : 'down'}); run "ebb rocketmq down"`,
    );
  } else out(`RocketMQ is not running in ${dataDir}`);
  return 3;
}

async function produceOne(flags: ProduceFlags): Promise<number> {
  const rmq = await rocketmq();
  let endpoint = flags.endpoint;
  if (!endpoint) {
    const st = rmq.localRocketMQStatus(dataDirOf(flags));
    if (!st.running)
      throw new CliError(
        'no local RocketMQ is running: start one with "ebb rocketmq up", or pass --endpoint',
      );
    endpoint = st.state!.proxyEndpoint;
  }
  if (flags.body !== undefined && flags.file !== undefined)
    throw new CliError('give --body or --file, not both');
  const body = flags.file !== undefined ? readFileSync(flags.file) : (flags.body ?? '');
  const properties: Record<string, string> = {};
  for (const p of flags.property) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid --property "${p}": expected key=value`);
    properties[p.slice(0, eq)] = p.slice(eq + 1);
  }
  const result = await rmq.produce(endpoint, flags.topic, body, {
    ...(flags.tag ? { tag: flags.tag } : {}),
    ...(flags.keys.length ? { keys: flags.keys } : {}),
    ...(flags.messageGroup ? { messageGroup: flags.messageGroup } : {}),
    ...(flags.property.length ? { properties } : {}),
  });
  out(`message ${result.messageId} sent to ${flags.topic}`);
  return 0;
}
