// GF(2^8) arithmetic for Shamir secret sharing, one table pair per reduction polynomial.
//
// Two fields matter to Custos (spec/yubihsm-setup-interop.md):
// - 0x11D (x^8+x^4+x^3+x^2+1), generator 0x02: rusty_secrets 0.0.2, hence yubihsm-setup (§3.4).
// - 0x11B (x^8+x^4+x^3+x+1), the AES field: vsss-rs, hence yubihsm-manager 1.0 (§7). In this
//   field 0x02 is not a generator, so its tables are built from 0x03.
// Addition is XOR in both; multiplication and division go through log/exp tables.

export interface GaloisField {
  /** The reduction polynomial including the x^8 bit, e.g. 0x11d. */
  readonly polynomial: number;
  /** The element whose powers fill the exp table. */
  readonly generator: number;
  /** exp[i] = generator^i for i in 0..509 (doubled so log sums need no modulo). */
  readonly exp: Uint8Array;
  /** log[v] = i with generator^i = v, for v in 1..255; log[0] is unused. */
  readonly log: Uint8Array;
}

/** Carry-less multiplication reduced by `polynomial`: slow, used only to build the tables. */
function multiplyByShifting(a: number, b: number, polynomial: number): number {
  let product = 0;
  let x = a;
  let y = b;
  while (y !== 0) {
    if (y & 1) product ^= x;
    y >>= 1;
    x <<= 1;
    if (x & 0x100) x ^= polynomial;
  }
  return product;
}

export function createField(polynomial: number, generator: number): GaloisField {
  if (polynomial < 0x100 || polynomial > 0x1ff) {
    throw new RangeError('a GF(2^8) reduction polynomial has its x^8 bit set and nothing above it');
  }
  const exp = new Uint8Array(510);
  const log = new Uint8Array(256);
  let value = 1;
  for (let i = 0; i < 255; i++) {
    if (i > 0 && value === 1) {
      throw new RangeError(
        `0x${generator.toString(16)} does not generate GF(2^8) modulo 0x${polynomial.toString(16)}`,
      );
    }
    exp[i] = value;
    exp[i + 255] = value;
    log[value] = i;
    value = multiplyByShifting(value, generator, polynomial);
  }
  return { polynomial, generator, exp, log };
}

/** rusty_secrets / yubihsm-setup field (§3.4). */
export const RUSTY_SECRETS_FIELD = createField(0x11d, 0x02);

/** AES field: vsss-rs / yubihsm-manager 1.0 (§7) and the npm shamir-secret-sharing package. */
export const AES_FIELD = createField(0x11b, 0x03);

export function add(a: number, b: number): number {
  return a ^ b;
}

export function multiply(field: GaloisField, a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return field.exp[field.log[a]! + field.log[b]!]!;
}

export function divide(field: GaloisField, a: number, b: number): number {
  if (b === 0) throw new RangeError('division by zero in GF(2^8)');
  if (a === 0) return 0;
  return field.exp[field.log[a]! + 255 - field.log[b]!]!;
}

export function inverse(field: GaloisField, a: number): number {
  return divide(field, 1, a);
}
