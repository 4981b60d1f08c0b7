// A last line of defence for files that must never hold a secret (ceremony.json, the
// transcript): refuse to write anything that looks like a share in any printed form (canonical,
// grouped with spaces, a line of 16 characters with or without its check character, hex lines;
// secrets/printed-share.ts) or a field named for a secret. The engines never pass secrets
// here; this catches the bug where one would.

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
    if (holdsPrintedShare(value, humanText)) throw new SecretMaterialError(where, path);
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
