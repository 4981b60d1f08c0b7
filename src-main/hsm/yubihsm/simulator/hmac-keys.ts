// HMAC keys in the device's internal form (spec §6.3): the key zero-padded to the hash's block
// size, once XOR 0x36 (inner pad) and once XOR 0x5c (outer pad). HMAC runs straight from them.

import { createHash } from 'node:crypto';
import { Algorithm } from '../protocol/algorithms';
import { concatBytes } from '../protocol/bytes';
import { refuse } from './device-failure';

interface HmacSpec {
  hash: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  block: number;
  output: number;
}

const HMAC_SPECS: ReadonlyMap<number, HmacSpec> = new Map([
  [Algorithm.HmacSha1, { hash: 'sha1', block: 64, output: 20 }],
  [Algorithm.HmacSha256, { hash: 'sha256', block: 64, output: 32 }],
  [Algorithm.HmacSha384, { hash: 'sha384', block: 128, output: 48 }],
  [Algorithm.HmacSha512, { hash: 'sha512', block: 128, output: 64 }],
]);

export const HMAC_ALGORITHMS: readonly number[] = [...HMAC_SPECS.keys()];

function spec(algorithm: number): HmacSpec {
  return HMAC_SPECS.get(algorithm) ?? refuse.invalidData();
}

export function hmacOutputLength(algorithm: number): number {
  return spec(algorithm).output;
}

/** PUT HMAC KEY (spec §4.3): 1..block-size key bytes. */
export function hmacBodyFromKey(algorithm: number, key: Uint8Array): Uint8Array {
  const { block } = spec(algorithm);
  if (key.length === 0 || key.length > block) refuse.invalidData();
  const inner = new Uint8Array(block);
  inner.set(key);
  const outer = inner.slice();
  for (let i = 0; i < block; i++) {
    inner[i]! ^= 0x36;
    outer[i]! ^= 0x5c;
  }
  const body = concatBytes(inner, outer);
  inner.fill(0);
  outer.fill(0);
  return body;
}

/** GENERATE HMAC KEY: a key as long as the hash output, from the device's random source. */
export function generateHmacBody(
  algorithm: number,
  randomBytes: (count: number) => Uint8Array,
): Uint8Array {
  const key = randomBytes(spec(algorithm).output);
  const body = hmacBodyFromKey(algorithm, key);
  key.fill(0);
  return body;
}

export function checkHmacBody(algorithm: number, body: Uint8Array): void {
  if (body.length !== 2 * spec(algorithm).block) refuse.invalidData();
}

/** HMAC = H(K ^ opad || H(K ^ ipad || data)). */
export function signHmac(algorithm: number, body: Uint8Array, data: Uint8Array): Uint8Array {
  const { hash, block } = spec(algorithm);
  const inner = createHash(hash).update(body.subarray(0, block)).update(data).digest();
  return new Uint8Array(createHash(hash).update(body.subarray(block)).update(inner).digest());
}
