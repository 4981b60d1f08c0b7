// What the PC/SC test stack needs from Debian (spec §7.3): pcscd, vsmartcard-vpcd's driver,
// OpenSC's sc-hsm-tool and opensc-tool. Tests skip with this sentence only when a package is
// missing; CI installs them (.ci/run), so there they run.

import { existsSync, readFileSync } from 'node:fs';

export const PCSCD = '/usr/sbin/pcscd';
export const SC_HSM_TOOL = '/usr/bin/sc-hsm-tool';
export const OPENSC_TOOL = '/usr/bin/opensc-tool';
export const VPCD_READER_FILE = '/etc/reader.conf.d/vpcd';

/** OpenSC's PKCS#11 module (Debian puts it under the multiarch folder). */
export function openscPkcs11Module(): string {
  const candidates = [
    `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/opensc-pkcs11.so`,
    '/usr/lib/opensc-pkcs11.so',
    '/usr/lib64/opensc-pkcs11.so',
  ];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`OpenSC's PKCS#11 module is not in ${candidates.join(', ')}`);
  return found;
}

export type StackPrerequisites =
  { available: true; vpcdDriver: string } | { available: false; reason: string };

/** The vpcd driver library named by Debian's reader file, which the private reader file reuses. */
export function vpcdDriverPath(readerFile = VPCD_READER_FILE): string | undefined {
  if (!existsSync(readerFile)) return undefined;
  const line = readFileSync(readerFile, 'utf8')
    .split('\n')
    .find((text) => /^\s*LIBPATH\s+/.test(text));
  return line?.trim().split(/\s+/)[1];
}

export function stackPrerequisites(): StackPrerequisites {
  const missing: string[] = [];
  if (!existsSync(PCSCD)) missing.push('pcscd');
  const driver = vpcdDriverPath();
  if (!driver || !existsSync(driver)) missing.push('vsmartcard-vpcd');
  if (!existsSync(SC_HSM_TOOL) || !existsSync(OPENSC_TOOL)) missing.push('opensc');
  if (missing.length > 0 || !driver) {
    return {
      available: false,
      reason: `skipped: the PC/SC test stack needs the Debian packages ${missing.join(', ')} (apt-get install opensc pcscd vsmartcard-vpcd libpcsclite-dev pcsc-tools; .ci/run installs them)`,
    };
  }
  return { available: true, vpcdDriver: driver };
}
