/**
 * An order as the food-delivery sample's order service reads it, and how to read one from an event's data:
 * the order itself (JSON), or the original sample's envelope `{"Topic": ..., "Body": <base64 of the order>}`
 * (what a RocketMQSource sends with annotation `ebb.dev/rocketmq-data-format: message`).
 * A malformed order is an `InvalidOrder` naming each bad field.
 */
export interface Order {
  orderId: string;
  orderStatus: string;
  userPhoneNo: string;
  prodId: string;
  prodName: string;
  chargeMoney: number;
  chargeTime: string;
  finishTime: string;
}

export class InvalidOrder extends Error {
  override readonly name = 'InvalidOrder';
  readonly statusCode = 400;
  constructor(readonly fields: Record<string, string>) {
    super(
      Object.entries(fields)
        .map(([f, why]) => `${f}: ${why}`)
        .join('; '),
    );
  }
}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const TEXT_FIELDS = ['orderStatus', 'prodId', 'prodName'] as const;
const TIME_FIELDS = ['chargeTime', 'finishTime'] as const;

/** The order in `data` (an object, a JSON string or bytes, or the sample's Topic/Body envelope). */
export function readOrder(data: unknown): Order {
  let value = parse(data);
  if (isObject(value) && typeof value.Body === 'string' && 'Topic' in value) {
    value = parse(Buffer.from(value.Body, 'base64'));
  }
  return validOrder(value);
}

function parse(data: unknown): unknown {
  if (typeof data === 'string' || Buffer.isBuffer(data) || data instanceof Uint8Array) {
    const text = Buffer.from(data as Uint8Array).toString('utf8');
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new InvalidOrder({ data: `not JSON (${(err as Error).message})` });
    }
  }
  return data;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function validOrder(value: unknown): Order {
  if (!isObject(value)) throw new InvalidOrder({ data: `expected an order object, got ${kind(value)}` });
  const bad: Record<string, string> = {};
  const str = (f: string) => (typeof value[f] === 'string' ? (value[f] as string) : undefined);
  const orderId = str('orderId');
  if (orderId === undefined || !ID.test(orderId)) bad.orderId = expect('an id of 1-64 [A-Za-z0-9_.:-]', value.orderId);
  const phone = str('userPhoneNo');
  if (phone === undefined || !PHONE.test(phone)) bad.userPhoneNo = expect('a phone number', value.userPhoneNo);
  for (const f of TEXT_FIELDS) if (!str(f)?.trim()) bad[f] = expect('a non-empty string', value[f]);
  const money = typeof value.chargeMoney === 'string' ? Number(value.chargeMoney) : value.chargeMoney;
  if (typeof money !== 'number' || !Number.isFinite(money) || money < 0)
    bad.chargeMoney = expect('an amount ≥ 0', value.chargeMoney);
  for (const f of TIME_FIELDS) {
    const t = str(f);
    if (t === undefined || Number.isNaN(Date.parse(t.replace(' ', 'T')))) bad[f] = expect('a date-time', value[f]);
  }
  if (Object.keys(bad).length > 0) throw new InvalidOrder(bad);
  return {
    orderId: orderId!,
    orderStatus: str('orderStatus')!,
    userPhoneNo: phone!,
    prodId: str('prodId')!,
    prodName: str('prodName')!,
    chargeMoney: money as number,
    chargeTime: str('chargeTime')!,
    finishTime: str('finishTime')!,
  };
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const expect = (what: string, got: unknown) =>
  got === undefined ? `missing, expected ${what}` : `expected ${what}, got ${JSON.stringify(got)}`;
