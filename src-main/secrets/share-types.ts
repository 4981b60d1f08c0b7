// Types shared by the two share text formats (yubihsm-setup and yubihsm-manager).

export type ShareFormat = 'yubihsm-setup' | 'yubihsm-manager';

/** A share read from text. `canonical` is how Custos writes it; commitments are made over it. */
export interface ParsedShare {
  format: ShareFormat;
  threshold: number;
  /** The share number, which is its x coordinate. */
  number: number;
  /** The share's y bytes, as long as the secret. Zeroize when done. */
  payload: Uint8Array;
  canonical: string;
}

export type ShareProblemCode =
  | 'empty'
  | 'not-three-parts'
  | 'bad-threshold'
  | 'bad-share-number'
  | 'threshold-too-low'
  | 'inner-whitespace'
  | 'wrong-payload-length'
  | 'bad-payload-character';

/** Why a share text was rejected. Never contains the share's data. */
export interface ShareProblem {
  code: ShareProblemCode;
  message: string;
  /** 1-based position in the share text (after whitespace removal) where the problem is. */
  position?: number;
}

export type ShareWarningCode =
  | 'whitespace-removed'
  | 'url-safe-characters'
  | 'padding-removed'
  | 'trailing-bits'
  | 'not-typeable-in-tool'
  | 'short-wrap-key'
  | 'threshold-one';

/** Something the parser forgave or noticed; the share was still read. */
export interface ShareWarning {
  code: ShareWarningCode;
  message: string;
}

export type ShareParseResult =
  { ok: true; share: ParsedShare; warnings: ShareWarning[] } | { ok: false; problem: ShareProblem };

export interface ShareParseOptions {
  /**
   * strict: exactly what the tool's own restore accepts (after trimming).
   * lenient (default): also strips inner spaces and line breaks and forgives what the tool's
   * decoder forgives, returning a warning for each.
   */
  mode?: 'strict' | 'lenient';
}

/** The "K-X-" prefix the user sees, used in sentences. Threshold and number are not secret. */
export function sharePrefix(threshold: number | string, number: number | string): string {
  return `${threshold}-${number}-`;
}

/** Splits "K-X-payload" at the first two dashes. */
export function splitShareText(
  text: string,
): { threshold: string; number: string; payload: string } | undefined {
  const first = text.indexOf('-');
  const second = first < 0 ? -1 : text.indexOf('-', first + 1);
  if (second < 0) return undefined;
  return {
    threshold: text.slice(0, first),
    number: text.slice(first + 1, second),
    payload: text.slice(second + 1),
  };
}

/** Reads a decimal field of the share: digits only, no sign, no leading zero. */
export function parseShareInteger(text: string): number | undefined {
  if (!/^[1-9]\d{0,2}$/.test(text) && text !== '0') return undefined;
  return Number(text);
}

export function countWhitespace(text: string): number {
  return (text.match(/\s/g) ?? []).length;
}

export function rejectShare(
  code: ShareProblemCode,
  message: string,
  position?: number,
): ShareParseResult {
  return {
    ok: false,
    problem: position === undefined ? { code, message } : { code, message, position },
  };
}
