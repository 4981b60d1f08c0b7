// Shamir secret sharing over GF(2^8), byte by byte (spec/yubihsm-setup-interop.md §3.4).
//
// Each secret byte gets its own polynomial of degree K-1: the constant term is the secret byte,
// coefficients 1..K-1 are fresh random bytes. Share i is the vector of values at x = i. The
// random stream is consumed position by position, coefficient 1 first, which is the order
// rusty_secrets 0.0.2 draws them in; with the same stream injected the §3.5 vectors reproduce.

import { randomFillSync } from 'node:crypto';
import { add, divide, multiply, type GaloisField } from './gf256';

/** One share as numbers: x is the share number, y one field value per secret byte. */
export interface SharePoint {
  readonly x: number;
  readonly y: Uint8Array;
}

/** Returns `length` random bytes. Split takes one so tests can inject a deterministic stream. */
export type RandomBytes = (length: number) => Uint8Array;

/** The operating system's CSPRNG. */
export const systemRandomBytes: RandomBytes = (length) => randomFillSync(new Uint8Array(length));

export const MAX_SHARES = 255;

/**
 * Splits `secret` into `count` shares at x = 1..count, any `threshold` of which recover it.
 * Threshold 1 is allowed (every share then equals the secret, §3.4); callers warn about it.
 */
export function splitSecret(
  secret: Uint8Array,
  threshold: number,
  count: number,
  field: GaloisField,
  randomBytes: RandomBytes = systemRandomBytes,
): SharePoint[] {
  if (secret.length === 0) throw new RangeError('there is no secret to split: it is empty');
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`the threshold must be a whole number of at least 1, not ${threshold}`);
  }
  if (!Number.isInteger(count) || count < threshold || count > MAX_SHARES) {
    throw new RangeError(
      `the number of shares must be between the threshold (${threshold}) and ${MAX_SHARES}, not ${count}`,
    );
  }
  const degree = threshold - 1;
  const random = randomBytes(degree * secret.length);
  if (random.length !== degree * secret.length) {
    throw new Error('the random source returned fewer bytes than were asked for');
  }
  const points = Array.from({ length: count }, (_, i) => ({
    x: i + 1,
    y: new Uint8Array(secret.length),
  }));
  const coefficients = new Uint8Array(threshold);
  try {
    for (let position = 0; position < secret.length; position++) {
      coefficients[0] = secret[position]!;
      coefficients.set(random.subarray(position * degree, (position + 1) * degree), 1);
      for (const point of points) point.y[position] = evaluate(field, coefficients, point.x);
    }
  } finally {
    coefficients.fill(0);
    random.fill(0);
  }
  return points;
}

/** Horner's rule: coefficients[j] multiplies x^j. */
function evaluate(field: GaloisField, coefficients: Uint8Array, x: number): number {
  let value = 0;
  for (let j = coefficients.length - 1; j >= 0; j--) {
    value = add(multiply(field, value, x), coefficients[j]!);
  }
  return value;
}

/**
 * Interpolates the polynomial through `points` and evaluates it at `at`, byte by byte.
 * At 0 this recovers the secret; at another share's x it predicts that share's bytes.
 */
export function interpolateAt(
  points: readonly SharePoint[],
  at: number,
  field: GaloisField,
): Uint8Array {
  checkPoints(points);
  const length = points[0]!.y.length;
  // The Lagrange basis values depend only on the x coordinates, so compute them once.
  const basis = points.map((point, i) => {
    let value = 1;
    points.forEach((other, j) => {
      if (i === j) return;
      value = multiply(field, value, divide(field, add(at, other.x), add(point.x, other.x)));
    });
    return value;
  });
  const result = new Uint8Array(length);
  for (let position = 0; position < length; position++) {
    let value = 0;
    points.forEach((point, i) => {
      value ^= multiply(field, point.y[position]!, basis[i]!);
    });
    result[position] = value;
  }
  return result;
}

/** Recovers the secret from shares (Lagrange interpolation at x = 0). Uses every point given. */
export function combineShares(points: readonly SharePoint[], field: GaloisField): Uint8Array {
  return interpolateAt(points, 0, field);
}

function checkPoints(points: readonly SharePoint[]): void {
  if (points.length === 0) throw new RangeError('no shares were given to combine');
  const length = points[0]!.y.length;
  const seen = new Set<number>();
  for (const point of points) {
    if (!Number.isInteger(point.x) || point.x < 1 || point.x > MAX_SHARES) {
      throw new RangeError(`share number ${point.x} is outside 1..${MAX_SHARES}`);
    }
    if (seen.has(point.x)) throw new RangeError(`share number ${point.x} was given twice`);
    seen.add(point.x);
    if (point.y.length !== length) throw new RangeError('the shares have different lengths');
  }
}
