// The .reg file of the KSP hand-off (issue 12 §6): Yubico's YubiHSM Key Storage Provider reads
// its connector URL and authentication key id from HKLM\SOFTWARE\Yubico\YubiHSM, and 32-bit
// processes on 64-bit Windows from the Wow6432Node copy. AuthKeysetPassword is deliberately
// absent: Custos never writes a password; the hand-off sheet says who types it, and where.
// Regedit's format 5.00 files are UTF-16LE with a byte-order mark and CRLF line ends.

export const KSP_REGISTRY_KEYS = [
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Yubico\\YubiHSM',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Yubico\\YubiHSM',
] as const;

export interface KspRegistryValues {
  connectorUrl: string;
  /** The application authentication key's id: AuthKeysetID, a DWORD. */
  authKeyId: number;
}

/** The file's text, lines joined with CRLF (what regedit exports). */
export function kspRegistryText(values: KspRegistryValues): string {
  if (!Number.isInteger(values.authKeyId) || values.authKeyId < 1 || values.authKeyId > 0xfffe)
    throw new RangeError(`the application key id ${values.authKeyId} is not 1..0xfffe`);
  const lines = ['Windows Registry Editor Version 5.00', ''];
  for (const key of KSP_REGISTRY_KEYS) {
    lines.push(
      `[${key}]`,
      `"ConnectorURL"=${regString(values.connectorUrl)}`,
      `"AuthKeysetID"=dword:${values.authKeyId.toString(16).padStart(8, '0')}`,
      '',
    );
  }
  return lines.join('\r\n');
}

/** The bytes regedit imports: UTF-16LE with a BOM. */
export function kspRegistryFile(values: KspRegistryValues): Uint8Array {
  const text = Buffer.from(kspRegistryText(values), 'utf16le');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), text]);
}

/** A REG_SZ value: quoted, with backslash and quote escaped as regedit writes them. */
function regString(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new RangeError('a registry string holds no line breaks');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
