import { split as npmSplit } from 'shamir-secret-sharing';
import { describe, expect, it } from 'vitest';
import { AES_FIELD, RUSTY_SECRETS_FIELD } from './gf256';
import {
  combineManagerShares,
  formatManagerShare,
  managerShareAlgorithm,
  parseManagerShare,
  splitForManager,
} from './manager-share';
import { combineShares } from './shamir';
import { SETUP_2_OF_3, WRAP_SECRET_HEX, fromHex, hex, seededBytes, subsets } from './spec-vectors';
import type { ParsedShare } from './share-types';

function read(text: string): ParsedShare {
  const result = parseManagerShare(text);
  if (!result.ok) throw new Error(result.problem.message);
  return result.share;
}

function problem(text: string, mode: 'strict' | 'lenient' = 'lenient') {
  const result = parseManagerShare(text, { mode });
  if (result.ok) throw new Error('expected a rejection');
  return result.problem;
}

describe('yubihsm-manager 1.0 shares (spec §7)', () => {
  it('writes T-X-<lowercase hex> at x = 1..n, 104 hex digits for an AES-256 wrap key', () => {
    const lines = splitForManager(fromHex(WRAP_SECRET_HEX), 2, 3, seededBytes(1));
    expect(lines.map((l) => l.slice(0, 4))).toEqual(['2-1-', '2-2-', '2-3-']);
    for (const line of lines) expect(line).toMatch(/^[1-9]-[1-9]-[0-9a-f]{104}$/);
  });

  it('round-trips AES-128, -192 and -256 wrap secrets and reports the algorithm from the length', async () => {
    for (const [keyLength, hexLength, algorithm] of [
      [16, 72, 'aes128-ccm-wrap'],
      [24, 88, 'aes192-ccm-wrap'],
      [32, 104, 'aes256-ccm-wrap'],
    ] as const) {
      const secret = fromHex(WRAP_SECRET_HEX).slice(0, 20 + keyLength);
      const lines = splitForManager(secret, 3, 5, seededBytes(keyLength));
      expect(lines[0]!.length).toBe(4 + hexLength);
      for (const chosen of subsets(lines, 3)) {
        const shares = chosen.map(read);
        expect(managerShareAlgorithm(shares[0]!)).toBe(algorithm);
        expect(hex(await combineManagerShares(shares))).toBe(hex(secret));
      }
    }
  });

  it('the npm package combines exactly what our own AES-field combine does (two implementations)', async () => {
    const random = seededBytes(2024);
    for (let round = 0; round < 60; round++) {
      const k = 2 + (round % 5);
      const n = k + (round % 4);
      const secret = random(52);
      const shares = splitForManager(secret, k, n, random).map(read);
      const chosen = shares.slice(round % (n - k + 1), (round % (n - k + 1)) + k);
      const viaPackage = await combineManagerShares(chosen);
      const viaOwn = combineShares(
        chosen.map((s) => ({ x: s.number, y: s.payload })),
        AES_FIELD,
      );
      expect(hex(viaPackage)).toBe(hex(viaOwn));
      expect(hex(viaOwn)).toBe(hex(secret));
    }
  });

  it('our own AES-field combine reads shares the npm package split (the other direction)', async () => {
    const secret = fromHex(WRAP_SECRET_HEX);
    const shares = await npmSplit(secret, 5, 3);
    for (const chosen of subsets(shares, 3)) {
      const points = chosen.map((s) => ({ x: s[s.length - 1]!, y: s.subarray(0, s.length - 1) }));
      expect(hex(combineShares(points, AES_FIELD))).toBe(WRAP_SECRET_HEX);
    }
  });

  it('is not compatible with yubihsm-setup shares: the fields differ (§3.6)', () => {
    const points = SETUP_2_OF_3.slice(0, 2).map((line) => {
      const setup = Buffer.from(line.slice(4), 'base64');
      return { x: Number(line[2]), y: new Uint8Array(setup) };
    });
    expect(hex(combineShares(points, RUSTY_SECRETS_FIELD))).toBe(WRAP_SECRET_HEX);
    expect(hex(combineShares(points, AES_FIELD))).not.toBe(WRAP_SECRET_HEX);
  });

  it('supports up to 255 shares; numbers above 9 restore only in Custos, and say so', async () => {
    const lines = splitForManager(fromHex(WRAP_SECRET_HEX), 3, 255, seededBytes(255));
    expect(lines[254]!.startsWith('3-255-')).toBe(true);
    const result = parseManagerShare(lines[199]!);
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(['not-typeable-in-tool']);
    const chosen = [lines[9]!, lines[199]!, lines[254]!].map(read);
    expect(hex(await combineManagerShares(chosen))).toBe(WRAP_SECRET_HEX);
  });

  it('reads upper-case hex and writes the canonical lower case; strict mode refuses spaces', () => {
    const [line] = splitForManager(fromHex(WRAP_SECRET_HEX), 2, 2, seededBytes(4));
    const upper = line!.toUpperCase();
    expect(read(upper).canonical).toBe(line);
    const spaced = `${line!.slice(0, 20)} ${line!.slice(20)}`;
    expect(problem(spaced, 'strict').code).toBe('inner-whitespace');
    expect(parseManagerShare(spaced).ok).toBe(true);
  });

  it('rejects what yubihsm-manager rejects, in sentences', () => {
    const [line] = splitForManager(fromHex(WRAP_SECRET_HEX), 2, 2, seededBytes(4));
    const body = line!.slice(4);
    expect(problem(`1-1-${body}`).message).toBe(
      'This share says threshold 1; yubihsm-manager shares always need at least 2.',
    );
    expect(problem(`2-1-${body.slice(1)}`).message).toBe(
      "The share has 103 hex digits after '2-1-'; a yubihsm-manager share has 104 (or 72 / 88 for AES-128 / AES-192 wrap keys).",
    );
    expect(problem(`2-1-${body.slice(0, 5)}x${body.slice(6)}`)).toMatchObject({
      code: 'bad-payload-character',
      position: 10,
    });
    expect(problem(`2-0-${body}`).code).toBe('bad-share-number');
    expect(problem(`2-1${body}`).code).toBe('not-three-parts');
    expect(problem('').code).toBe('empty');
    expect(() => splitForManager(fromHex(WRAP_SECRET_HEX), 1, 3)).toThrow(/at least 2/);
    expect(() => formatManagerShare(2, 256, new Uint8Array(52))).toThrow(/1..255/);
  });
});
