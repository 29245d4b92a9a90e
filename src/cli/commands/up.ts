/**
 * `ebb up`: runs the platform in the foreground, prints its URLs (tests parse these lines), and stops it
 * cleanly on SIGINT/SIGTERM; a second signal exits at once.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Platform } from '../../platform/platform.js';
import { action, err, out } from '../command.js';
import { CliError } from '../errors.js';

export const DEFAULT_DATA_DIR = '.ebb';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_API_PORT = 7070;
export const DEFAULT_INGRESS_PORT = 8080;

interface UpFlags {
  dataDir: string;
  host: string;
  apiPort: string;
  ingressPort: string;
  maxQueue: string;
  rocketmqEndpoints?: string;
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('Run the Ebb platform in the foreground (Ctrl+C stops it)')
    .option('--data-dir <dir>', 'where resources and events are stored', DEFAULT_DATA_DIR)
    .option('--host <address>', 'address to listen on', DEFAULT_HOST)
    .option('--api-port <port>', 'API port (0 picks a free port)', String(DEFAULT_API_PORT))
    .option(
      '--ingress-port <port>',
      'ingress port for services and brokers (0 picks a free port)',
      String(DEFAULT_INGRESS_PORT),
    )
    .option(
      '--max-queue <requests>',
      'requests that may wait per revision while it has no free replica (the activator buffer)',
      '1000',
    )
    .option(
      '--rocketmq-endpoints <host:port>',
      'RocketMQ proxy for RocketMQSources that name none (default: $EBB_ROCKETMQ_ENDPOINTS, else the local RocketMQ of `ebb rocketmq up`)',
    )
    .action(action((flags: UpFlags) => up(flags)));
}

export function parsePort(text: string, flag: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new CliError(`invalid ${flag} "${text}": expected a port number 0-65535`);
  return port;
}

async function up(flags: UpFlags): Promise<void> {
  const apiPort = parsePort(flags.apiPort, '--api-port');
  const ingressPort = parsePort(flags.ingressPort, '--ingress-port');
  const maxQueue = Number(flags.maxQueue);
  if (!Number.isInteger(maxQueue) || maxQueue < 1) {
    throw new CliError(
      `invalid --max-queue "${flags.maxQueue}": expected a whole number of requests, at least 1`,
    );
  }
  const dataDir = resolve(flags.dataDir);
  await mkdir(dataDir, { recursive: true });

  let platform: Platform | undefined;
  let stopping = false;
  const shutdown = async (p: Platform) => {
    try {
      await p.stop();
      process.exit(0);
    } catch (e) {
      err(`error: stopping Ebb failed: ${(e as Error).message}`);
      process.exit(1);
    }
  };
  const onSignal = () => {
    if (stopping) process.exit(1);
    stopping = true;
    out('Stopping…');
    if (platform) void shutdown(platform);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const { startPlatform } = await import('../../platform/platform.js');
  try {
    platform = await startPlatform({
      dataDir,
      host: flags.host,
      apiPort,
      ingressPort,
      maxQueuePerRevision: maxQueue,
      ...(flags.rocketmqEndpoints ? { rocketmqEndpoints: flags.rocketmqEndpoints } : {}),
    });
  } catch (e) {
    throw startupError(e, flags.host, apiPort, ingressPort);
  }
  if (stopping) return shutdown(platform);
  out(
    [
      'Ebb is up.',
      `  API:      ${platform.apiUrl}`,
      `  Ingress:  ${platform.ingressUrl}`,
      `  Data:     ${platform.dataDir || dataDir}`,
      `  RocketMQ: ${platform.rocketmq() ?? 'none yet (sources connect once `ebb rocketmq up` runs, or set --rocketmq-endpoints)'}`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  // After the block, whose lines tests match as one run.
  out(`Dashboard: ${platform.apiUrl}/dashboard/`);
}

/** Turns a listen failure into advice naming the port and the flag that changes it. */
export function startupError(e: unknown, host: string, apiPort: number, ingressPort: number): CliError {
  for (let cause: any = e; cause; cause = cause.cause) {
    if (cause.code === 'EADDRINUSE' || cause.code === 'EACCES' || cause.code === 'EADDRNOTAVAIL') {
      const port: number | undefined = typeof cause.port === 'number' ? cause.port : undefined;
      const address: string = cause.address ?? host;
      const flag =
        port === apiPort
          ? '--api-port'
          : port === ingressPort
            ? '--ingress-port'
            : '--api-port/--ingress-port';
      const what =
        cause.code === 'EADDRINUSE'
          ? `port ${port ?? `${apiPort} or ${ingressPort}`} on ${address} is already in use`
          : cause.code === 'EACCES'
            ? `no permission to listen on port ${port ?? `${apiPort} or ${ingressPort}`}`
            : `address ${address} is not available on this machine (check --host)`;
      return new CliError(`cannot start Ebb: ${what}; pick another port with ${flag} (0 picks a free one)`, {
        cause: e,
      });
    }
  }
  return new CliError(`cannot start Ebb: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}
