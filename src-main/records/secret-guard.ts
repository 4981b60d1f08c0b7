// A last line of defence for files that must never hold a secret (ceremony.json, the
// transcript): refuse to write anything that looks like a share. The engines never pass
// secrets here; this catches the bug where one would.

const SETUP_SHARE = /\b\d{1,3}-\d{1,3}-[A-Za-z0-9+/]{48,}/;
const MANAGER_SHARE = /\b\d{1,3}-\d{1,3}-[0-9a-fA-F]{72,}/;
const SECRET_FIELD = /^(password|passphrase|pin|share|shares|secret|wrapKeyBytes|keyBytes)$/i;

export class SecretMaterialError extends Error {
  constructor(where: string, path: string) {
    super(
      `refused to write ${where}: ${path} looks like secret material (a share or a password); this is a bug in Custos, please report it`,
    );
    this.name = 'SecretMaterialError';
  }
}

export function assertNoSecretMaterial(value: unknown, where: string, path = '$'): void {
  if (typeof value === 'string') {
    if (SETUP_SHARE.test(value) || MANAGER_SHARE.test(value))
      throw new SecretMaterialError(where, path);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoSecretMaterial(item, where, `${path}[${index}]`));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_FIELD.test(key)) throw new SecretMaterialError(where, `${path}.${key}`);
      assertNoSecretMaterial(item, where, `${path}.${key}`);
    }
  }
}
