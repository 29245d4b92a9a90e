#!/usr/bin/env node
// A stand-in for a Slack incoming webhook, to run the monitoring example without a Slack workspace.
// It answers as Slack does: `POST {path}` with a JSON body (or a form field `payload` holding JSON) →
// `200 ok`; a body that is not a JSON object → `400 invalid_payload`; neither `text` nor `blocks` →
// `400 no_text`; `blocks` that are not a list of blocks → `400 invalid_blocks`; another path →
// `404 no_service`. Each accepted message is printed, and appended to a JSON-lines file when one is given.
//
//   node slack-receiver.mjs [--port 3030] [--host 127.0.0.1] [--path /services/T…/B…/X…] [--out FILE]
//
// (`--port 0` picks a free port; `$PORT` and `$SLACK_RECEIVER_OUT` work too.) It prints the webhook URL to
// put in Secret slack-webhook once it listens. No dependencies beyond Node.js.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const MAX_BODY_BYTES = 1024 * 1024;

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3030' },
    host: { type: 'string', default: '127.0.0.1' },
    path: { type: 'string', default: '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' },
    out: { type: 'string', default: process.env.SLACK_RECEIVER_OUT },
  },
});

/** What Slack answers for `body` sent as `contentType`: [status, text, message?]. */
function validate(contentType, body) {
  let payload;
  try {
    const raw = /^application\/x-www-form-urlencoded/i.test(contentType ?? '')
      ? new URLSearchParams(body).get('payload')
      : body;
    payload = JSON.parse(raw ?? '');
  } catch {
    return [400, 'invalid_payload'];
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    return [400, 'invalid_payload'];
  const { text, blocks } = payload;
  if (text !== undefined && typeof text !== 'string') return [400, 'invalid_payload'];
  if (blocks !== undefined) {
    const valid =
      Array.isArray(blocks) &&
      blocks.every((b) => b !== null && typeof b === 'object' && typeof b.type === 'string');
    if (!valid) return [400, 'invalid_blocks'];
  }
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if ((text === undefined || text.trim() === '') && !hasBlocks) return [400, 'no_text'];
  return [200, 'ok', payload];
}

function record(payload) {
  const entry = { receivedAt: new Date().toISOString(), text: payload.text ?? '', payload };
  console.log(`[slack] ${entry.receivedAt} ${entry.text}`);
  if (opts.out) appendFileSync(opts.out, `${JSON.stringify(entry)}\n`);
}

const server = createServer((req, res) => {
  const answer = (status, text) =>
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
  const url = new URL(req.url ?? '/', 'http://receiver');
  if (url.pathname !== opts.path) {
    req.resume();
    return answer(404, 'no_service');
  }
  if (req.method !== 'POST') {
    req.resume();
    return answer(405, 'invalid_method');
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_BODY_BYTES) return answer(413, 'request_too_large');
    const [status, text, payload] = validate(
      req.headers['content-type'],
      Buffer.concat(chunks).toString('utf8'),
    );
    if (payload) record(payload);
    else console.log(`[slack] refused a post: ${status} ${text}`);
    answer(status, text);
  });
});

server.listen(Number(opts.port), opts.host, () => {
  const { port } = server.address();
  console.log(`Slack-compatible webhook listening: http://${opts.host}:${port}${opts.path}`);
  if (opts.out) console.log(`appending messages to ${opts.out}`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
