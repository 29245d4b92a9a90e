/**
 * The converter function (a Knative func CloudEvents handler, run with `ebb func serve`): one order event
 * in, one derived file out per delivery, and one reply event saying where it went. A Knative subscriber
 * returns at most one reply per delivery, so each output has its own Trigger on the same order events,
 * naming the output in its subscriber's query (a func handler sees the query, not the path):
 *
 *   ?output=csv      OUTPUT_DIR/csv/{orderId}.csv         reply order.converted.csv
 *   ?output=receipt  OUTPUT_DIR/receipts/{orderId}.html   reply order.converted.html
 *   ?output=summary  OUTPUT_DIR/summaries/{orderId}.json  reply order.converted.json
 *
 * The reply's data is `{orderId, output, path, bytes, sha256, contentType, unchanged}`; its id is derived
 * from the order, the output and the content, so a redelivered order's reply has the same id (consumers can
 * drop it) and says `unchanged: true` when the file already held it. An order of the wrong shape is a 400
 * with the reason (not retried); a failed write is a 500 (retried).
 *
 * Settings: OUTPUT_DIR (default $TMPDIR/ebb-format-conversion), RECEIPT_CURRENCY (ISO 4217, default CNY),
 * RECEIPT_LOCALE (default en-US).
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CloudEvent } from 'cloudevents';
import type { Context, StructuredReturn } from 'faas-js-runtime';
import { csvLine, type FormatOptions, receiptHtml, summaryJson } from './formats.js';
import { type Order, parseOrder } from './order.js';
import { writeOutput } from './output.js';

export const SOURCE = '/format-conversion/converter';

interface Output {
  type: string;
  folder: string;
  extension: string;
  contentType: string;
  render(order: Order, opts: FormatOptions): string;
}

export const OUTPUTS: Record<string, Output> = {
  csv: {
    type: 'order.converted.csv',
    folder: 'csv',
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8',
    render: csvLine,
  },
  receipt: {
    type: 'order.converted.html',
    folder: 'receipts',
    extension: 'html',
    contentType: 'text/html; charset=utf-8',
    render: receiptHtml,
  },
  summary: {
    type: 'order.converted.json',
    folder: 'summaries',
    extension: 'json',
    contentType: 'application/json',
    render: summaryJson,
  },
};

let outputDir = '';
let formatOptions: FormatOptions;

export function init(): void {
  outputDir = resolve(process.env.OUTPUT_DIR?.trim() || join(tmpdir(), 'ebb-format-conversion'));
  formatOptions = {
    currency: process.env.RECEIPT_CURRENCY?.trim() || 'CNY',
    locale: process.env.RECEIPT_LOCALE?.trim() || 'en-US',
  };
  // A bad currency code or locale stops the replica here, naming it, rather than failing every order.
  try {
    new Intl.NumberFormat(formatOptions.locale, { style: 'currency', currency: formatOptions.currency });
  } catch (err) {
    throw new Error(`RECEIPT_CURRENCY or RECEIPT_LOCALE is invalid: ${(err as Error).message}`);
  }
  process.stdout.write(`converter: writing to ${outputDir}\n`);
}

export async function handle(
  context: Context,
  event?: CloudEvent<unknown>,
): Promise<CloudEvent<unknown> | StructuredReturn> {
  if (!event) return text(400, 'expected a CloudEvent (binary or structured mode)');
  const name = String(context.query?.output ?? '');
  const output = Object.hasOwn(OUTPUTS, name) ? OUTPUTS[name] : undefined;
  if (!output) {
    const known = Object.keys(OUTPUTS).join(', ');
    return text(
      400,
      `?output= must be one of ${known} (set in the Trigger's subscriber uri), was: "${name}"`,
    );
  }
  const parsed = parseOrder(event.data);
  if (!parsed.ok) {
    context.log.warn(`event ${event.id}: not an order: ${parsed.reason}`);
    return text(400, `not an order: ${parsed.reason}`);
  }
  const { order } = parsed;
  const content = output.render(order, formatOptions);
  const file = `${order.orderId}.${output.extension}`;
  const written = await writeOutput(join(outputDir, output.folder), file, content);
  context.log.info(
    `order ${order.orderId}: ${name} ${written.unchanged ? 'unchanged' : 'written'} (${written.bytes} bytes)`,
  );
  return new CloudEvent({
    type: output.type,
    source: SOURCE,
    id: `${order.orderId}.${name}.${written.sha256.slice(0, 16)}`,
    subject: order.orderId,
    datacontenttype: 'application/json',
    data: {
      orderId: order.orderId,
      output: name,
      path: written.path,
      bytes: written.bytes,
      sha256: written.sha256,
      contentType: output.contentType,
      unchanged: written.unchanged,
    },
  });
}

const text = (statusCode: number, body: string): StructuredReturn => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});
