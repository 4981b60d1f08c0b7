// The wrapped-key blob of a SmartCard-HSM (spec §6): KCV ‖ key type ‖ four length-prefixed
// fields ‖ AES-256-CBC(KENC, IV 0) of the key ‖ AES-CMAC(KMAC) over all of it. Both sides use
// this: the simulator builds and opens blobs, the client checks a blob's header against the
// device's KCV before it sends anything (a blob from another domain is named, not tried).
// Parsed by lengths, never by padding: writers pad differently (§6).

import { cbc, cmac } from '@noble/ciphers/aes.js';
import { concatBytes, equalBytes } from '../../yubihsm/protocol/bytes';
import { KCV_LENGTH } from './constants';
import { checkValueHex, dkekCheckValueBytes, dkekEncryptionKey, dkekMacKey } from './dkek-keys';

export const WrappedKeyType = { RSA: 5, RSA_CRT: 6, EC: 12, AES: 15 } as const;
export type WrappedKeyTypeCode = (typeof WrappedKeyType)[keyof typeof WrappedKeyType];

/** Default algorithm OIDs a blob names (§6). */
export const KeyAlgorithmOid = {
  RSA_V15_SHA256: Uint8Array.from(Buffer.from('04007f00070202020102', 'hex')),
  ECDSA_SHA256: Uint8Array.from(Buffer.from('04007f00070202020203', 'hex')),
  AES: Uint8Array.from(Buffer.from('6086480165030401', 'hex')),
} as const;

/** How many length-prefixed fields the plaintext holds for each key type (§6). */
const FIELD_COUNT: Record<WrappedKeyTypeCode, number> = { 5: 3, 6: 7, 12: 7, 15: 1 };
const TYPE_NAMES: Record<WrappedKeyTypeCode, string> = {
  5: 'RSA',
  6: 'RSA (CRT)',
  12: 'EC',
  15: 'AES',
};

const MAC_LENGTH = 16;
const BLOCK = 16;
const RANDOM_PREFIX = 8;

export class WrappedKeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrappedKeyFormatError';
  }
}

export interface WrappedKeyHeader {
  kcv: Uint8Array;
  keyType: WrappedKeyTypeCode;
  algorithmOid: Uint8Array;
  allowedAlgorithms: Uint8Array;
  accessConditions: Uint8Array;
  keyOid: Uint8Array;
  /** Offset of the encrypted key (the end of the header). */
  encryptedOffset: number;
}

export interface WrappedKeyContent {
  keyType: WrappedKeyTypeCode;
  algorithmOid: Uint8Array;
  allowedAlgorithms: Uint8Array;
  accessConditions?: Uint8Array;
  keyOid?: Uint8Array;
  /** Bits for RSA and EC, bytes for AES (§6). */
  keySize: number;
  /** The plain fields in the §6 order: RSA d, n, e; EC A, B, P, N, G, d, Q; AES key. */
  fields: Uint8Array[];
}

export function keyTypeName(code: number): string {
  return TYPE_NAMES[code as WrappedKeyTypeCode] ?? `unknown type ${code}`;
}

function u16(value: number): Uint8Array {
  return Uint8Array.of(value >> 8, value & 0xff);
}

function lengthPrefixed(value: Uint8Array): Uint8Array {
  if (value.length > 0xffff) throw new RangeError('a blob field is at most 65535 bytes');
  return concatBytes(u16(value.length), value);
}

/** ISO/IEC 9797-1 method 2: 0x80 then zeros to a block multiple (a full block if aligned). */
function pad(data: Uint8Array): Uint8Array {
  const out = new Uint8Array((Math.floor(data.length / BLOCK) + 1) * BLOCK);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Builds a blob as a device's WRAP KEY does. `random` is the 8-byte prefix (device RNG). */
export function buildWrappedKey(
  dkek: Uint8Array,
  content: WrappedKeyContent,
  random: Uint8Array,
): Uint8Array {
  if (random.length !== RANDOM_PREFIX) throw new RangeError('the random prefix is 8 bytes');
  if (content.fields.length !== FIELD_COUNT[content.keyType])
    throw new RangeError(
      `a ${keyTypeName(content.keyType)} key has ${FIELD_COUNT[content.keyType]} fields`,
    );
  const header = concatBytes(
    dkekCheckValueBytes(dkek),
    Uint8Array.of(content.keyType),
    lengthPrefixed(content.algorithmOid),
    lengthPrefixed(content.allowedAlgorithms),
    lengthPrefixed(content.accessConditions ?? new Uint8Array(0)),
    lengthPrefixed(content.keyOid ?? new Uint8Array(0)),
  );
  const plain = pad(
    concatBytes(random, u16(content.keySize), ...content.fields.map(lengthPrefixed)),
  );
  const kenc = dkekEncryptionKey(dkek);
  const kmac = dkekMacKey(dkek);
  try {
    const encrypted = cbc(kenc, new Uint8Array(BLOCK), { disablePadding: true }).encrypt(plain);
    const body = concatBytes(header, encrypted);
    return concatBytes(body, cmac(body, kmac));
  } finally {
    plain.fill(0);
    kenc.fill(0);
    kmac.fill(0);
  }
}

/** Reads and checks the clear header (§6 "header validation without the DKEK"). */
export function parseWrappedKeyHeader(blob: Uint8Array): WrappedKeyHeader {
  const bad = (why: string) =>
    new WrappedKeyFormatError(`this is not a SmartCard-HSM wrapped key: ${why}`);
  if (blob.length < KCV_LENGTH + 1 + 8 + BLOCK + MAC_LENGTH) throw bad('it is too short');
  const keyType = blob[KCV_LENGTH]!;
  if (!(keyType in FIELD_COUNT))
    throw bad(`its key type ${keyType} is none of RSA (5), RSA-CRT (6), EC (12) or AES (15)`);
  let offset = KCV_LENGTH + 1;
  const field = (name: string) => {
    if (offset + 2 > blob.length) throw bad(`it ends inside the ${name} field`);
    const length = (blob[offset]! << 8) | blob[offset + 1]!;
    if (offset + 2 + length > blob.length) throw bad(`its ${name} field runs past the end`);
    const value = blob.slice(offset + 2, offset + 2 + length);
    offset += 2 + length;
    return value;
  };
  const algorithmOid = field('algorithm');
  const allowedAlgorithms = field('allowed algorithms');
  const accessConditions = field('access conditions');
  const keyOid = field('key OID');
  const rest = blob.length - offset - MAC_LENGTH;
  if (rest <= 0 || rest % BLOCK !== 0)
    throw bad('the encrypted key is not a whole number of AES blocks');
  return {
    kcv: blob.slice(0, KCV_LENGTH),
    keyType: keyType as WrappedKeyTypeCode,
    algorithmOid,
    allowedAlgorithms,
    accessConditions,
    keyOid,
    encryptedOffset: offset,
  };
}

/**
 * Names a blob from another DKEK domain before anything is sent to the device: undefined when
 * the blob's KCV is the device's, a sentence otherwise.
 */
export function domainMismatch(
  header: WrappedKeyHeader,
  deviceKcv: Uint8Array,
): string | undefined {
  if (equalBytes(header.kcv, deviceKcv)) return undefined;
  return `this wrapped key was made under the DKEK with check value ${checkValueHex(header.kcv)}, but the device's DKEK has check value ${checkValueHex(deviceKcv)}: it belongs to another security domain, so the device would refuse it. Use a key file from this domain, or a device initialised with the same DKEK shares.`;
}

/** Checks KCV and CMAC with the DKEK, then decrypts and reads the fields by their lengths. */
export function openWrappedKey(blob: Uint8Array, dkek: Uint8Array): WrappedKeyContent {
  const header = parseWrappedKeyHeader(blob);
  const mismatch = domainMismatch(header, dkekCheckValueBytes(dkek));
  if (mismatch) throw new WrappedKeyFormatError(mismatch);
  const kmac = dkekMacKey(dkek);
  const kenc = dkekEncryptionKey(dkek);
  const macOffset = blob.length - MAC_LENGTH;
  try {
    const mac = cmac(blob.subarray(0, macOffset), kmac);
    if (!equalBytes(mac, blob.subarray(macOffset)))
      throw new WrappedKeyFormatError(
        'the wrapped key fails its integrity check (CMAC): the file was altered or damaged',
      );
    const plain = cbc(kenc, new Uint8Array(BLOCK), { disablePadding: true }).decrypt(
      blob.subarray(header.encryptedOffset, macOffset),
    );
    try {
      return readPlainKey(header, plain);
    } finally {
      plain.fill(0);
    }
  } finally {
    kmac.fill(0);
    kenc.fill(0);
  }
}

function readPlainKey(header: WrappedKeyHeader, plain: Uint8Array): WrappedKeyContent {
  const bad = () =>
    new WrappedKeyFormatError(
      'the wrapped key decrypts to malformed key fields: it was made by an incompatible tool or is damaged',
    );
  let offset = RANDOM_PREFIX;
  if (offset + 2 > plain.length) throw bad();
  const keySize = (plain[offset]! << 8) | plain[offset + 1]!;
  offset += 2;
  const fields: Uint8Array[] = [];
  for (let i = 0; i < FIELD_COUNT[header.keyType]; i++) {
    if (offset + 2 > plain.length) throw bad();
    const length = (plain[offset]! << 8) | plain[offset + 1]!;
    if (offset + 2 + length > plain.length) throw bad();
    fields.push(plain.slice(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  return {
    keyType: header.keyType,
    algorithmOid: header.algorithmOid,
    allowedAlgorithms: header.allowedAlgorithms,
    accessConditions: header.accessConditions,
    keyOid: header.keyOid,
    keySize,
    fields,
  };
}
