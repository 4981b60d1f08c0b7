// A DKEK password share or password as sc-hsm-tool prints it (smartcard-hsm-dkek spec §4.1): a
// number below a 64-bit prime written as hex bytes, `Share value : 6c:45:78:ab:df:12:45:aa`, and
// the value alone typed with colons, spaces or nothing between the bytes, in either case. The
// 8-byte password the shares rebuild is spelt the same way. What log redaction masks and what
// the secret guard on records refuses; the nets for the wrap-key shares are in printed-share.ts.
//
// Sizes decide what is spared. Such a value is at most 8 bytes and at least 7 but for one value
// in 256 (sc-hsm-tool drops leading zero bytes); a MAC address (the air-gap snapshot) is 6 bytes
// and digests or keys are 16 bytes or more. The check value (16 upper-case hex digits) and the
// set's prime (public, printed on every sheet beside its `Prime` label) stay readable.

/** Hex bytes with one separator throughout (`:`, a space or `-`), two bytes or more. */
const SEPARATED_BYTES =
  /(?<![0-9A-Za-z])[0-9a-fA-F]{2}([ :-])[0-9a-fA-F]{2}(?:\1[0-9a-fA-F]{2})*(?![0-9A-Za-z])/g;
/** The value after sc-hsm-tool's `Share value` label, whatever its length. */
const SHARE_VALUE_LINE =
  /(\bShare[ _-]?value\s*[:=]\s*)([0-9a-fA-F]{1,2}(?:[ :]?[0-9a-fA-F]{2})*)/gi;
/** Text ending in the prime's label: the run after it is the set's public prime. */
const PRIME_LABEL = /\bPrime\s*[:=]\s*$/i;
/** The value typed with nothing between its bytes, as sc-hsm-tool's lowercase digits. */
const BARE_VALUE = /(?<![0-9A-Za-z])[0-9a-f]{14,16}(?![0-9A-Za-z])/g;

export const MIN_PASSWORD_SHARE_BYTES = 7;
/** Shorter than any key or digest Custos writes down (16 bytes and up). */
const MAX_PASSWORD_SHARE_LIKE_BYTES = 15;

const byteCount = (run: string) => (run.length + 1) / 3;

function afterPrimeLabel(text: string, offset: number): boolean {
  return PRIME_LABEL.test(text.slice(Math.max(0, offset - 40), offset));
}

/** Masks password shares and passwords in hex bytes in a log line (the prime stays readable). */
export function maskPasswordShareHex(text: string): string {
  return text
    .replace(SHARE_VALUE_LINE, (_whole, label: string) => `${label}[redacted share]`)
    .replace(SEPARATED_BYTES, (run: string, _separator: string, offset: number, whole: string) =>
      byteCount(run) >= MIN_PASSWORD_SHARE_BYTES && !afterPrimeLabel(whole, offset)
        ? '[redacted hex]'
        : run,
    );
}

/**
 * Whether `text` holds a password share or password in hex bytes: what the guard on records
 * refuses. Runs of 16 bytes or more are a key's or a digest's size and are judged by the guard's
 * other rules. `humanText` (a label, a name) skips the bare-digits rule: a person may name a key
 * `deadbeefcafe2026`.
 */
export function holdsPasswordShareHex(text: string, humanText = false): boolean {
  if (/\bShare[ _-]?value\s*[:=]\s*[0-9a-fA-F]{2}/i.test(text)) return true;
  for (const match of text.matchAll(SEPARATED_BYTES)) {
    const bytes = byteCount(match[0]);
    if (
      bytes >= MIN_PASSWORD_SHARE_BYTES &&
      bytes <= MAX_PASSWORD_SHARE_LIKE_BYTES &&
      !afterPrimeLabel(text, match.index)
    )
      return true;
  }
  if (humanText) return false;
  // Lowercase with a letter: the check value is upper case, and a run of digits alone is a
  // number (a time in milliseconds has 13), left to the other rules.
  for (const match of text.matchAll(BARE_VALUE)) if (/[a-f]/.test(match[0])) return true;
  return false;
}
