/**
 * `ebb adapter rocketmq`: the RocketMQ source adapter on its own, configured by its environment
 * (`K_SINK`, `ROCKETMQ_ENDPOINTS`, ... — see src/sources/rocketmq/env.ts), the way a Knative
 * ContainerSource runs it on a cluster. It logs its counts every 10 s and on exit; SIGTERM/SIGINT stop it
 * after the deliveries in flight finish (unfinished ones stay unacknowledged and come back).
 */
import type { Command } from 'commander';
import { action, err, out } from '../command.js';
import { CliError } from '../errors.js';

const REPORT_EVERY_MS = 10_000;

export function registerAdapter(program: Command): void {
  const cmd = program.command('adapter').description('Run a source adapter standalone (configured by env)');
  cmd
    .command('rocketmq')
    .description(
      'Consume a RocketMQ topic and send CloudEvents to $K_SINK (env: ROCKETMQ_ENDPOINTS, ROCKETMQ_TOPIC, ROCKETMQ_CONSUMER_GROUP, ...)',
    )
    .addHelpText(
      'after',
      `
Environment:
  K_SINK                    where events go (required)
  ROCKETMQ_ENDPOINTS        the RocketMQ 5 proxy, host:port[;host:port] (required)
  ROCKETMQ_TOPIC            the topic (required)
  ROCKETMQ_CONSUMER_GROUP   the consumer group (required; ROCKETMQ_GROUP_NAME is read too)
  ROCKETMQ_SELECTOR_TYPE    TAG (default) or SQL92
  ROCKETMQ_SELECTOR         the tag expression (default *) or SQL92 condition
  ROCKETMQ_ACCESS_KEY, ROCKETMQ_SECRET_KEY   credentials, if the cluster has ACLs
  K_CE_OVERRIDES            {"extensions": {...}} set on every event
  NAMESPACE, NAME           make each event's source /apis/v1/namespaces/NAMESPACE/rocketmqsources/NAME#TOPIC
  DELIVERY_RETRY, DELIVERY_BACKOFF_POLICY, DELIVERY_BACKOFF_DELAY, DELIVERY_TIMEOUT, DELIVERY_DEAD_LETTER_SINK
  ADAPTER_MAX_IN_FLIGHT     deliveries in flight (default 256)`,
    )
    .action(action(() => runRocketMQAdapter()));
}

async function runRocketMQAdapter(): Promise<void> {
  const { RocketMQAdapter, AdapterConfigError, adapterConfigFromEnv } = await import(
    '../../sources/rocketmq/index.js'
  );
  const { Agent } = await import('undici');
  const { createLogger } = await import('../../log.js');
  let config: ReturnType<typeof adapterConfigFromEnv>;
  try {
    config = adapterConfigFromEnv(process.env);
  } catch (e) {
    if (e instanceof AdapterConfigError)
      throw new CliError(`${e.message}\n(see \`ebb adapter rocketmq --help\`)`);
    throw e;
  }
  const http = new Agent({ keepAliveTimeout: 4_000 });
  const adapter = new RocketMQAdapter({ ...config, http, logger: createLogger('rocketmq-adapter') });
  try {
    await adapter.start();
  } catch (e) {
    await adapter.close(0);
    throw new CliError(
      `cannot consume ${config.topic} (group ${config.consumerGroup}) at ${config.endpoints}: ${(e as Error).message}\n` +
        'Is RocketMQ running? `ebb rocketmq status` shows the local one.',
    );
  }
  out(`consuming ${config.topic} (group ${config.consumerGroup}) at ${config.endpoints} → ${config.sinkUri}`);
  const report = () => err(`rocketmq adapter: ${JSON.stringify(adapter.stats)}`);
  const timer = setInterval(report, REPORT_EVERY_MS);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(timer);
  await adapter.close();
  await http.close();
  report();
}
