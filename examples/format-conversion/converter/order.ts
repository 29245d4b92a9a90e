/**
 * The order event the converter takes — the food-delivery sample's order (`orderId, orderStatus,
 * userPhoneNo, prodId, prodName, chargeMoney, chargeTime, finishTime`; strings or numbers, times in epoch
 * milliseconds or ISO 8601) — checked into an `Order` or refused with a reason. `orderId` names the output
 * files, so it is limited to letters, digits, `.`, `_` and `-`, and cannot climb out of the output folder.
 */

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

export type OrderField = (typeof ORDER_FIELDS)[number];

/** Every field as text, as it came (a number as its decimal text; an absent optional field as ''). */
export type Order = Record<OrderField, string> & {
  /** chargeMoney as a number. */
  amount: number;
  chargedAt: Date | undefined;
  finishedAt: Date | undefined;
};

const REQUIRED: readonly OrderField[] = ['orderId', 'orderStatus', 'prodId', 'prodName', 'chargeMoney'];
const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const EPOCH_MS = /^\d{1,15}$/;

export type Parsed = { ok: true; order: Order } | { ok: false; reason: string };

export function parseOrder(data: unknown): Parsed {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail(`an order must be a JSON object, was: ${describe(data)}`);
  }
  const input = data as Record<string, unknown>;
  const text = {} as Record<OrderField, string>;
  for (const field of ORDER_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null || value === '') {
      if (REQUIRED.includes(field)) return fail(`"${field}" is required`);
      text[field] = '';
    } else if (typeof value === 'string') text[field] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) text[field] = String(value);
    else return fail(`"${field}" must be a string or a number, was: ${describe(value)}`);
  }
  if (!ORDER_ID.test(text.orderId)) {
    return fail(
      `"orderId" may hold only letters, digits, ".", "_" and "-" (at most 128), was: ${describe(text.orderId)}`,
    );
  }
  if (!DECIMAL.test(text.chargeMoney.trim())) {
    return fail(`"chargeMoney" must be a decimal number, was: ${describe(text.chargeMoney)}`);
  }
  const chargedAt = time(text.chargeTime);
  if (chargedAt === null)
    return fail(`"chargeTime" must be epoch milliseconds or ISO 8601, was: ${describe(text.chargeTime)}`);
  const finishedAt = time(text.finishTime);
  if (finishedAt === null)
    return fail(`"finishTime" must be epoch milliseconds or ISO 8601, was: ${describe(text.finishTime)}`);
  return { ok: true, order: { ...text, amount: Number(text.chargeMoney), chargedAt, finishedAt } };
}

/** undefined for '', null for text that is not a time. */
function time(text: string): Date | undefined | null {
  if (text === '') return undefined;
  const date = EPOCH_MS.test(text) ? new Date(Number(text)) : new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

const fail = (reason: string): Parsed => ({ ok: false, reason });
