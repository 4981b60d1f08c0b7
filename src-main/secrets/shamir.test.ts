import { describe, expect, it } from 'vitest';
import { decodeBase64Unpadded, encodeBase64Unpadded } from './base64-unpadded';
import { AES_FIELD, RUSTY_SECRETS_FIELD } from './gf256';
import { combineShares, interpolateAt, splitSecret, type SharePoint } from './shamir';
import {
  IMMORAL_SECRET,
  IMMORAL_SHARES,
  MY_SECRET,
  MY_SECRET_SHARES,
  SETUP_2_OF_3,
  SETUP_3_OF_5,
  WRAP_SECRET_HEX,
  fromHex,
  hex,
  seededBytes,
  specRandomStream,
  subsets,
} from './spec-vectors';

/** Reads "K-X-payload" directly, so these tests depend only on the maths and base64. */
function point(line: string): SharePoint {
  const [, x, payload] = line.split('-');
  const decoded = decodeBase64Unpadded(payload!);
  if (!decoded.ok) throw new Error(`bad vector ${line}`);
  return { x: Number(x), y: decoded.bytes };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('Shamir over the rusty_secrets field: spec §3.5 vectors', () => {
  it('recovers "My secret" from every pair of the 2-of-5 set', () => {
    for (const pair of subsets(MY_SECRET_SHARES.map(point), 2)) {
      expect(text(combineShares(pair, RUSTY_SECRETS_FIELD))).toBe(MY_SECRET);
    }
  });

  it('recovers the K=5 README sentence', () => {
    expect(text(combineShares(IMMORAL_SHARES.map(point), RUSTY_SECRETS_FIELD))).toBe(
      IMMORAL_SECRET,
    );
  });

  it('recovers the 52-byte wrap secret from every pair of the 2-of-3 set and every triple of the 3-of-5 set', () => {
    for (const pair of subsets(SETUP_2_OF_3.map(point), 2))
      expect(hex(combineShares(pair, RUSTY_SECRETS_FIELD))).toBe(WRAP_SECRET_HEX);
    for (const triple of subsets(SETUP_3_OF_5.map(point), 3))
      expect(hex(combineShares(triple, RUSTY_SECRETS_FIELD))).toBe(WRAP_SECRET_HEX);
  });

  it('reproduces both yubihsm-setup-shaped sets exactly when split with the spec random stream', () => {
    const stream = specRandomStream();
    const lines = (k: number, n: number) =>
      splitSecret(fromHex(WRAP_SECRET_HEX), k, n, RUSTY_SECRETS_FIELD, stream).map(
        (p) => `${k}-${p.x}-${encodeBase64Unpadded(p.y)}`,
      );
    expect(lines(2, 3)).toEqual(SETUP_2_OF_3);
    // The K=3 set continues the same stream at byte 52.
    expect(lines(3, 5)).toEqual(SETUP_3_OF_5);
  });

  it('predicts a share from K others (what share-set uses to find a disagreeing share)', () => {
    const [a, b, c] = SETUP_2_OF_3.map(point);
    expect(hex(interpolateAt([a!, b!], 3, RUSTY_SECRETS_FIELD))).toBe(hex(c!.y));
  });
});

describe('splitSecret and combineShares', () => {
  for (const field of [RUSTY_SECRETS_FIELD, AES_FIELD]) {
    it(`round-trips through any K of N shares, modulo 0x${field.polynomial.toString(16)}`, () => {
      const random = seededBytes(field.polynomial);
      for (const [k, n] of [
        [2, 2],
        [2, 5],
        [3, 5],
        [4, 9],
        [9, 9],
      ] as const) {
        const secret = random(52);
        const shares = splitSecret(secret, k, n, field, random);
        for (const chosen of subsets(shares, k))
          expect(hex(combineShares(chosen, field))).toBe(hex(secret));
        // K-1 shares do not determine the secret.
        if (k > 1) expect(hex(combineShares(shares.slice(0, k - 1), field))).not.toBe(hex(secret));
      }
    });
  }

  it('gives every share the secret itself when the threshold is 1 (§3.4)', () => {
    const secret = fromHex(WRAP_SECRET_HEX);
    for (const share of splitSecret(secret, 1, 4, RUSTY_SECRETS_FIELD, specRandomStream()))
      expect(hex(share.y)).toBe(WRAP_SECRET_HEX);
  });

  it('wipes the random coefficients once the shares are made', () => {
    let handedOut: Uint8Array | undefined;
    splitSecret(
      fromHex(WRAP_SECRET_HEX),
      3,
      5,
      AES_FIELD,
      (length) => (handedOut = seededBytes(7)(length)),
    );
    expect(handedOut!.length).toBe(104);
    expect(handedOut!.every((b) => b === 0)).toBe(true);
  });

  it('refuses impossible parameters with a sentence', () => {
    const secret = new Uint8Array(4);
    expect(() => splitSecret(new Uint8Array(0), 2, 3, AES_FIELD)).toThrow(/empty/);
    expect(() => splitSecret(secret, 0, 3, AES_FIELD)).toThrow(/threshold/);
    expect(() => splitSecret(secret, 4, 3, AES_FIELD)).toThrow(/between the threshold/);
    expect(() => splitSecret(secret, 2, 256, AES_FIELD)).toThrow(/255/);
    expect(() => splitSecret(secret, 2, 3, AES_FIELD, () => new Uint8Array(1))).toThrow(
      /fewer bytes/,
    );
    expect(() => combineShares([], AES_FIELD)).toThrow(/no shares/);
    expect(() =>
      combineShares(
        [
          { x: 1, y: secret },
          { x: 1, y: secret },
        ],
        AES_FIELD,
      ),
    ).toThrow(/twice/);
    expect(() => combineShares([{ x: 0, y: secret }], AES_FIELD)).toThrow(/outside/);
    expect(() =>
      combineShares(
        [
          { x: 1, y: secret },
          { x: 2, y: new Uint8Array(3) },
        ],
        AES_FIELD,
      ),
    ).toThrow(/lengths/);
  });
});
