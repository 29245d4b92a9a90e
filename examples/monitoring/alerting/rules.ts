/**
 * The alerting rules, pure: a metric event (`{"host", "metric", "value"}`) alerts when its metric has a
 * threshold and the value is above it; a log event (`{"host", "level", "message"}`) alerts when its level
 * is one of the alerting levels. Each alert has a de-duplication key — host and metric, or host, level and
 * message — that the ledger lets through once per window. An event of the wrong shape is `invalid`, with
 * the reason the function answers in its 400.
 */
import type { AlertingConfig } from './config.js';

export type Signal = 'metric' | 'log';

export interface Alert {
  /** What the ledger de-duplicates on. */
  key: string;
  host: string;
  /** Plain text; slack.ts escapes it for mrkdwn. */
  summary: string;
  details: Record<string, string | number>;
}

export type Verdict =
  | { kind: 'alert'; alert: Alert }
  | { kind: 'quiet'; reason: string }
  | { kind: 'invalid'; reason: string };

/** Longest log message kept in an alert (Slack shows at most 3,000 characters in a section block). */
const MAX_MESSAGE_CHARS = 500;
const MAX_NAME_CHARS = 253;

export function evaluate(signal: Signal, data: unknown, config: AlertingConfig): Verdict {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return invalid(`a ${signal} event's data must be a JSON object, was: ${describe(data)}`);
  }
  const fields = data as Record<string, unknown>;
  const host = name(fields.host);
  if (host === undefined) return invalid(`"host" must be a non-empty string, was: ${describe(fields.host)}`);
  return signal === 'metric' ? metric(host, fields, config) : log(host, fields, config);
}

function metric(host: string, fields: Record<string, unknown>, config: AlertingConfig): Verdict {
  const metricName = name(fields.metric)?.toLowerCase();
  if (metricName === undefined) {
    return invalid(`"metric" must be a non-empty string, was: ${describe(fields.metric)}`);
  }
  const value = fields.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return invalid(`"value" must be a number, was: ${describe(value)}`);
  }
  const threshold = config.thresholds.get(metricName);
  if (threshold === undefined) return quiet(`${metricName} on ${host} has no threshold`);
  if (value <= threshold) return quiet(`${metricName} on ${host} is ${value}, not above ${threshold}`);
  return {
    kind: 'alert',
    alert: {
      key: `metric/${host}/${metricName}`,
      host,
      summary: `${metricName} on ${host} is ${value}, above the threshold of ${threshold}`,
      details: { metric: metricName, value, threshold },
    },
  };
}

function log(host: string, fields: Record<string, unknown>, config: AlertingConfig): Verdict {
  const level = name(fields.level)?.toLowerCase();
  if (level === undefined)
    return invalid(`"level" must be a non-empty string, was: ${describe(fields.level)}`);
  if (typeof fields.message !== 'string') {
    return invalid(`"message" must be a string, was: ${describe(fields.message)}`);
  }
  if (!config.logLevels.has(level)) return quiet(`a ${level} log on ${host} does not alert`);
  const message = fields.message.trim();
  const shown = message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
  return {
    kind: 'alert',
    alert: {
      key: `log/${host}/${level}/${message}`,
      host,
      summary: `${level.toUpperCase()} on ${host}: ${shown}`,
      details: { level, message: shown },
    },
  };
}

function name(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > MAX_NAME_CHARS ? undefined : trimmed;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

const invalid = (reason: string): Verdict => ({ kind: 'invalid', reason });
const quiet = (reason: string): Verdict => ({ kind: 'quiet', reason });
