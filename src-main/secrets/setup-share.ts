// yubihsm-setup text shares: "K-X-<base64 without padding>" (spec/yubihsm-setup-interop.md
// §3.3, §3.4, §9.1). Writing follows yubihsm-setup exactly; reading has a strict mode (what
// `yubihsm-setup restore` accepts) and a lenient mode that forgives and reports.

import { decodeBase64Unpadded, encodeBase64Unpadded, unpaddedLength } from './base64-unpadded';
import { RUSTY_SECRETS_FIELD } from './gf256';
import { combineShares, splitSecret, systemRandomBytes, type RandomBytes } from './shamir';
import {
  countWhitespace,
  parseShareInteger,
  rejectShare as fail,
  sharePrefix,
  splitShareText,
  type ShareParseOptions,
  type ShareParseResult,
  type ShareWarning,
} from './share-types';
import { SETUP_WRAP_SECRET_LENGTH } from './wrap-secret';

/** Payload characters for the 52-byte secret yubihsm-setup splits. */
export const SETUP_PAYLOAD_LENGTH = unpaddedLength(SETUP_WRAP_SECRET_LENGTH); // 70
/** yubihsm-manager before 1.0 wrote this format for AES-128 / AES-192 wrap keys too (§7). */
const SHORT_KEY_PAYLOAD_LENGTHS = [unpaddedLength(36), unpaddedLength(44)]; // 48, 59
/** Restore's own acceptance test (§3.3), applied after trimming; strict mode matches it. */
export const SETUP_RESTORE_PATTERN = /^\d-\d-[a-zA-Z0-9+/]{70}$/;
/** yubihsm-setup restore types one digit for K and X, so Custos writes 1..9 (§2 step 5, §9.1). */
export const SETUP_MAX_SHARES = 9;

export interface SetupParseOptions extends ShareParseOptions {
  /**
   * Accept any payload length, as rusty_secrets itself does (its public test vectors split
   * short strings). Off for wrap-key shares, whose payload is 70 characters.
   */
  anyLength?: boolean;
}

/** Writes one share; the last character's unused low 4 bits are zero (§3.4). */
export function formatSetupShare(threshold: number, number: number, payload: Uint8Array): string {
  for (const [value, what] of [
    [threshold, 'threshold'],
    [number, 'share number'],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > SETUP_MAX_SHARES) {
      throw new RangeError(`a yubihsm-setup ${what} is a single digit 1..9, not ${value}`);
    }
  }
  return `${sharePrefix(threshold, number)}${encodeBase64Unpadded(payload)}`;
}

/**
 * Splits a secret (normally the 52-byte wrap secret) into yubihsm-setup shares 1..count.
 * The secret stays the caller's to zeroize; the returned strings are the shares.
 */
export function splitForSetup(
  secret: Uint8Array,
  threshold: number,
  count: number,
  randomBytes: RandomBytes = systemRandomBytes,
): string[] {
  if (!Number.isInteger(count) || count > SETUP_MAX_SHARES) {
    throw new RangeError(
      `yubihsm-setup restore can only type share numbers 1..9, so at most 9 shares, not ${count}`,
    );
  }
  const points = splitSecret(secret, threshold, count, RUSTY_SECRETS_FIELD, randomBytes);
  try {
    return points.map((point) => formatSetupShare(threshold, point.x, point.y));
  } finally {
    for (const point of points) point.y.fill(0);
  }
}

/** Reads one yubihsm-setup share line. */
export function parseSetupShare(text: string, options: SetupParseOptions = {}): ShareParseResult {
  const lenient = options.mode !== 'strict';
  const warnings: ShareWarning[] = [];
  let clean = text.trim();
  if (clean === '') return fail('empty', 'The share is empty: type the whole line, like 2-1-KXC7…');
  const inner = countWhitespace(clean);
  if (inner > 0) {
    if (!lenient) {
      return fail(
        'inner-whitespace',
        'The share contains spaces or line breaks, which yubihsm-setup rejects: type it as one unbroken line.',
      );
    }
    clean = clean.replace(/\s+/g, '');
    warnings.push({
      code: 'whitespace-removed',
      message: 'Spaces and line breaks inside the share were removed.',
    });
  }

  const parts = splitShareText(clean);
  const dashes = (clean.match(/-/g) ?? []).length;
  if (!parts || (!lenient && dashes !== 2)) {
    return fail(
      'not-three-parts',
      `A yubihsm-setup share reads threshold-number-data, like 2-1-KXC7…, with exactly two dashes; this one has ${dashes}.`,
    );
  }

  const threshold = parseShareInteger(parts.threshold);
  const number = parseShareInteger(parts.number);
  const digitsOk = (field: string) => (lenient ? true : /^\d$/.test(field));
  if (threshold === undefined || threshold > 255 || !digitsOk(parts.threshold)) {
    return fail(
      'bad-threshold',
      'The threshold before the first dash must be a single digit 1 to 9.',
    );
  }
  if (number === undefined || number > 255 || !digitsOk(parts.number)) {
    return fail(
      'bad-share-number',
      'The share number between the two dashes must be a single digit 1 to 9.',
    );
  }
  if (threshold === 0 || number === 0) {
    // rusty_secrets: "Share parse error: Illegal K,N parameters" (§3.4).
    return fail(
      threshold === 0 ? 'bad-threshold' : 'bad-share-number',
      'Thresholds and share numbers start at 1; this share has a 0 in front of its dashes.',
    );
  }
  if (threshold > 9 || number > 9) {
    warnings.push({
      code: 'not-typeable-in-tool',
      message:
        'yubihsm-setup restore only accepts single-digit thresholds and share numbers, so only Custos can restore this share.',
    });
  }

  const prefix = sharePrefix(threshold, number);
  const prefixLength = parts.threshold.length + parts.number.length + 2;
  let payload = parts.payload;
  if (lenient) {
    if (/[-_]/.test(payload)) {
      payload = payload.replace(/-/g, '+').replace(/_/g, '/');
      warnings.push({
        code: 'url-safe-characters',
        message: "The share used '-' or '_' (URL-safe base64); they were read as '+' and '/'.",
      });
    }
    const pad = payload.indexOf('=');
    if (pad >= 0) {
      // rustc-serialize stops decoding at '=' (§3.4).
      payload = payload.slice(0, pad);
      warnings.push({
        code: 'padding-removed',
        message:
          "The '=' padding at the end of the share was removed; yubihsm-setup shares have none.",
      });
    }
  }

  const allowed = options.anyLength
    ? undefined
    : lenient
      ? [SETUP_PAYLOAD_LENGTH, ...SHORT_KEY_PAYLOAD_LENGTHS]
      : [SETUP_PAYLOAD_LENGTH];
  if (allowed && !allowed.includes(payload.length)) {
    return fail(
      'wrong-payload-length',
      `The share has ${payload.length} characters after '${prefix}'; a yubihsm-setup share has ${SETUP_PAYLOAD_LENGTH}.`,
    );
  }
  const decoded = decodeBase64Unpadded(payload);
  if (!decoded.ok) {
    if (decoded.problem === 'impossible-length') {
      return fail(
        'wrong-payload-length',
        `The share has ${payload.length} characters after '${prefix}', a length base64 cannot have: a character is missing or extra.`,
      );
    }
    return fail(
      'bad-payload-character',
      `Character ${decoded.position} after '${prefix}' is not a base64 letter (A–Z, a–z, 0–9, + or /).`,
      prefixLength + decoded.position,
    );
  }
  if (!options.anyLength && SHORT_KEY_PAYLOAD_LENGTHS.includes(payload.length)) {
    warnings.push({
      code: 'short-wrap-key',
      message:
        'This share holds an AES-128 or AES-192 wrap key (yubihsm-manager before 1.0); yubihsm-setup only restores AES-256 shares.',
    });
  }
  if (decoded.trailingBitsSet) {
    warnings.push({
      code: 'trailing-bits',
      message:
        "The share's last character has unused bits set, which yubihsm-setup never writes (for a wrap key it is always A, Q, g or w): check that character on the sheet. The extra bits were ignored, as yubihsm-setup ignores them.",
    });
  }
  if (threshold === 1) {
    warnings.push({
      code: 'threshold-one',
      message: 'This share has threshold 1: it is the wrap key itself, in plain text.',
    });
  }
  return {
    ok: true,
    share: {
      format: 'yubihsm-setup',
      threshold,
      number,
      payload: decoded.bytes,
      canonical: `${prefix}${encodeBase64Unpadded(decoded.bytes)}`,
    },
    warnings,
  };
}

export type SetupRecoverProblemCode =
  | 'share-unreadable'
  | 'incompatible-shares'
  | 'duplicate-share-number'
  | 'duplicate-share-data'
  | 'not-enough-shares';

export type SetupRecoverResult =
  | { ok: true; secret: Uint8Array; threshold: number; used: number[] }
  | {
      ok: false;
      code: SetupRecoverProblemCode;
      message: string;
      /** 0-based index of the entry at fault. */ entry?: number;
    };

/**
 * Recovers a secret exactly as yubihsm-setup restore does through rusty_secrets (§3.4): read
 * shares in order, the first sets K and the length, stop at K valid shares and ignore the rest
 * (no cross-check: share-set.ts does that). Used to predict what the tool itself would do.
 */
export function recoverLikeSetup(
  lines: readonly string[],
  options: SetupParseOptions = {},
): SetupRecoverResult {
  const taken: { number: number; payload: Uint8Array; entry: number }[] = [];
  let threshold = 0;
  try {
    for (let entry = 0; entry < lines.length; entry++) {
      const parsed = parseSetupShare(lines[entry]!, options);
      if (!parsed.ok) {
        return {
          ok: false,
          code: 'share-unreadable',
          message: `Share ${entry + 1} could not be read: ${parsed.problem.message}`,
          entry,
        };
      }
      const share = parsed.share;
      const first = taken[0];
      if (!first) {
        threshold = share.threshold;
      } else if (share.threshold !== threshold || share.payload.length !== first.payload.length) {
        share.payload.fill(0);
        return {
          ok: false,
          code: 'incompatible-shares',
          message: `Share ${entry + 1} does not belong with the first one: its threshold or length differs.`,
          entry,
        };
      }
      const sameNumber = taken.find((t) => t.number === share.number);
      if (sameNumber) {
        share.payload.fill(0);
        return {
          ok: false,
          code: 'duplicate-share-number',
          message: `Share number ${share.number} was entered twice (entries ${sameNumber.entry + 1} and ${entry + 1}); each custodian's share has its own number.`,
          entry,
        };
      }
      const sameData = taken.find((t) => equalBytes(t.payload, share.payload));
      if (sameData) {
        share.payload.fill(0);
        return {
          ok: false,
          code: 'duplicate-share-data',
          message: `Entries ${sameData.entry + 1} and ${entry + 1} carry the same share data under different numbers; one of them has the wrong number.`,
          entry,
        };
      }
      taken.push({ number: share.number, payload: share.payload, entry });
      if (taken.length === threshold) break;
    }
    if (taken.length === 0 || taken.length < threshold) {
      const need = threshold || 'more';
      return {
        ok: false,
        code: 'not-enough-shares',
        message: `Not enough shares: ${taken.length} given, ${need} needed.`,
      };
    }
    const secret = combineShares(
      taken.map((t) => ({ x: t.number, y: t.payload })),
      RUSTY_SECRETS_FIELD,
    );
    return { ok: true, secret, threshold, used: taken.map((t) => t.number) };
  } finally {
    for (const t of taken) t.payload.fill(0);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
