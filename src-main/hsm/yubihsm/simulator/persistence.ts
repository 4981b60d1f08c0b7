// The simulated device's flash: a state file any tool can identify (serial, firmware, format)
// whose object store, options and log are saved the way a backup-capable HSM keeps a backup
// (backup/backup-seal.ts): each save under a fresh one-time key, wrapped under a key derived
// from a firmware constant and the device's diversified backup key, kept next to the state
// (`<state>.storage-key`, mode 0600). Like a real HSM, nothing secret is ever on disk in the
// clear. Writes are atomic, so a crash leaves the old or the new state, never half of one.
// Version 1 files (one AES-256-GCM seal under the key file) are still read, and saved as 2.

import { createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../../files/atomic-write';
import type { DeviceState } from './device-state';
import { BackupRefused, openBackup, sealBackup } from './backup/backup-seal';
import { decodeState } from './state-codec';

const FORMAT = 'custos-simulated-yubihsm';
const FORMAT_VERSION = 2;
const FORMAT_VERSION_GCM_ONLY = 1;
const STORAGE_KEY_LENGTH = 32;
const GCM_NONCE_LENGTH = 12;
const GCM_TAG_LENGTH = 16;

/** A state or key file that cannot be used; the message names the file and what to do. */
export class SimulatorStateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimulatorStateError';
  }
}

export interface DeviceRecord {
  serial: number;
  firmware: string;
  state: DeviceState;
}

export function storageKeyPath(statePath: string): string {
  return `${statePath}.storage-key`;
}

/** Public metadata is authenticated with the sealed state, so neither can be swapped alone. */
function associatedData(serial: number, firmware: string, version = FORMAT_VERSION): Buffer {
  return Buffer.from(`${FORMAT}/${version}/${serial}/${firmware}`, 'utf8');
}

export async function createStorageKey(statePath: string): Promise<Uint8Array> {
  const key = new Uint8Array(randomBytes(STORAGE_KEY_LENGTH));
  const path = storageKeyPath(statePath);
  try {
    await writeFileAtomic(path, key, { mode: 0o600 });
  } catch (error) {
    key.fill(0);
    throw new SimulatorStateError(
      `The simulated YubiHSM 2 could not write its storage key ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); check that the folder exists and is writable.`,
      { cause: error },
    );
  }
  return key;
}

export async function readStorageKey(statePath: string): Promise<Uint8Array> {
  const path = storageKeyPath(statePath);
  let key: Buffer;
  try {
    key = await readFile(path);
  } catch (error) {
    throw new SimulatorStateError(
      `The simulated YubiHSM 2's storage key ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}), so its state file ${statePath} cannot be opened; restore the key file from the same backup as the state file, or move both aside to start a factory-fresh simulator.`,
      { cause: error },
    );
  }
  if (key.length !== STORAGE_KEY_LENGTH) {
    key.fill(0);
    throw new SimulatorStateError(
      `The simulated YubiHSM 2's storage key ${path} is damaged (it is not ${STORAGE_KEY_LENGTH} bytes); restore it from a backup, or move it and ${statePath} aside to start a factory-fresh simulator.`,
    );
  }
  return new Uint8Array(key);
}

/** Seals an encoded state (state-codec.ts) and writes the state file atomically. */
export async function writeSealedState(
  statePath: string,
  storageKey: Uint8Array,
  identity: { serial: number; firmware: string },
  plaintext: Uint8Array,
): Promise<void> {
  const backup = sealBackup(
    storageKey,
    plaintext,
    associatedData(identity.serial, identity.firmware),
  );
  const file = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    serial: identity.serial,
    firmware: identity.firmware,
    note: 'Simulated YubiHSM 2 for Custos rehearsals. Objects, options and the audit log are encrypted under a one-time AES-256 key, itself wrapped (RFC 3394) under a key derived (SP 800-108) from the firmware and the diversified backup key in the .storage-key file next to this one.',
    wrappedOtk: Buffer.from(backup.wrappedOtk).toString('base64'),
    sealedState: Buffer.from(backup.sealed).toString('base64'),
  };
  await writeFileAtomic(statePath, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

export interface LoadedDevice {
  record: DeviceRecord;
  /** Kept by the device for its later writes. */
  storageKey: Uint8Array;
}

/** Reads the state file; undefined when it does not exist. Anything unusable throws. */
export async function loadDeviceRecord(statePath: string): Promise<LoadedDevice | undefined> {
  let text: string;
  try {
    text = await readFile(statePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SimulatorStateError(
      `The simulated YubiHSM 2 state file ${statePath} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); check its permissions, or move it aside to start a factory-fresh simulator.`,
      { cause: error },
    );
  }
  const corrupt = (why: string, cause?: unknown) =>
    new SimulatorStateError(
      `The simulated YubiHSM 2 state file ${statePath} is corrupt (${why}); restore it from a backup, or move it aside to start a factory-fresh simulator. It was left untouched.`,
      { cause },
    );

  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw corrupt('it is not valid JSON', error);
  }
  const fields = file as Record<string, unknown>;
  if (typeof file !== 'object' || file === null || fields.format !== FORMAT)
    throw corrupt('it is not a simulated YubiHSM 2 state file');
  const version = fields.formatVersion;
  if (version !== FORMAT_VERSION && version !== FORMAT_VERSION_GCM_ONLY)
    throw corrupt(
      `format version ${String(fields.formatVersion)} is not one this version of Custos reads`,
    );
  const { serial, firmware, sealedState } = fields;
  if (
    typeof serial !== 'number' ||
    !Number.isInteger(serial) ||
    typeof firmware !== 'string' ||
    typeof sealedState !== 'string'
  ) {
    throw corrupt('its serial, firmware or sealed state is missing');
  }
  const sealed = Buffer.from(sealedState, 'base64');
  if (sealed.length < GCM_NONCE_LENGTH + GCM_TAG_LENGTH)
    throw corrupt('the sealed state is truncated');

  const storageKey = await readStorageKey(statePath);
  if (version === FORMAT_VERSION) {
    const wrapped = typeof fields.wrappedOtk === 'string' ? fields.wrappedOtk : undefined;
    if (!wrapped) throw corrupt('its wrapped one-time key is missing');
    let opened: Uint8Array;
    try {
      opened = openBackup(
        storageKey,
        {
          wrappedOtk: new Uint8Array(Buffer.from(wrapped, 'base64')),
          sealed: new Uint8Array(sealed),
        },
        associatedData(serial, firmware),
      );
    } catch (error) {
      storageKey.fill(0);
      throw corrupt(
        error instanceof BackupRefused && error.reason === 'wrong-device'
          ? `it was saved by another device: its one-time key does not unwrap under the backup key ${storageKeyPath(statePath)}`
          : 'the saved state was altered after it was written',
        error,
      );
    }
    return decoded(serial, firmware, opened, storageKey, corrupt);
  }
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      storageKey,
      sealed.subarray(0, GCM_NONCE_LENGTH),
      { authTagLength: GCM_TAG_LENGTH },
    );
    decipher.setAAD(associatedData(serial, firmware, FORMAT_VERSION_GCM_ONLY));
    decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_LENGTH));
    plaintext = Buffer.concat([
      decipher.update(sealed.subarray(GCM_NONCE_LENGTH, sealed.length - GCM_TAG_LENGTH)),
      decipher.final(),
    ]);
  } catch (error) {
    storageKey.fill(0);
    throw corrupt(
      `the sealed state does not open with the storage key ${storageKeyPath(statePath)}: it was altered, or the key belongs to another state file`,
      error,
    );
  }
  // A plain Uint8Array copy: Buffer#slice shares memory, and the decoded objects must own theirs.
  const bytes = new Uint8Array(plaintext);
  plaintext.fill(0);
  return decoded(serial, firmware, bytes, storageKey, corrupt);
}

function decoded(
  serial: number,
  firmware: string,
  bytes: Uint8Array,
  storageKey: Uint8Array,
  corrupt: (why: string, cause?: unknown) => SimulatorStateError,
): LoadedDevice {
  try {
    return { record: { serial, firmware, state: decodeState(bytes) }, storageKey };
  } catch (error) {
    storageKey.fill(0);
    throw corrupt(error instanceof Error ? error.message : 'its contents do not decode', error);
  } finally {
    bytes.fill(0);
  }
}

/**
 * Makes two simulated devices a backup pair: the second takes the first's diversified backup
 * key, so a state saved by either restores onto the other (and onto no other device).
 */
export async function pairBackupKeys(fromStatePath: string, toStatePath: string): Promise<void> {
  const key = await readStorageKey(fromStatePath);
  try {
    await writeFileAtomic(storageKeyPath(toStatePath), key, { mode: 0o600 });
  } finally {
    key.fill(0);
  }
}
