/**
 * The orders the demo produces, as real traffic has them: mostly valid orders in the sample's shape, a
 * share sent twice (the same orderId: a client retrying, a double tap), and a share malformed (a missing
 * field, money that is not a number, a phone that is not one, a body that is not JSON). Seeded, so a run
 * can be repeated.
 */

export type OrderKind = 'valid' | 'duplicate' | 'malformed';

export interface OutgoingOrder {
  kind: OrderKind;
  /** The orderId (for a malformed order, the tracking key it travels with as the message key). */
  key: string;
  body: string;
}

export interface OrderMix {
  /** Share of orders sent again with an orderId already sent. @defaultValue 0.03 */
  duplicateShare?: number;
  /** Share of malformed orders. @defaultValue 0.02 */
  malformedShare?: number;
  seed?: number;
}

const DISHES: [string, string, number][] = [
  ['p-101', 'Beef noodle soup', 32],
  ['p-102', 'Pork dumplings (12)', 18],
  ['p-103', 'Congee with century egg', 12],
  ['p-104', 'Kung pao chicken', 38],
  ['p-105', 'Mapo tofu & rice', 26],
  ['p-106', 'Jianbing', 9],
  ['p-107', 'Hot pot for two', 128],
  ['p-108', 'Milk tea', 15],
];
const STATUSES = ['paid', 'paid', 'paid', 'paid', 'unpaid'];

/** mulberry32: a small, good-enough seeded generator (also the seeded traces of test/knative). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const time = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);

export class OrderGenerator {
  readonly #rand: () => number;
  readonly #dup: number;
  readonly #bad: number;
  readonly #recent: OutgoingOrder[] = [];
  #n = 0;

  constructor(
    readonly run: string,
    mix: OrderMix = {},
  ) {
    this.#rand = seededRandom(mix.seed ?? 42);
    this.#dup = mix.duplicateShare ?? 0.03;
    this.#bad = mix.malformedShare ?? 0.02;
  }

  next(now = new Date()): OutgoingOrder {
    const r = this.#rand();
    if (r < this.#dup && this.#recent.length > 0) {
      const again = this.#recent[Math.floor(this.#rand() * this.#recent.length)]!;
      return { kind: 'duplicate', key: again.key, body: again.body };
    }
    const key = `${this.run}-${++this.#n}`;
    const order = this.#order(key, now);
    if (r < this.#dup + this.#bad) return { kind: 'malformed', key, body: this.#spoil(order) };
    const valid: OutgoingOrder = { kind: 'valid', key, body: JSON.stringify(order) };
    this.#recent.push(valid);
    if (this.#recent.length > 50) this.#recent.shift();
    return valid;
  }

  #order(orderId: string, now: Date): Record<string, unknown> {
    const [prodId, prodName, price] = DISHES[Math.floor(this.#rand() * DISHES.length)]!;
    const phone = `13${String(Math.floor(this.#rand() * 1e9)).padStart(9, '0')}`;
    return {
      orderId,
      orderStatus: STATUSES[Math.floor(this.#rand() * STATUSES.length)],
      userPhoneNo: phone,
      prodId,
      prodName,
      chargeMoney: price,
      chargeTime: time(now),
      finishTime: time(new Date(now.getTime() + 30 * 60_000)),
    };
  }

  #spoil(order: Record<string, unknown>): string {
    switch (Math.floor(this.#rand() * 4)) {
      case 0:
        delete order.prodName;
        return JSON.stringify(order);
      case 1:
        return JSON.stringify({ ...order, chargeMoney: 'twelve' });
      case 2:
        return JSON.stringify({ ...order, userPhoneNo: 'call me' });
      default:
        return JSON.stringify(order).slice(0, 40);
    }
  }
}
