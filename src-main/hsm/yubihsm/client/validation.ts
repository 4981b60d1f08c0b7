// Argument checks made before anything is sent, each failing with a sentence that says what
// is wrong (spec §4.2, §5). A device would refuse most of these too, but later and vaguer.

import { algorithmName } from '../protocol/algorithms';
import { isKnownObjectType } from '../protocol/object-types';
import { hex } from '../protocol/bytes';
import { YubiHsmArgumentError } from '../session/errors';

export const LABEL_LENGTH = 40;

/** Object ids 1..0xFFFE (0 and 0xFFFF are reserved, spec §5.1); 0 only where the device picks. */
export function checkObjectId(
  id: number,
  what: string,
  options: { devicePicks?: boolean } = {},
): number {
  if (Number.isInteger(id) && id === 0 && options.devicePicks) return id;
  if (!Number.isInteger(id) || id < 1 || id > 0xfffe) {
    const allowed = options.devicePicks ? '1..0xfffe, or 0 to let the device choose' : '1..0xfffe';
    throw new YubiHsmArgumentError(
      `${what} ${String(id)} is not a valid object id; use ${allowed}`,
    );
  }
  return id;
}

export function checkObjectType(type: number): number {
  if (!Number.isInteger(type) || !isKnownObjectType(type)) {
    throw new YubiHsmArgumentError(
      `object type ${String(type)} is not one of the YubiHSM 2 object types 1..9`,
    );
  }
  return type;
}

export function checkAlgorithm(
  algorithm: number,
  allowed?: readonly number[],
  what = 'this object',
): number {
  if (!Number.isInteger(algorithm) || algorithm < 1 || algorithm > 0xff) {
    throw new YubiHsmArgumentError(
      `algorithm ${String(algorithm)} is not an algorithm code (1..255)`,
    );
  }
  if (allowed && !allowed.includes(algorithm)) {
    throw new YubiHsmArgumentError(
      `${algorithmName(algorithm)} cannot be used for ${what}; use one of ${allowed.map(algorithmName).join(', ')}`,
    );
  }
  return algorithm;
}

/** A new object needs at least one domain, or no session could ever see it (spec §5.4). */
export function checkDomains(domains: number): number {
  if (!Number.isInteger(domains) || domains < 1 || domains > 0xffff) {
    throw new YubiHsmArgumentError(
      `domains ${hex(domains)} is not a mask of domains 1..16 with at least one domain set`,
    );
  }
  return domains;
}

export function checkCapabilities(mask: bigint, what = 'capabilities'): bigint {
  if (typeof mask !== 'bigint' || mask < 0n || mask > 0xffff_ffff_ffff_ffffn) {
    throw new YubiHsmArgumentError(`${what} must be a 64-bit capability mask`);
  }
  return mask;
}

export function checkByte(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new YubiHsmArgumentError(`${what} ${String(value)} must be a whole number from 0 to 255`);
  }
  return value;
}

export function checkU16(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new YubiHsmArgumentError(
      `${what} ${String(value)} must be a whole number from 0 to 65535`,
    );
  }
  return value;
}

export function checkLength(
  bytes: Uint8Array,
  allowed: readonly number[],
  what: string,
): Uint8Array {
  if (!(bytes instanceof Uint8Array) || !allowed.includes(bytes.length)) {
    const got = bytes instanceof Uint8Array ? `${bytes.length} bytes` : 'no bytes';
    throw new YubiHsmArgumentError(
      `${what} must be ${formatLengths(allowed)} bytes long, not ${got}`,
    );
  }
  return bytes;
}

export function checkNonEmpty(bytes: Uint8Array, what: string): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new YubiHsmArgumentError(`${what} is empty; give at least one byte`);
  }
  return bytes;
}

/** A label is 40 bytes on the device, zero padded (spec §4.2); we write UTF-8 and forbid NUL. */
export function encodeLabel(label: string): Uint8Array {
  if (typeof label !== 'string') throw new YubiHsmArgumentError('the label must be text');
  if (label.includes('\0'))
    throw new YubiHsmArgumentError(
      'the label contains a NUL character, which would cut it short on the device',
    );
  const bytes = new TextEncoder().encode(label);
  if (bytes.length > LABEL_LENGTH) {
    throw new YubiHsmArgumentError(
      `the label "${label}" is ${bytes.length} bytes in UTF-8; the device holds at most ${LABEL_LENGTH}`,
    );
  }
  const out = new Uint8Array(LABEL_LENGTH);
  out.set(bytes);
  return out;
}

/** Bytes up to the first NUL, as UTF-8 (labels are not guaranteed UTF-8; bad bytes become U+FFFD). */
export function decodeLabel(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder('utf-8').decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function formatLengths(lengths: readonly number[]): string {
  if (lengths.length === 1) return String(lengths[0]);
  return `${lengths.slice(0, -1).join(', ')} or ${lengths[lengths.length - 1]}`;
}
