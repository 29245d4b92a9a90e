/**
 * The two powers in Knative's weighted-exponential average, computed as Knative computes them, bit for bit:
 * - x**k for a whole k is Go's math.Pow integer path (repeated squaring on Frexp mantissas), which is
 *   portable IEEE arithmetic, ported here;
 * - the smoothing coefficient 1 − 0.0001**(1/n) goes through Go's Exp and Log, which on amd64 are
 *   assembly (with FMA on CPUs that have it) and differ from V8's in the last bits; it depends only on the
 *   window's bucket count n, and is 0.2 (minExponent) from n = 42, so the 41 values below are what
 *   Knative's computeSmoothingCoeff returns on amd64 with FMA (printed by Go 1.26 on this machine; the
 *   differential test in test/knative checks them).
 * Hand-written because no library reproduces Go's math package.
 */

/** computeSmoothingCoeff(n) for n = 1 … 41, as Knative on amd64 computes it. */
const SMOOTHING: readonly number[] = [
  0.9999, 0.99, 0.9535841116638721, 0.9, 0.8415106807538886, 0.7845565309968116, 0.7317304204720274,
  0.683772233983162, 0.6406186336195372, 0.6018928294465027, 0.5671238718916941, 0.535841116638722,
  0.507611736829326, 0.4820525320768788, 0.45883047345353634, 0.4376586748096509, 0.41829086706256413,
  0.40051574968105896, 0.3841517889339736, 0.36904265551980675, 0.3550533228962376, 0.342066775342432,
  0.3299812496490411, 0.31870793094203875, 0.3081690290810636, 0.29829617132961717, 0.28902905676875645,
  0.28031432699884795, 0.27210461560168486, 0.2643577455403586, 0.25703604924050527, 0.2501057906675441,
  0.24353667244537114, 0.23730141409765548, 0.231375389960226, 0.2257363173188729, 0.22036398695947668,
  0.21524002964853872, 0.21034771315002732, 0.2056717652757185, 0.20119821919842973,
];

const WEIGHT_PRECISION = 0.9999;
const MIN_EXPONENT = 0.2;

/** Knative's computeSmoothingCoeff(n): max(1 − (1 − weightPrecision)^(1/n), minExponent). */
export function smoothingCoefficient(buckets: number): number {
  if (Number.isInteger(buckets) && buckets >= 1 && buckets <= SMOOTHING.length)
    return SMOOTHING[buckets - 1]!;
  return Math.max(1 - (1 - WEIGHT_PRECISION) ** (1 / buckets), MIN_EXPONENT);
}

const view = new DataView(new ArrayBuffer(8));

/** Go's math.Frexp for a finite, non-zero x: [frac in [0.5, 1), exp] with x = frac × 2^exp. */
function frexp(x: number): [number, number] {
  let scale = 0;
  if (Math.abs(x) < 2 ** -1022) {
    x *= 2 ** 52; // subnormal: normalize first, as Go's normalize() does
    scale = -52;
  }
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const exp = ((hi >>> 20) & 0x7ff) - 1022;
  view.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  return [view.getFloat64(0), exp + scale];
}

/** Go's math.Ldexp: frac × 2^exp, rounding once (subnormal results included). */
function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  if (exp > 1023) return frac * 2 ** 1023 * 2 ** (exp - 1023);
  // Scale exactly into the normal range first, then round once into the subnormal result.
  if (exp < -1022) return exp < -2098 ? 0 * frac : frac * 2 ** (exp + 1022) * 2 ** -1022;
  return frac * 2 ** exp;
}

/** Go's math.Pow(x, k) for a whole k ≥ 0 and 0 < x < 1 (the integer path of pow.go). */
export function goPowInt(x: number, k: number): number {
  if (k === 0 || x === 1) return 1;
  if (k === 1) return x;
  let a1 = 1;
  let ae = 0;
  let [x1, xe] = frexp(x);
  for (let i = k; i !== 0; i = Math.floor(i / 2)) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if (i % 2 === 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  return ldexp(a1, ae);
}
