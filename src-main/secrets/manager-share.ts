// yubihsm-manager 1.0 shares: "T-X-<hex>" over the AES field 0x11B, x = 1..n
// (spec/yubihsm-setup-interop.md §7). Not compatible with yubihsm-setup shares.
//
// Writing: our own split at x = 1..n (the npm shamir-secret-sharing package picks random x
// coordinates, so it cannot write this format). Reading: the npm package's combine, fed the hex
// bytes with X appended as its last byte; shamir.test/manager-share.test check it against our
// own 0x11B combine, the second implementation §7 asks for before relying on it.
//
// yubihsm-manager 1.0 only types single-digit thresholds and share numbers; Custos writes and
// reads up to 255 shares, warning that shares numbered 10 and above restore only in Custos.

import { combine as npmCombine } from 'shamir-secret-sharing';
import { AES_FIELD } from './gf256';
import { MAX_SHARES, splitSecret, systemRandomBytes, type RandomBytes } from './shamir';
import {
  countWhitespace,
  parseShareInteger,
  rejectShare as fail,
  sharePrefix,
  splitShareText,
  type ParsedShare,
  type ShareParseOptions,
  type ShareParseResult,
  type ShareWarning,
} from './share-types';
import {
  WRAP_SECRET_HEADER_LENGTH,
  algorithmForKeyLength,
  type WrapKeyAlgorithm,
} from './wrap-secret';

/** Hex characters for AES-128, -192 and -256 wrap secrets (20-byte policy + key). */
export const MANAGER_PAYLOAD_LENGTHS = [72, 88, 104] as const;

/** vsss-rs refuses threshold 1 (§7). */
export const MANAGER_MIN_THRESHOLD = 2;

export function formatManagerShare(threshold: number, number: number, payload: Uint8Array): string {
  if (!Number.isInteger(threshold) || threshold < MANAGER_MIN_THRESHOLD || threshold > MAX_SHARES) {
    throw new RangeError(`a yubihsm-manager threshold is 2..255, not ${threshold}`);
  }
  if (!Number.isInteger(number) || number < 1 || number > MAX_SHARES) {
    throw new RangeError(`a share number is 1..255, not ${number}`);
  }
  return `${sharePrefix(threshold, number)}${toHex(payload)}`;
}

/** Splits a wrap secret (36, 44 or 52 bytes) into yubihsm-manager 1.0 shares 1..count. */
export function splitForManager(
  secret: Uint8Array,
  threshold: number,
  count: number,
  randomBytes: RandomBytes = systemRandomBytes,
): string[] {
  if (!Number.isInteger(threshold) || threshold < MANAGER_MIN_THRESHOLD) {
    throw new RangeError(`yubihsm-manager shares need a threshold of at least 2, not ${threshold}`);
  }
  const points = splitSecret(secret, threshold, count, AES_FIELD, randomBytes);
  try {
    return points.map((point) => formatManagerShare(threshold, point.x, point.y));
  } finally {
    for (const point of points) point.y.fill(0);
  }
}

/** The wrap key algorithm a manager share's length implies (manager infers it the same way). */
export function managerShareAlgorithm(share: ParsedShare): WrapKeyAlgorithm {
  return algorithmForKeyLength(share.payload.length - WRAP_SECRET_HEADER_LENGTH);
}

export function parseManagerShare(text: string, options: ShareParseOptions = {}): ShareParseResult {
  const lenient = options.mode !== 'strict';
  const warnings: ShareWarning[] = [];
  let clean = text.trim();
  if (clean === '')
    return fail('empty', 'The share is empty: type the whole line, like 2-1-00020001…');
  if (countWhitespace(clean) > 0) {
    if (!lenient)
      return fail(
        'inner-whitespace',
        'The share contains spaces or line breaks, which yubihsm-manager rejects: type it as one unbroken line.',
      );
    clean = clean.replace(/\s+/g, '');
    warnings.push({
      code: 'whitespace-removed',
      message: 'Spaces and line breaks inside the share were removed.',
    });
  }
  const dashes = (clean.match(/-/g) ?? []).length;
  const parts = splitShareText(clean);
  if (!parts || dashes !== 2) {
    return fail(
      'not-three-parts',
      `A yubihsm-manager share reads threshold-number-hex, like 2-1-0002…, with exactly two dashes; this one has ${dashes}.`,
    );
  }
  const threshold = parseShareInteger(parts.threshold);
  const number = parseShareInteger(parts.number);
  if (threshold === undefined || threshold > MAX_SHARES) {
    return fail(
      'bad-threshold',
      'The threshold before the first dash must be a number from 2 to 255.',
    );
  }
  if (number === undefined || number < 1 || number > MAX_SHARES) {
    return fail(
      'bad-share-number',
      'The share number between the two dashes must be a number from 1 to 255.',
    );
  }
  if (threshold < MANAGER_MIN_THRESHOLD) {
    return fail(
      'threshold-too-low',
      `This share says threshold ${threshold}; yubihsm-manager shares always need at least 2.`,
    );
  }
  if (threshold > 9 || number > 9) {
    warnings.push({
      code: 'not-typeable-in-tool',
      message:
        'yubihsm-manager 1.0 only accepts single-digit thresholds and share numbers, so only Custos can restore this share.',
    });
  }
  const prefix = sharePrefix(threshold, number);
  const payload = parts.payload;
  const badAt = payload.search(/[^0-9a-fA-F]/);
  if (badAt >= 0) {
    return fail(
      'bad-payload-character',
      `Character ${badAt + 1} after '${prefix}' is not a hex digit (0–9, a–f).`,
      parts.threshold.length + parts.number.length + 2 + badAt + 1,
    );
  }
  if (!(MANAGER_PAYLOAD_LENGTHS as readonly number[]).includes(payload.length)) {
    return fail(
      'wrong-payload-length',
      `The share has ${payload.length} hex digits after '${prefix}'; a yubihsm-manager share has 104 (or 72 / 88 for AES-128 / AES-192 wrap keys).`,
    );
  }
  const bytes = fromHex(payload);
  if (bytes.length !== 52) {
    warnings.push({
      code: 'short-wrap-key',
      message: `This share holds an ${bytes.length === 36 ? 'AES-128' : 'AES-192'} wrap key.`,
    });
  }
  return {
    ok: true,
    share: {
      format: 'yubihsm-manager',
      threshold,
      number,
      payload: bytes,
      canonical: `${prefix}${toHex(bytes)}`,
    },
    warnings,
  };
}

/**
 * Recombines manager shares with the npm shamir-secret-sharing package (AES field, x as the
 * last byte). Uses every share given; the caller picks the set (share-set.ts).
 */
export async function combineManagerShares(shares: readonly ParsedShare[]): Promise<Uint8Array> {
  if (shares.length < MANAGER_MIN_THRESHOLD)
    throw new RangeError('at least two yubihsm-manager shares are needed');
  const packed = shares.map((share) => {
    const bytes = new Uint8Array(share.payload.length + 1);
    bytes.set(share.payload);
    bytes[share.payload.length] = share.number;
    return bytes;
  });
  try {
    return await npmCombine(packed);
  } finally {
    for (const bytes of packed) bytes.fill(0);
  }
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}
