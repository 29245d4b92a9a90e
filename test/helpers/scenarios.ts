/**
 * What test/e2e/scenarios.test.ts needs beside the RocketMQ suite: the monitoring example's Slack-compatible
 * receiver run as the user runs it (its own process, `--port 0`, messages appended to a JSON-lines file),
 * an RFC 4180 parser for the converter's CSV lines, and the order fixtures with the outputs the format
 * conversion example should derive from them, computed here independently of the example's code.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { repoPath } from './ebb.js';

export interface SlackReceiver {
  /** The webhook URL it printed, as a user would put it in the Secret. */
  url: string;
  /** The messages it accepted, from its JSON-lines file. */
  messages(): { text: string; payload: any }[];
  output(): string;
  stop(): Promise<void>;
}

export function startSlackReceiver(outFile: string): Promise<SlackReceiver> {
  const child: ChildProcess = spawn(
    process.execPath,
    [repoPath('examples', 'monitoring', 'slack-receiver.mjs'), '--port', '0', '--out', outFile],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the receiver did not start:\n${output}`)), 10_000);
    child.once('exit', (code) => reject(new Error(`the receiver exited (${code}):\n${output}`)));
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString('utf8');
      const url = /listening: (http:\/\/\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        messages: () =>
          (safeRead(outFile) ?? '')
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => JSON.parse(l)),
        output: () => output,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The fields of one RFC 4180 record (`line` without its line break). */
export function parseCsvRecord(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      for (i++; ; i++) {
        if (i >= line.length) throw new Error(`unterminated quoted field in ${JSON.stringify(line)}`);
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (line[i] === '"') break;
        else field += line[i];
      }
      i++;
      if (i < line.length && line[i] !== ',') throw new Error(`text after a quoted field in ${line}`);
    } else {
      while (i < line.length && line[i] !== ',') field += line[i++];
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

export const ORDER_FIELDS = [
  'orderId',
  'orderStatus',
  'userPhoneNo',
  'prodId',
  'prodName',
  'chargeMoney',
  'chargeTime',
  'finishTime',
] as const;

export type OrderMessage = Partial<Record<(typeof ORDER_FIELDS)[number], string | number>>;

/** Orders as the food-delivery sample writes them, with the awkward cases a converter meets. */
export const ORDERS: OrderMessage[] = [
  {
    orderId: '123214342',
    orderStatus: 'completed',
    userPhoneNo: '152122131323',
    prodId: '2141412',
    prodName: 'test',
    chargeMoney: '30.0',
    chargeTime: '1584881006492',
    finishTime: '1584941903470',
  },
  {
    orderId: 'A-1002',
    orderStatus: 'completed',
    userPhoneNo: '13800138000',
    prodId: 'p-7',
    prodName: `<script>alert("x")</script> & Tea's`,
    chargeMoney: 12.5,
    chargeTime: '2024-05-01T11:30:00Z',
    finishTime: '2024-05-01T12:05:30Z',
  },
  {
    orderId: 'A-1003',
    orderStatus: 'paid',
    userPhoneNo: '13900139000',
    prodId: 'p-8',
    prodName: 'Cake, "large"',
    chargeMoney: '88.80',
    chargeTime: 1714563000000,
  },
  { orderId: 'A-1004', orderStatus: 'paid', prodId: 'p-9', prodName: '豆浆 soy milk', chargeMoney: '4' },
  {
    orderId: 'A-1005',
    orderStatus: 'completed',
    userPhoneNo: '15000150000',
    prodId: 'p-10',
    prodName: ' padded ',
    chargeMoney: '0.99',
    chargeTime: '1714563000000',
    finishTime: '1714563060000',
  },
];

/** What each order's CSV record holds: every field as text, absent ones empty. */
export const csvFieldsOf = (o: OrderMessage): string[] => ORDER_FIELDS.map((f) => String(o[f] ?? ''));

export const htmlEscape = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const timeOf = (v: string | number | undefined) =>
  v === undefined ? undefined : new Date(/^\d+$/.test(String(v)) ? Number(v) : String(v));

/** The JSON summary the example documents for `o` (currency CNY, as its Service sets). */
export function summaryOf(o: OrderMessage): Record<string, unknown> {
  const charged = timeOf(o.chargeTime);
  const finished = timeOf(o.finishTime);
  const phone = o.userPhoneNo === undefined ? undefined : String(o.userPhoneNo);
  return {
    orderId: o.orderId,
    status: o.orderStatus,
    product: { id: o.prodId, name: o.prodName },
    amount: Number(o.chargeMoney),
    currency: 'CNY',
    customer: phone ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}` : null,
    chargedAt: charged?.toISOString() ?? null,
    finishedAt: finished?.toISOString() ?? null,
    fulfilmentSeconds:
      charged && finished ? Math.round((finished.getTime() - charged.getTime()) / 1000) : null,
  };
}
