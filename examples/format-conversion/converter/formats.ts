/**
 * The three outputs of an order, pure and deterministic (the same order gives the same bytes, so writing it
 * again is a no-op):
 *
 *   csv      one RFC 4180 line, the fields in ORDER_FIELDS order, as they came
 *   receipt  an HTML page for the customer: every value from the order HTML-escaped, the phone number
 *            masked, and a Content-Security-Policy that allows no scripts should escaping ever miss one
 *   summary  JSON for reporting: the amount as a number, times in ISO 8601, how long fulfilment took
 */
import { ORDER_FIELDS, type Order } from './order.js';

export interface FormatOptions {
  /** ISO 4217 code of chargeMoney. */
  currency: string;
  /** BCP 47 locale the receipt formats the amount in. */
  locale: string;
}

/** A field quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(order: Order): string {
  return `${ORDER_FIELDS.map((f) => csvField(order[f])).join(',')}\r\n`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The first 3 and last 4 characters of a phone number; the rest as `*`. */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (p.length <= 7) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}

const readableTime = (d: Date | undefined) =>
  d ? `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC` : '—';

export function receiptHtml(order: Order, opts: FormatOptions): string {
  const money = new Intl.NumberFormat(opts.locale, { style: 'currency', currency: opts.currency });
  const rows: [string, string][] = [
    ['Product', `${order.prodName} (#${order.prodId})`],
    ['Amount', money.format(order.amount)],
    ['Charged at', readableTime(order.chargedAt)],
    ['Finished at', readableTime(order.finishedAt)],
    ['Customer', order.userPhoneNo ? maskPhone(order.userPhoneNo) : '—'],
  ];
  const id = escapeHtml(order.orderId);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Receipt for order ${id}</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto}th{text-align:left;padding-right:1rem}</style>
</head>
<body>
<h1>Receipt</h1>
<p>Order <strong>${id}</strong> · ${escapeHtml(order.orderStatus)}</p>
<table>
${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
</body>
</html>
`;
}

export interface Summary {
  orderId: string;
  status: string;
  product: { id: string; name: string };
  amount: number;
  currency: string;
  customer: string | null;
  chargedAt: string | null;
  finishedAt: string | null;
  fulfilmentSeconds: number | null;
}

export function summary(order: Order, opts: FormatOptions): Summary {
  const { chargedAt, finishedAt } = order;
  return {
    orderId: order.orderId,
    status: order.orderStatus,
    product: { id: order.prodId, name: order.prodName },
    amount: order.amount,
    currency: opts.currency,
    customer: order.userPhoneNo ? maskPhone(order.userPhoneNo) : null,
    chargedAt: chargedAt?.toISOString() ?? null,
    finishedAt: finishedAt?.toISOString() ?? null,
    fulfilmentSeconds:
      chargedAt && finishedAt ? Math.round((finishedAt.getTime() - chargedAt.getTime()) / 1000) : null,
  };
}

export function summaryJson(order: Order, opts: FormatOptions): string {
  return `${JSON.stringify(summary(order, opts), null, 2)}\n`;
}
