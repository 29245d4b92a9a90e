/**
 * The standalone adapter's configuration (`ebb adapter rocketmq`), read from the environment the way a
 * Knative ContainerSource or SinkBinding provides it: `K_SINK` (the sink URL), `K_CE_OVERRIDES` (JSON
 * `{"extensions": {...}}`), `NAMESPACE` and `NAME` (which make each event's `source`), plus:
 *
 *   ROCKETMQ_ENDPOINTS        the proxy's gRPC endpoints, host:port[;host:port]   (required)
 *   ROCKETMQ_TOPIC            the topic                                            (required)
 *   ROCKETMQ_CONSUMER_GROUP   the consumer group (ROCKETMQ_GROUP_NAME also read)   (required)
 *   ROCKETMQ_SELECTOR_TYPE    TAG or SQL92                                         (default TAG)
 *   ROCKETMQ_SELECTOR         the tag or SQL92 expression                          (default *)
 *   ROCKETMQ_ACCESS_KEY, ROCKETMQ_SECRET_KEY   credentials, when the cluster has ACLs
 *   DELIVERY_RETRY, DELIVERY_BACKOFF_POLICY (exponential|linear), DELIVERY_BACKOFF_DELAY and
 *   DELIVERY_TIMEOUT (ISO 8601 durations), DELIVERY_DEAD_LETTER_SINK (a URL)
 *   ADAPTER_MAX_IN_FLIGHT     deliveries in flight                                 (default 256)
 *   ROCKETMQ_DATA_FORMAT      body, or message (data = the message as JSON)        (default body)
 *
 * Every problem is reported at once, each naming its variable.
 */
import {
  addressListError,
  parseIsoDuration,
  rocketmqNameError,
  validateCeOverrides,
} from '../../api/eventing/index.js';
import { EbbError } from '../../errors.js';
import type { DeliveryPolicy } from '../../eventing/types.js';
import type { AdapterConfig, SelectorType } from './options.js';

export class AdapterConfigError extends EbbError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('EBB_ADAPTER_CONFIG', `invalid adapter environment:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

export function adapterConfigFromEnv(env: Env): AdapterConfig {
  const problems: string[] = [];
  const need = (name: string, ...alternatives: string[]): string => {
    for (const n of [name, ...alternatives]) {
      const v = env[n]?.trim();
      if (v) return v;
    }
    problems.push(`${name}: required`);
    return '';
  };
  const endpoints = need('ROCKETMQ_ENDPOINTS');
  const endpointsErr = endpoints && addressListError(endpoints);
  if (endpointsErr) problems.push(`ROCKETMQ_ENDPOINTS: ${endpointsErr}`);
  const topic = need('ROCKETMQ_TOPIC');
  const topicErr = topic && rocketmqNameError(topic, 'topic');
  if (topicErr) problems.push(`ROCKETMQ_TOPIC: ${topicErr}`);
  const consumerGroup = need('ROCKETMQ_CONSUMER_GROUP', 'ROCKETMQ_GROUP_NAME');
  const groupErr = consumerGroup && rocketmqNameError(consumerGroup, 'group');
  const groupVariable = env.ROCKETMQ_CONSUMER_GROUP?.trim()
    ? 'ROCKETMQ_CONSUMER_GROUP'
    : 'ROCKETMQ_GROUP_NAME';
  if (groupErr) problems.push(`${groupVariable}: ${groupErr}`);
  const sinkUri = need('K_SINK');
  if (sinkUri && !/^https?:\/\/[^/]/.test(sinkUri))
    problems.push(`K_SINK: expected an http(s) URL, got "${sinkUri}"`);
  const type = (env.ROCKETMQ_SELECTOR_TYPE?.trim() || 'TAG').toUpperCase();
  if (type !== 'TAG' && type !== 'SQL92')
    problems.push(`ROCKETMQ_SELECTOR_TYPE: expected TAG or SQL92, got "${type}"`);
  const config: AdapterConfig = {
    endpoints,
    topic,
    consumerGroup,
    selector: { type: type as SelectorType, expression: env.ROCKETMQ_SELECTOR?.trim() || '*' },
    sinkUri,
    namespace: env.NAMESPACE?.trim() || 'default',
    name: env.NAME?.trim() || 'rocketmqsource',
    delivery: deliveryFromEnv(env, problems),
  };
  const format = env.ROCKETMQ_DATA_FORMAT?.trim();
  if (format === 'message') config.dataFormat = 'message';
  else if (format && format !== 'body')
    problems.push(`ROCKETMQ_DATA_FORMAT: expected body or message, got "${format}"`);
  const overrides = overridesFromEnv(env.K_CE_OVERRIDES, problems);
  if (overrides) config.overrides = overrides;
  const accessKey = env.ROCKETMQ_ACCESS_KEY?.trim();
  const accessSecret = env.ROCKETMQ_SECRET_KEY?.trim();
  if (accessKey && accessSecret) config.credentials = { accessKey, accessSecret };
  else if (accessKey || accessSecret)
    problems.push('ROCKETMQ_ACCESS_KEY, ROCKETMQ_SECRET_KEY: set both or neither');
  const maxInFlight = env.ADAPTER_MAX_IN_FLIGHT?.trim();
  if (maxInFlight) {
    const n = Number(maxInFlight);
    if (Number.isInteger(n) && n > 0) config.maxInFlight = n;
    else problems.push(`ADAPTER_MAX_IN_FLIGHT: expected a positive integer, got "${maxInFlight}"`);
  }
  if (problems.length > 0) throw new AdapterConfigError(problems);
  return config;
}

function overridesFromEnv(text: string | undefined, problems: string[]): Record<string, string> | undefined {
  if (!text?.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    problems.push(`K_CE_OVERRIDES: not JSON (${(err as Error).message})`);
    return undefined;
  }
  const errs = validateCeOverrides(parsed);
  if (!errs.isEmpty) {
    problems.push(`K_CE_OVERRIDES: ${errs.toString()}`);
    return undefined;
  }
  return (parsed as { extensions?: Record<string, string> }).extensions;
}

function deliveryFromEnv(env: Env, problems: string[]): DeliveryPolicy {
  const policy: DeliveryPolicy = { retry: 0, backoffPolicy: 'exponential', backoffDelayMs: 200 };
  const duration = (name: string): number | undefined => {
    const text = env[name]?.trim();
    if (!text) return undefined;
    const ms = parseIsoDuration(text);
    if (ms === undefined || ms < 0)
      problems.push(`${name}: expected an ISO 8601 duration such as PT0.2S, got "${text}"`);
    return ms;
  };
  const retry = env.DELIVERY_RETRY?.trim();
  if (retry) {
    if (/^\d+$/.test(retry)) policy.retry = Number(retry);
    else problems.push(`DELIVERY_RETRY: expected a non-negative integer, got "${retry}"`);
  }
  const backoff = env.DELIVERY_BACKOFF_POLICY?.trim();
  if (backoff === 'linear' || backoff === 'exponential') policy.backoffPolicy = backoff;
  else if (backoff)
    problems.push(`DELIVERY_BACKOFF_POLICY: expected exponential or linear, got "${backoff}"`);
  const delay = duration('DELIVERY_BACKOFF_DELAY');
  if (delay !== undefined) policy.backoffDelayMs = delay;
  const timeout = duration('DELIVERY_TIMEOUT');
  if (timeout !== undefined) policy.timeoutMs = timeout;
  const dls = env.DELIVERY_DEAD_LETTER_SINK?.trim();
  if (dls) {
    if (/^https?:\/\/[^/]/.test(dls)) policy.deadLetterUri = dls;
    else problems.push(`DELIVERY_DEAD_LETTER_SINK: expected an http(s) URL, got "${dls}"`);
  }
  return policy;
}
