// n-of-m password shares as sc-hsm-tool makes them (spec §4): the `.pbe` password is 8 random
// bytes with the top bit clear (a number s < 2^63), split with Shamir over GF(p) for a 64-bit
// safe prime p: f(x) = s + a1·x + … + a(t−1)·x^(t−1) mod p, shares (x, f(x)) for x = 1..n.
// Rebuilding interpolates f at 0 and always left-pads s to 8 bytes (§4.3 defect 1: sc-hsm-tool
// drops a leading zero byte and then cannot open its own file; Custos never makes such a
// password for a set meant for sc-hsm-tool, and opens the ones sc-hsm-tool made anyway).

import { randomBytes } from 'node:crypto';
import { bigintBytes } from './check-word';
import { DkekShareError } from './dkek-share-error';
import { generateSafePrime64, modPow } from './safe-prime';

export const PASSWORD_LENGTH = 8;
/** sc-hsm-tool's limits: n ≥ 3, 2 ≤ t ≤ n. */
export const MIN_TOTAL = 3;
export const MIN_THRESHOLD = 2;
/** sc-hsm-tool prints IDs in decimal but reads them as hex (§4.3 defect 2): 10 typed means 16. */
export const MAX_SC_HSM_TOOL_ID = 9;

export interface PasswordShare {
  prime: bigint;
  /** x, 1..n. */
  id: number;
  /** f(x), 0 ≤ value < prime. */
  value: bigint;
}

/** A share as read from a file or a screen, with what Custos's own form adds. */
export interface ReadPasswordShare extends PasswordShare {
  /** How sentences name it: "3.txt". */
  source: string;
  /** From Custos's comment line, when present: the set's t and n. */
  threshold?: { threshold: number; total: number };
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

const mod = (a: bigint, p: bigint) => ((a % p) + p) % p;

/** A uniform number in [0, bound) from 8-byte draws, by rejection. */
function uniformBelow(bound: bigint, random: (length: number) => Uint8Array): bigint {
  for (;;) {
    const draw = random(8);
    const value = bytesToBigint(draw);
    draw.fill(0);
    if (value < bound) return value;
  }
}

/**
 * A new 8-byte password for a threshold set: top bit clear, and first byte never 00 so that
 * sc-hsm-tool can open the file again (§4.3 defect 1); the caller zeroizes it.
 */
export function newSharePassword(random: (length: number) => Uint8Array = randomBytes): Uint8Array {
  for (;;) {
    const password = Uint8Array.from(random(PASSWORD_LENGTH));
    password[0]! &= 0x7f;
    if (password[0] !== 0) return password;
    password.fill(0);
  }
}

/** f(1..total) for f(x) = secret + Σ coefficients[i]·x^(i+1) mod prime. */
export function shamirValues(
  secret: bigint,
  coefficients: readonly bigint[],
  prime: bigint,
  total: number,
): bigint[] {
  const values: bigint[] = [];
  for (let x = 1n; x <= BigInt(total); x += 1n) {
    let y = 0n;
    for (const a of [...coefficients].reverse()) y = mod((y + a) * x, prime);
    values.push(mod(y + secret, prime));
  }
  return values;
}

export interface SplitOptions {
  threshold: number;
  total: number;
  /** Allow n > 9 (IDs 10 and up are typed as hex in sc-hsm-tool; the share files say so). */
  allowIdsOver9?: boolean;
  random?: (length: number) => Uint8Array;
}

export function checkSplitLimits(
  options: Pick<SplitOptions, 'threshold' | 'total' | 'allowIdsOver9'>,
): void {
  const { threshold, total } = options;
  if (!Number.isInteger(total) || total < MIN_TOTAL)
    throw new DkekShareError(
      `A password share set has at least ${MIN_TOTAL} shares, as in sc-hsm-tool; --total ${total} is too few`,
    );
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD || threshold > total)
    throw new DkekShareError(
      `The threshold must be between ${MIN_THRESHOLD} and the number of shares (${total}), not ${threshold}`,
    );
  if (total > MAX_SC_HSM_TOOL_ID && !options.allowIdsOver9)
    throw new DkekShareError(
      `sc-hsm-tool reads share IDs as hex, so share 10 would be taken for 16 there: keep --total at ${MAX_SC_HSM_TOOL_ID} or fewer, or allow larger IDs (each share file then says which hex ID to type)`,
    );
}

/** Splits an 8-byte password t-of-n over a new safe prime; shares are x = 1..n. */
export function splitPassword(password: Uint8Array, options: SplitOptions): PasswordShare[] {
  checkSplitLimits(options);
  if (password.length !== PASSWORD_LENGTH || (password[0]! & 0x80) !== 0)
    throw new RangeError('a shared password is 8 bytes with the top bit clear');
  const random = options.random ?? randomBytes;
  const secret = bytesToBigint(password);
  const prime = generateSafePrime64(random);
  const coefficients = Array.from({ length: options.threshold - 1 }, () =>
    uniformBelow(prime, random),
  );
  const values = shamirValues(secret, coefficients, prime, options.total);
  coefficients.fill(0n);
  return values.map((value, index) => ({ prime, id: index + 1, value }));
}

/** Lagrange interpolation at x = 0 over GF(prime): s = Σ y_i · Π_{j≠i} x_j / (x_j − x_i). */
export function interpolateAtZero(shares: readonly PasswordShare[], prime: bigint): bigint {
  let secret = 0n;
  for (const [i, share] of shares.entries()) {
    let numerator = 1n;
    let denominator = 1n;
    for (const [j, other] of shares.entries()) {
      if (i === j) continue;
      numerator = mod(numerator * BigInt(other.id), prime);
      denominator = mod(denominator * (BigInt(other.id) - BigInt(share.id)), prime);
    }
    const inverse = modPow(denominator, prime - 2n, prime);
    secret = mod(secret + share.value * numerator * inverse, prime);
  }
  return secret;
}

/**
 * The 8-byte password the shares rebuild (left-padded, §4.3 defect 1); the caller zeroizes it.
 * Each way the shares cannot be right gets its own sentence before any key derivation runs.
 */
export function reconstructPassword(shares: readonly ReadPasswordShare[]): Uint8Array {
  const first = shares[0];
  const threshold = shares.find((share) => share.threshold)?.threshold;
  if (!first || shares.length < MIN_THRESHOLD)
    throw new DkekShareError(
      `${shares.length === 0 ? 'No password share was' : 'Only 1 password share was'} given; a set needs at least ${threshold?.threshold ?? MIN_THRESHOLD}. Add --password-share for each custodian's share`,
    );
  for (const share of shares) {
    if (share.prime !== first.prime)
      throw new DkekShareError(
        `${share.source} belongs to another password share set than ${first.source}: their primes differ (${formatHexBytes(share.prime)} and ${formatHexBytes(first.prime)}). Use shares of the set made for this file`,
      );
  }
  for (const [index, share] of shares.entries()) {
    const twin = shares.slice(0, index).find((other) => other.id === share.id);
    if (!twin) continue;
    throw new DkekShareError(
      share.value === twin.value
        ? `${share.source} and ${twin.source} are the same share (ID ${share.id}): each custodian's share counts once. Bring another custodian's share instead`
        : `${share.source} and ${twin.source} both say Share ID ${share.id} but hold different values: one of them is mistyped. Compare both with the custodians' sheets`,
    );
  }
  if (threshold && shares.length < threshold.threshold)
    throw new DkekShareError(
      `This is a ${threshold.threshold}-of-${threshold.total} set and ${shares.length} shares were given: add ${threshold.threshold - shares.length} more custodian's share${threshold.threshold - shares.length === 1 ? '' : 's'}`,
    );
  const secret = interpolateAtZero(shares, first.prime);
  if (secret >> 63n !== 0n)
    throw new DkekShareError(
      'These password shares do not rebuild a password sc-hsm-tool could have made: one is mistyped, or fewer shares than the set needs were given. Check each value against its sheet',
    );
  return bigintBytes(secret, PASSWORD_LENGTH);
}

/** sc-hsm-tool's printed form of a number: lowercase hex bytes joined by colons, minimal length. */
export function formatHexBytes(value: bigint): string {
  const hex = value.toString(16);
  const even = hex.length % 2 === 1 ? `0${hex}` : hex;
  return even.match(/../g)!.join(':');
}
