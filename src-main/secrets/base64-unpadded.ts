// Standard-alphabet base64 without '=' padding, as rusty_secrets prints share payloads
// (spec/yubihsm-setup-interop.md §3.3). Own code rather than Buffer so the parser can say
// exactly which character is wrong and whether the unused trailing bits are zero.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** Number of base64 characters for `byteLength` bytes without padding. */
export function unpaddedLength(byteLength: number): number {
  return Math.ceil((byteLength * 4) / 3);
}

/** Encodes with the unused low bits of the last character set to zero. */
export function encodeBase64Unpadded(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const group = (b0 << 16) | (b1 << 8) | b2;
    const chars = Math.min(4, unpaddedLength(bytes.length - i));
    for (let c = 0; c < chars; c++) out += ALPHABET[(group >> (18 - 6 * c)) & 0x3f];
  }
  return out;
}

export type Base64DecodeResult =
  | { ok: true; bytes: Uint8Array; trailingBitsSet: boolean }
  | { ok: false; problem: 'bad-character'; position: number }
  | { ok: false; problem: 'impossible-length' };

/**
 * Decodes standard base64 without padding. Unused low bits of the last character are ignored,
 * as rustc-serialize does (§3.4), but reported so a caller can warn. Positions are 1-based.
 */
export function decodeBase64Unpadded(text: string): Base64DecodeResult {
  const values: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const value = VALUES.get(text[i]!);
    if (value === undefined) return { ok: false, problem: 'bad-character', position: i + 1 };
    values.push(value);
  }
  if (values.length % 4 === 1) return { ok: false, problem: 'impossible-length' };
  const bytes = new Uint8Array(Math.floor((values.length * 6) / 8));
  let accumulator = 0;
  let bits = 0;
  let index = 0;
  for (const value of values) {
    accumulator = ((accumulator << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = (accumulator >> bits) & 0xff;
    }
  }
  const trailingBitsSet = bits > 0 && (accumulator & ((1 << bits) - 1)) !== 0;
  values.fill(0);
  return { ok: true, bytes, trailingBitsSet };
}
