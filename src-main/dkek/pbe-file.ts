// A DKEK share file exactly as sc-hsm-tool writes and reads it (spec §2): 64 bytes, the OpenSSL
// "enc" header `Salted__`, an 8-byte salt, then AES-256-CBC (key and IV from EVP_BytesToKey-MD5,
// c = 10^7) of the 32-byte share followed by a full block of PKCS#7 padding (16 × 0x10).
// Opening checks all 16 padding bytes, where sc-hsm-tool's generic check lets about one wrong
// password in 256 through with a garbage share; a wrong password never yields a share here.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { shareCheckValue } from './check-value';
import { deriveInWorker, type DeriveOptions } from './derive-in-worker';
import { DkekShareError } from './dkek-share-error';

export const PBE_FILE_LENGTH = 64;
export const SHARE_LENGTH = 32;
const MAGIC = Buffer.from('Salted__', 'ascii');
const PAD = 0x10;

export interface PbeFile {
  salt: Uint8Array;
  /** 48 bytes: the encrypted share and its padding block. */
  ciphertext: Uint8Array;
  /** Bytes after the 64 that sc-hsm-tool reads; it ignores them, and so does Custos. */
  ignoredBytes: number;
}

/** Reads the layout; `name` is how the sentences call the file ("dkek.pbe"). */
export function parsePbeFile(bytes: Uint8Array, name: string): PbeFile {
  if (bytes.length < PBE_FILE_LENGTH)
    throw new DkekShareError(
      `${name} is ${bytes.length} bytes long, but a DKEK share file is ${PBE_FILE_LENGTH}: it is truncated or not a share file. Copy it again from its original medium`,
    );
  if (!Buffer.from(bytes.subarray(0, 8)).equals(MAGIC))
    throw new DkekShareError(
      `${name} does not begin with "Salted__", so it is not a DKEK share file made by sc-hsm-tool or Custos. Check that you picked the .pbe file`,
    );
  return {
    salt: bytes.slice(8, 16),
    ciphertext: bytes.slice(16, PBE_FILE_LENGTH),
    ignoredBytes: bytes.length - PBE_FILE_LENGTH,
  };
}

export interface OpenOptions extends DeriveOptions {
  /** For the sentences: "dkek.pbe". */
  name: string;
  /** What opened it, for the wrong-password sentence: "password" or "password shares". */
  secretKind?: 'password' | 'password shares';
}

/** The 32-byte share inside `bytes`; the caller zeroizes it. */
export async function openShareFile(
  bytes: Uint8Array,
  password: Uint8Array,
  options: OpenOptions,
): Promise<Uint8Array> {
  const file = parsePbeFile(bytes, options.name);
  const keyAndIv = await deriveInWorker(password, file.salt, options);
  try {
    const share = decryptShare(file.ciphertext, keyAndIv);
    if (share) return share;
  } finally {
    keyAndIv.fill(0);
  }
  throw new DkekShareError(
    options.secretKind === 'password shares'
      ? `The password shares do not open ${options.name}: one is mistyped, they belong to another file, or fewer shares than the set needs were given`
      : `The password does not open ${options.name}: it is wrong, or the file was changed. Check the password (letter case, keyboard layout) and try again`,
  );
}

/**
 * Decrypts the 48 bytes under key ‖ IV; the share, or undefined unless every one of the 16
 * padding bytes is 0x10 (a wrong key passes that with odds of 2^-128, not OpenSSL's ~1/256).
 */
export function decryptShare(ciphertext: Uint8Array, keyAndIv: Uint8Array): Uint8Array | undefined {
  const decipher = createDecipheriv(
    'aes-256-cbc',
    keyAndIv.subarray(0, 32),
    keyAndIv.subarray(32, 48),
  ).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  try {
    if (!plain.subarray(SHARE_LENGTH).every((byte) => byte === PAD)) return undefined;
    return Uint8Array.from(plain.subarray(0, SHARE_LENGTH));
  } finally {
    plain.fill(0);
  }
}

/**
 * Encrypts `share` under `password` with `salt`: the 64 bytes of a `.pbe` file. Creation draws
 * share and salt from the OS CSPRNG (createShareFile); tests pass the spec's fixed ones.
 */
export async function sealShare(
  share: Uint8Array,
  salt: Uint8Array,
  password: Uint8Array,
  options: DeriveOptions = {},
): Promise<Uint8Array> {
  if (share.length !== SHARE_LENGTH)
    throw new RangeError(`a DKEK share is ${SHARE_LENGTH} bytes, not ${share.length}`);
  if (salt.length !== 8) throw new RangeError(`the salt is 8 bytes, not ${salt.length}`);
  const keyAndIv = await deriveInWorker(password, salt, options);
  const plain = Buffer.alloc(SHARE_LENGTH + 16, PAD);
  try {
    plain.set(share);
    const cipher = createCipheriv(
      'aes-256-cbc',
      keyAndIv.subarray(0, 32),
      keyAndIv.subarray(32),
    ).setAutoPadding(false);
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Uint8Array.from(Buffer.concat([MAGIC, salt, ciphertext]));
  } finally {
    keyAndIv.fill(0);
    plain.fill(0);
  }
}

export interface CreatedShareFile {
  /** The 64 bytes to write. */
  file: Uint8Array;
  /** The share's check value (check-value.ts): how the share is named without showing it. */
  checkValue: string;
}

/** A new random share sealed under `password`; the share itself is wiped before returning. */
export async function createShareFile(
  password: Uint8Array,
  options: DeriveOptions = {},
): Promise<CreatedShareFile> {
  const share = randomBytes(SHARE_LENGTH);
  try {
    const file = await sealShare(share, randomBytes(8), password, options);
    return { file, checkValue: shareCheckValue(share) };
  } finally {
    share.fill(0);
  }
}
