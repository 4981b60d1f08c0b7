// How a simulated device keeps its saved state, the way backup-capable HSMs describe theirs:
// every save is encrypted under a fresh one-time AES-256 key (the OTK, AES-256-GCM); the OTK is
// wrapped with AES key wrap (RFC 3394 / SP 800-38F KW) under a backup key-encryption key; that
// KEK comes from the SP 800-108 counter-mode KDF over a firmware-level constant and the
// device's diversified backup key. The diversified key is the device's own (random per device,
// in its key file), unless a pair is made to share it, so that one's saved state restores onto
// the other and onto no other device. A state altered on disk, or opened on a device without
// the key, is refused: the wrap's integrity check or the GCM tag fails.

import { aeskw } from '@noble/ciphers/aes.js';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { counterKdf, fixedInputData } from './counter-kdf';

/** Baked into the simulator's "firmware": the same in every simulated device. */
export const FIRMWARE_BACKUP_CONSTANT = new TextEncoder().encode(
  'Custos simulated YubiHSM 2 firmware backup constant v1',
);
const KDF_LABEL = new TextEncoder().encode('custos-simulator-backup-kek');
export const BACKUP_KEY_LENGTH = 32;
const OTK_LENGTH = 32;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;

export class BackupRefused extends Error {
  constructor(
    message: string,
    readonly reason: 'wrong-device' | 'tampered',
  ) {
    super(message);
    this.name = 'BackupRefused';
  }
}

export interface SealedBackup {
  /** The OTK under the backup KEK (RFC 3394, 40 bytes). */
  wrappedOtk: Uint8Array;
  /** nonce || ciphertext || tag, under the OTK. */
  sealed: Uint8Array;
}

/** The backup KEK: KDF(K_I = diversified backup key, Label, Context = firmware constant). */
export function backupKek(diversifiedKey: Uint8Array): Uint8Array {
  if (diversifiedKey.length !== BACKUP_KEY_LENGTH)
    throw new RangeError(`a diversified backup key is ${BACKUP_KEY_LENGTH} bytes`);
  return counterKdf(diversifiedKey, fixedInputData(KDF_LABEL, FIRMWARE_BACKUP_CONSTANT, 32), 32);
}

/** Encrypts one save under a fresh OTK and wraps the OTK; `associated` is authenticated too. */
export function sealBackup(
  diversifiedKey: Uint8Array,
  plaintext: Uint8Array,
  associated: Uint8Array,
): SealedBackup {
  const otk = new Uint8Array(randomBytes(OTK_LENGTH));
  const kek = backupKek(diversifiedKey);
  try {
    const nonce = randomBytes(NONCE_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', otk, nonce, { authTagLength: TAG_LENGTH });
    cipher.setAAD(associated);
    const sealed = Buffer.concat([
      nonce,
      cipher.update(plaintext),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return { wrappedOtk: aeskw(kek).encrypt(otk), sealed: new Uint8Array(sealed) };
  } finally {
    otk.fill(0);
    kek.fill(0);
  }
}

/** Opens a save: unwraps the OTK (wrong key: refused) and decrypts (altered: refused). */
export function openBackup(
  diversifiedKey: Uint8Array,
  backup: SealedBackup,
  associated: Uint8Array,
): Uint8Array {
  const kek = backupKek(diversifiedKey);
  let otk: Uint8Array;
  try {
    otk = aeskw(kek).decrypt(backup.wrappedOtk);
  } catch {
    throw new BackupRefused(
      'the saved state was not made by this device or its paired device (its one-time key does not unwrap)',
      'wrong-device',
    );
  } finally {
    kek.fill(0);
  }
  try {
    const { sealed } = backup;
    if (sealed.length < NONCE_LENGTH + TAG_LENGTH) throw new Error('truncated');
    const decipher = createDecipheriv('aes-256-gcm', otk, sealed.subarray(0, NONCE_LENGTH), {
      authTagLength: TAG_LENGTH,
    });
    decipher.setAAD(associated);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
    const plain = Buffer.concat([
      decipher.update(sealed.subarray(NONCE_LENGTH, sealed.length - TAG_LENGTH)),
      decipher.final(),
    ]);
    const bytes = new Uint8Array(plain);
    plain.fill(0);
    return bytes;
  } catch {
    throw new BackupRefused('the saved state was altered after it was written', 'tampered');
  } finally {
    otk.fill(0);
  }
}
