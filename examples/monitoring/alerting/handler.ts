/**
 * The alerting function (a Knative func CloudEvents handler, run with `ebb func serve`). Each Trigger says
 * which signal it delivers in its subscriber's query — `?signal=metric`, `?signal=log`, or
 * `?signal=dead-letter` for the dead-letter sink — since a func handler sees the query but not the path.
 *
 *   an alert (rules.ts) whose key is free (ledger.ts)  → posted to Slack; replies `alert.fired` (200)
 *   the same key again within ALERT_DEDUP_SECONDS       → nothing posted; no reply (204)
 *   no alert (under threshold, a quiet log level)       → no reply (204)
 *   an event of the wrong shape                         → 400 with the reason: not retried, dead-lettered
 *   a dead letter                                       → a warning posted (de-duplicated per signal); 204
 *   Slack refused or unreachable                        → 502 (429 with Slack's Retry-After): the Trigger
 *                                                         retries, and the key is free for the retry
 */
import { CloudEvent } from 'cloudevents';
import type { Context, StructuredReturn } from 'faas-js-runtime';
import { type AlertingConfig, configFromEnv } from './config.js';
import { AlertLedger, type Claim } from './ledger.js';
import { type Alert, evaluate } from './rules.js';
import { postToSlack, type SlackMessage, slackMessage } from './slack.js';

export const ALERT_FIRED = 'alert.fired';
export const SOURCE = '/monitoring/alerting';

let config: AlertingConfig;
let ledger: AlertLedger;

export function init(): void {
  config = configFromEnv();
  ledger = new AlertLedger(config.stateDir, config.dedupMs);
}

export function shutdown(): void {
  ledger?.close();
}

type Answer = CloudEvent<unknown> | StructuredReturn | undefined;

export async function handle(context: Context, event?: CloudEvent<unknown>): Promise<Answer> {
  if (!event) return text(400, 'expected a CloudEvent (binary or structured mode)');
  const signal = context.query?.signal;
  if (signal === 'dead-letter') return deadLetter(context, event);
  if (signal !== 'metric' && signal !== 'log') {
    return text(
      400,
      `?signal= must be metric, log or dead-letter (set in the Trigger's subscriber uri), was: ${signal}`,
    );
  }
  const verdict = evaluate(signal, event.data, config);
  if (verdict.kind === 'invalid') {
    context.log.warn(`invalid ${signal} event ${event.id}: ${verdict.reason}`);
    return text(400, `invalid ${signal} event: ${verdict.reason}`);
  }
  if (verdict.kind === 'quiet') {
    context.log.info(`no alert: ${verdict.reason}`);
    return undefined;
  }
  const { alert } = verdict;
  const message = slackMessage(
    ':rotating_light:',
    alert.summary,
    `event ${event.id} from ${event.source} · repeats suppressed for ${config.dedupMs / 1000} s`,
  );
  const sent = await post(context, alert.key, message);
  if (!('claim' in sent)) return sent.answer;
  return firedEvent(alert, message, sent.claim, sent.until, event);
}

/** A dead-lettered event: tell the channel that events of this signal are being dropped, and why. */
async function deadLetter(context: Context, event: CloudEvent<unknown>): Promise<Answer> {
  const dest = String(event.knativeerrordest ?? '');
  let failed = 'unknown';
  try {
    failed = new URL(dest).searchParams.get('signal') ?? failed;
  } catch {
    // not a URL: keep "unknown"
  }
  const code = event.knativeerrorcode === undefined ? 'no response' : String(event.knativeerrorcode);
  const data = event.knativeerrordata;
  const reason = typeof data === 'string' && data !== '' ? Buffer.from(data, 'base64').toString('utf8') : '';
  context.log.warn(`dead letter: ${failed} event ${event.id} failed with ${code} ${reason}`);
  const message = slackMessage(
    ':warning:',
    `a ${failed} event could not be handled (${code}): ${reason || 'no reason given'}`,
    `event ${event.id} from ${event.source} · further dead letters of ${failed} events suppressed for ${config.dedupMs / 1000} s`,
  );
  const sent = await post(context, `dead-letter/${failed}`, message);
  return 'claim' in sent ? undefined : sent.answer;
}

type Sent = { claim: Claim; until: number } | { answer: StructuredReturn | undefined };

/** Claims `key`, posts, and confirms or releases the claim. `answer` is what to reply when not posted. */
async function post(context: Context, key: string, message: SlackMessage): Promise<Sent> {
  const taken = ledger.claim(key);
  if (!taken.claimed) {
    const until = new Date(taken.until).toISOString();
    const state = taken.pending ? 'being posted' : `posted, quiet until ${until}`;
    context.log.info(`suppressed ${key}: repeat ${taken.repeats} (${state})`);
    return { answer: undefined };
  }
  const result = await postToSlack(config.webhookUrl, message);
  if (result.ok) {
    const until = ledger.confirm(taken.claim);
    context.log.info(`posted ${key}`);
    return { claim: taken.claim, until };
  }
  ledger.release(taken.claim);
  const why =
    result.status === undefined
      ? `posting to the webhook failed: ${result.answer}`
      : `the webhook answered ${result.status} ${result.answer}`;
  context.log.error(`${key}: ${why}`);
  if (result.status === 429) {
    return {
      answer: {
        statusCode: 429,
        headers: {
          'content-type': 'text/plain',
          ...(result.retryAfter ? { 'retry-after': result.retryAfter } : {}),
        },
        body: why,
      },
    };
  }
  return { answer: text(502, why) };
}

function firedEvent(
  alert: Alert,
  message: SlackMessage,
  claim: Claim,
  until: number,
  cause: CloudEvent<unknown>,
): CloudEvent<unknown> {
  return new CloudEvent({
    type: ALERT_FIRED,
    source: SOURCE,
    id: claim.token,
    subject: alert.key,
    datacontenttype: 'application/json',
    data: {
      key: alert.key,
      host: alert.host,
      ...alert.details,
      text: message.text,
      firedAt: new Date(claim.at).toISOString(),
      quietUntil: new Date(until).toISOString(),
      cause: { id: cause.id, source: cause.source },
    },
  });
}

const text = (statusCode: number, body: string): StructuredReturn => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});
