/**
 * Posting to a Slack incoming webhook: `POST <url>` with `{"text", "blocks"}`; Slack answers `200 ok`, or
 * an error code as text (`400 invalid_payload`, `400 no_text`, `404 no_service`, `429` with Retry-After, …).
 * Text from events is escaped for Slack's mrkdwn (`&`, `<`, `>`), so a log line cannot mention
 * `<!channel>` or forge a link. What a failed post means for the delivery is the caller's decision.
 */

/** How long a post may take before it counts as failed. */
export const POST_TIMEOUT_MS = 10_000;

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export type PostResult =
  | { ok: true }
  | { ok: false; status: number | undefined; answer: string; retryAfter: string | undefined };

/** Slack's escaping for text it shows (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `headline` and `context` are plain text; they are escaped here. */
export function slackMessage(emoji: string, headline: string, context: string): SlackMessage {
  const text = `${emoji} ${escapeMrkdwn(headline)}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(context) }] },
    ],
  };
}

export async function postToSlack(url: string, message: SlackMessage): Promise<PostResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause?.message;
    return { ok: false, status: undefined, answer: cause ?? (err as Error).message, retryAfter: undefined };
  }
  const answer = (await res.text().catch(() => '')).slice(0, 200);
  if (res.status === 200 && answer.trim() === 'ok') return { ok: true };
  return { ok: false, status: res.status, answer, retryAfter: res.headers.get('retry-after') ?? undefined };
}
