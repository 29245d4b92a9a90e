/**
 * The alerting function's configuration, from its environment (the Service's `env`, the webhook URL from
 * a Secret): parsed once in `init()`, so a bad value stops the replica with a message naming the variable
 * instead of failing every event.
 *
 *   SLACK_WEBHOOK_URL     where alerts are posted (a Slack incoming webhook, or slack-receiver.mjs)
 *   THRESHOLD_<METRIC>    alert when metric <metric> (lower-cased: THRESHOLD_CPU → cpu) is above it
 *   ALERT_LOG_LEVELS      log levels that alert, comma-separated (default: error,fatal)
 *   ALERT_DEDUP_SECONDS   an alert key alerts once per this many seconds (default: 300)
 *   ALERT_STATE_DIR       folder of the de-duplication database, shared by replicas (default: $TMPDIR/ebb-monitoring)
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_DEDUP_SECONDS = 300;
export const DEFAULT_LOG_LEVELS = ['error', 'fatal'];
const THRESHOLD_PREFIX = 'THRESHOLD_';

export interface AlertingConfig {
  webhookUrl: string;
  /** Metric name (lower-case) → the value above which it alerts. */
  thresholds: Map<string, number>;
  /** Lower-case log levels that alert. */
  logLevels: Set<string>;
  dedupMs: number;
  stateDir: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AlertingConfig {
  const webhookUrl = env.SLACK_WEBHOOK_URL?.trim() ?? '';
  if (webhookUrl === '') {
    throw new ConfigError(
      'SLACK_WEBHOOK_URL is not set: put the webhook URL in Secret slack-webhook, key url',
    );
  }
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    throw new ConfigError('SLACK_WEBHOOK_URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`SLACK_WEBHOOK_URL must be http or https, was: ${url.protocol}`);
  }
  const thresholds = new Map<string, number>();
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(THRESHOLD_PREFIX) || value === undefined) continue;
    const metric = name.slice(THRESHOLD_PREFIX.length).toLowerCase();
    thresholds.set(metric, number(name, value));
  }
  const levels = (env.ALERT_LOG_LEVELS ?? DEFAULT_LOG_LEVELS.join(','))
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== '');
  const dedupSeconds =
    env.ALERT_DEDUP_SECONDS === undefined
      ? DEFAULT_DEDUP_SECONDS
      : number('ALERT_DEDUP_SECONDS', env.ALERT_DEDUP_SECONDS);
  if (dedupSeconds < 0) throw new ConfigError(`ALERT_DEDUP_SECONDS cannot be negative, was: ${dedupSeconds}`);
  const stateDir = env.ALERT_STATE_DIR?.trim() || join(tmpdir(), 'ebb-monitoring');
  return { webhookUrl, thresholds, logLevels: new Set(levels), dedupMs: dedupSeconds * 1000, stateDir };
}

function number(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new ConfigError(`${name} must be a number, was: "${value}"`);
  return n;
}
