// The simulated card's flash on disk. Like the simulated YubiHSM 2's state file: the public
// part (format, flavour) in the clear, everything else (PINs, DKEK, keys, files) sealed with
// AES-256-GCM under a storage key kept next to it (`<state>.storage-key`, mode 0600), so nothing
// secret is on disk in the clear. Written atomically; a damaged file is named, never replaced.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../../files/atomic-write';
import { SimulatorStateError } from '../../yubihsm/simulator/persistence';
import type { CardKey, RsaJwk } from './card-keys';
import type { CardFlavour, CardState } from './card-state';

const FORMAT = 'custos-simulated-smartcard-hsm';
const FORMAT_VERSION = 1;
const KEY_LENGTH = 32;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;

export { SimulatorStateError };

export function storageKeyPath(statePath: string): string {
  return `${statePath}.storage-key`;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const unhex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

type StoredKey =
  | { ref: number; kind: 'ec-p256'; d: string }
  | { ref: number; kind: 'rsa'; jwk: RsaJwk }
  | { ref: number; kind: 'aes'; key: string };

interface StoredState {
  initialised: boolean;
  options: number;
  userPin: string | null;
  userPinRetryLimit: number;
  userPinTriesLeft: number;
  soPin: string | null;
  soPinTriesLeft: number;
  dkek: { total: number; outstanding: number; accumulator: string } | null;
  keys: StoredKey[];
  files: { fid: number; content: string }[];
  deviceKey: string;
}

export function encodeCardState(state: CardState): Uint8Array {
  const keys: StoredKey[] = [...state.keys].map(([ref, key]: [number, CardKey]) =>
    key.kind === 'ec-p256'
      ? { ref, kind: key.kind, d: hex(key.d) }
      : key.kind === 'aes'
        ? { ref, kind: key.kind, key: hex(key.key) }
        : { ref, kind: key.kind, jwk: key.jwk },
  );
  const stored: StoredState = {
    initialised: state.initialised,
    options: state.options,
    userPin: state.userPin ? hex(state.userPin) : null,
    userPinRetryLimit: state.userPinRetryLimit,
    userPinTriesLeft: state.userPinTriesLeft,
    soPin: state.soPin ? hex(state.soPin) : null,
    soPinTriesLeft: state.soPinTriesLeft,
    dkek: state.dkek
      ? {
          total: state.dkek.total,
          outstanding: state.dkek.outstanding,
          accumulator: hex(state.dkek.accumulator),
        }
      : null,
    keys,
    files: [...state.files].map(([fid, content]) => ({ fid, content: hex(content) })),
    deviceKey: hex(state.deviceKey),
  };
  return new Uint8Array(Buffer.from(JSON.stringify(stored), 'utf8'));
}

export function decodeCardState(plaintext: Uint8Array): CardState {
  const stored = JSON.parse(Buffer.from(plaintext).toString('utf8')) as StoredState;
  const keys = new Map<number, CardKey>();
  for (const key of stored.keys) {
    if (key.kind === 'ec-p256') keys.set(key.ref, { kind: 'ec-p256', d: unhex(key.d) });
    else if (key.kind === 'aes') keys.set(key.ref, { kind: 'aes', key: unhex(key.key) });
    else keys.set(key.ref, { kind: 'rsa', jwk: key.jwk });
  }
  return {
    initialised: stored.initialised,
    options: stored.options,
    userPin: stored.userPin === null ? undefined : unhex(stored.userPin),
    userPinRetryLimit: stored.userPinRetryLimit,
    userPinTriesLeft: stored.userPinTriesLeft,
    soPin: stored.soPin === null ? undefined : unhex(stored.soPin),
    soPinTriesLeft: stored.soPinTriesLeft,
    dkek: stored.dkek
      ? {
          total: stored.dkek.total,
          outstanding: stored.dkek.outstanding,
          accumulator: unhex(stored.dkek.accumulator),
        }
      : undefined,
    keys,
    files: new Map(stored.files.map(({ fid, content }) => [fid, unhex(content)])),
    deviceKey: unhex(stored.deviceKey),
  };
}

function associatedData(flavour: CardFlavour): Buffer {
  return Buffer.from(`${FORMAT}/${FORMAT_VERSION}/${flavour}`, 'utf8');
}

export async function createStorageKey(statePath: string): Promise<Uint8Array> {
  const key = new Uint8Array(randomBytes(KEY_LENGTH));
  try {
    await writeFileAtomic(storageKeyPath(statePath), key, { mode: 0o600, exclusive: true });
  } catch (error) {
    key.fill(0);
    throw new SimulatorStateError(
      `The simulated SmartCard-HSM could not write its storage key ${storageKeyPath(statePath)} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); check that the folder exists and is writable, and that no storage key without its state file is left there.`,
      { cause: error },
    );
  }
  return key;
}

export async function writeCardState(
  statePath: string,
  storageKey: Uint8Array,
  flavour: CardFlavour,
  state: CardState,
): Promise<void> {
  const plaintext = encodeCardState(state);
  const nonce = randomBytes(NONCE_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', storageKey, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(associatedData(flavour));
  const sealed = Buffer.concat([
    nonce,
    cipher.update(plaintext),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  plaintext.fill(0);
  const file = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    flavour,
    note: 'Simulated SmartCard-HSM for Custos rehearsals. PINs, the DKEK, keys and files are sealed (AES-256-GCM) under the storage key in the .storage-key file next to this one.',
    sealedState: sealed.toString('base64'),
  };
  await writeFileAtomic(statePath, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

export interface LoadedCard {
  flavour: CardFlavour;
  state: CardState;
  storageKey: Uint8Array;
}

/** Reads the state file; undefined when there is none. Anything unusable throws a sentence. */
export async function loadCardState(statePath: string): Promise<LoadedCard | undefined> {
  let text: string;
  try {
    text = await readFile(statePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SimulatorStateError(
      `The simulated SmartCard-HSM state file ${statePath} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); check its permissions, or move it aside to start a factory-fresh card.`,
      { cause: error },
    );
  }
  const corrupt = (why: string, cause?: unknown) =>
    new SimulatorStateError(
      `The simulated SmartCard-HSM state file ${statePath} is corrupt (${why}); restore it from a backup, or move it aside to start a factory-fresh card. It was left untouched.`,
      { cause },
    );
  let file: Record<string, unknown>;
  try {
    file = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw corrupt('it is not valid JSON', error);
  }
  if (typeof file !== 'object' || file === null || file.format !== FORMAT)
    throw corrupt('it is not a simulated SmartCard-HSM state file');
  if (file.formatVersion !== FORMAT_VERSION)
    throw corrupt(
      `format version ${String(file.formatVersion)} is not one this version of Custos reads`,
    );
  const { flavour, sealedState } = file;
  if ((flavour !== 'smartcard-hsm' && flavour !== 'pico-hsm') || typeof sealedState !== 'string')
    throw corrupt('its flavour or sealed state is missing');
  const sealed = Buffer.from(sealedState, 'base64');
  if (sealed.length < NONCE_LENGTH + TAG_LENGTH) throw corrupt('the sealed state is truncated');
  let storageKey: Uint8Array;
  try {
    storageKey = new Uint8Array(await readFile(storageKeyPath(statePath)));
  } catch (error) {
    throw new SimulatorStateError(
      `The simulated SmartCard-HSM's storage key ${storageKeyPath(statePath)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}), so its state file ${statePath} cannot be opened; restore the key file from the same backup as the state file, or move both aside to start a factory-fresh card.`,
      { cause: error },
    );
  }
  if (storageKey.length !== KEY_LENGTH) throw corrupt(`its storage key is not ${KEY_LENGTH} bytes`);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', storageKey, sealed.subarray(0, NONCE_LENGTH), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAAD(associatedData(flavour));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
    plaintext = Buffer.concat([
      decipher.update(sealed.subarray(NONCE_LENGTH, sealed.length - TAG_LENGTH)),
      decipher.final(),
    ]);
  } catch (error) {
    storageKey.fill(0);
    throw corrupt(
      `the sealed state does not open with the storage key ${storageKeyPath(statePath)}: it was altered, or the key belongs to another state file`,
      error,
    );
  }
  try {
    return { flavour, state: decodeCardState(plaintext), storageKey };
  } catch (error) {
    storageKey.fill(0);
    throw corrupt('the sealed state does not decode', error);
  } finally {
    plaintext.fill(0);
  }
}
