// The simulated device's flash: a state file any tool can identify (serial, firmware, format)
// whose object store, options and log are sealed with AES-256-GCM under a device-internal
// storage key kept next to it (`<state>.storage-key`, mode 0600). Like a real HSM, nothing
// secret is ever on disk in the clear. Writes are atomic, so a crash leaves the old or the new
// state, never half of one.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../../files/atomic-write';
import type { DeviceState } from './device-state';
import { decodeState } from './state-codec';

const FORMAT = 'custos-simulated-yubihsm';
const FORMAT_VERSION = 1;
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
function associatedData(serial: number, firmware: string): Buffer {
  return Buffer.from(`${FORMAT}/${FORMAT_VERSION}/${serial}/${firmware}`, 'utf8');
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
  const nonce = randomBytes(GCM_NONCE_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', storageKey, nonce, {
    authTagLength: GCM_TAG_LENGTH,
  });
  cipher.setAAD(associatedData(identity.serial, identity.firmware));
  const sealed = Buffer.concat([
    nonce,
    cipher.update(plaintext),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const file = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    serial: identity.serial,
    firmware: identity.firmware,
    note: 'Simulated YubiHSM 2 for Custos rehearsals. Objects, options and the audit log are sealed (AES-256-GCM) under the storage key in the .storage-key file next to this one.',
    sealedState: sealed.toString('base64'),
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
  if (fields.formatVersion !== FORMAT_VERSION)
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
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      storageKey,
      sealed.subarray(0, GCM_NONCE_LENGTH),
      { authTagLength: GCM_TAG_LENGTH },
    );
    decipher.setAAD(associatedData(serial, firmware));
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
  try {
    return { record: { serial, firmware, state: decodeState(bytes) }, storageKey };
  } catch (error) {
    storageKey.fill(0);
    throw corrupt(error instanceof Error ? error.message : 'its contents do not decode', error);
  } finally {
    bytes.fill(0);
  }
}
