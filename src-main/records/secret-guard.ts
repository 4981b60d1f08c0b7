// A last line of defence for files that must never hold a secret (ceremony.json, the
// transcript): refuse to write anything that looks like a share in any printed form (canonical,
// grouped with spaces, a line of 16 characters with or without its check character, hex lines;
// secrets/printed-share.ts), a DKEK password share or password in hex bytes (sc-hsm-tool's
// `Share value` line, the value with colons, spaces or none; secrets/printed-password-share.ts),
// the wrap secret itself as hex or base64 (also spelt in UTF-16), or
// a field named for a secret. The engines never pass secrets
// here; this catches the bug where one would.

import { holdsPasswordShareHex } from '../secrets/printed-password-share';
import { holdsPrintedShare } from '../secrets/printed-share';

const SECRET_FIELD =
  /^(password|passphrase|confirmation|pin|share|shares|secret|wrapKeyBytes|keyBytes)$/i;
/** Fields people fill with words (a label, a name): only the unmistakable forms count there. */
const HUMAN_TEXT_FIELD = /^(label|name|ceremony|custodians|contact|title|message|detail)$/i;
/**
 * A SmartCard-HSM check value (`kcv`, `shareKcv`, `blobKcv`): SHA-256(key)[0..8] in sc-hsm-tool's
 * 16 upper-case hex digits (smartcard-hsm-dkek spec §3). It is a digest, not a share, and the
 * DKEK records must keep it; only that exact form is spared, in a field named for it.
 */
const CHECK_VALUE_FIELD = /^(kcv|[a-z][A-Za-z]*Kcv)$/;
const CHECK_VALUE = /^[0-9A-F]{16}$/;

/**
 * The wrap secret itself (key and policy: 36, 44 or 52 bytes for AES-128/192/256, spec §4) as hex
 * or base64, a token on its own. Nothing a record holds legitimately has those lengths: digests
 * are 20, 32 or 48 bytes, public keys 32, 64/65, 96/97 bytes or an RSA modulus.
 */
const SECRET_SIZES = [36, 44, 52];
const HEX_LENGTHS = new Set(SECRET_SIZES.map((size) => size * 2));
const BASE64_LENGTHS = new Set(
  SECRET_SIZES.flatMap((size) => [Math.ceil(size / 3) * 4, Math.ceil((size * 4) / 3)]),
);

/**
 * A file name the ceremony wrote (`verification-<serial>-<time>.html`): its words, digits and
 * dashes can add up to a base64url-sized token by chance, so only the hex test applies to it.
 */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.[a-z]{2,7}$/;

function holdsWrapSecretEncoding(text: string): boolean {
  const fileName = FILE_NAME.test(text);
  for (const token of text.split(/[^A-Za-z0-9+/_=-]+/)) {
    if (/^[0-9a-fA-F]+$/.test(token) && HEX_LENGTHS.has(token.length)) return true;
    if (fileName) continue;
    const bare = token.replace(/=+$/, '');
    if (
      /^[A-Za-z0-9+/_-]+$/.test(bare) &&
      BASE64_LENGTHS.has(token.length) &&
      /[A-Z]/.test(bare) &&
      /[a-z]/.test(bare) &&
      Math.ceil((bare.length * 3) / 4) >= 36
    )
      return true;
  }
  return false;
}

export class SecretMaterialError extends Error {
  constructor(where: string, path: string) {
    super(
      `refused to write ${where}: ${path} looks like secret material (a share or a password); this is a bug in Custos, please report it`,
    );
    this.name = 'SecretMaterialError';
  }
}

export function assertNoSecretMaterial(
  value: unknown,
  where: string,
  path = '$',
  humanText = false,
): void {
  if (typeof value === 'string') {
    // A string spelt in UTF-16 and read back as text carries a NUL after each character.
    const text = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
    if (
      holdsPrintedShare(text, humanText) ||
      holdsPasswordShareHex(text, humanText) ||
      (!humanText && holdsWrapSecretEncoding(text))
    )
      throw new SecretMaterialError(where, path);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) =>
      assertNoSecretMaterial(item, where, `${path}[${index}]`, humanText),
    );
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_FIELD.test(key)) throw new SecretMaterialError(where, `${path}.${key}`);
      if (CHECK_VALUE_FIELD.test(key) && typeof item === 'string' && CHECK_VALUE.test(item))
        continue;
      assertNoSecretMaterial(item, where, `${path}.${key}`, HUMAN_TEXT_FIELD.test(key));
    }
  }
}
