// Test helper: wrapped objects built offline the way yubihsm-wrap builds them (spec
// yubihsm2-protocol.md §6.4): the 59-byte header with sequence 0 and origin "imported" (0x02),
// the §6.3 body, AES-CCM under the raw wrap key with a random 13-byte nonce, written as base64
// and a newline. Written from the spec with the foundation's AES-CCM, independent of the
// simulator's own wrap format, so an interop restore is checked against the layout itself.

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { aesCcmSeal } from '../../../hsm/yubihsm/crypto/aes';
import { deriveAuthenticationKeys } from '../../../hsm/yubihsm/crypto/password-keys';
import { Algorithm } from '../../../hsm/yubihsm/protocol/algorithms';
import { u16 } from '../../../hsm/yubihsm/protocol/bytes';
import { capabilitiesToBytes } from '../../../hsm/yubihsm/protocol/capabilities';

export interface WrapInput {
  id: number;
  type: number;
  algorithm: number;
  label: string;
  domains: number;
  capabilities: bigint;
  body: Uint8Array;
}

const WRAP_ALGORITHM_FOR_KEY: Readonly<Record<number, number>> = {
  16: Algorithm.Aes128CcmWrap,
  24: Algorithm.Aes192CcmWrap,
  32: Algorithm.Aes256CcmWrap,
};

/** nonce || CCM(header || body) || tag, as base64 with a trailing newline (yubihsm-wrap's output). */
export function wrapOffline(wrapKey: Uint8Array, object: WrapInput): string {
  const label = new Uint8Array(40);
  label.set(new TextEncoder().encode(object.label));
  const header = Buffer.concat([
    Uint8Array.of(WRAP_ALGORITHM_FOR_KEY[wrapKey.length]!),
    capabilitiesToBytes(object.capabilities),
    u16(object.id),
    u16(object.body.length),
    u16(object.domains),
    Uint8Array.of(object.type, object.algorithm, 0x00, 0x02),
    label,
  ]);
  const nonce = new Uint8Array(randomBytes(13));
  const sealed = aesCcmSeal(wrapKey, nonce, new Uint8Array(Buffer.concat([header, object.body])));
  return `${Buffer.concat([nonce, sealed]).toString('base64')}\n`;
}

/** An authentication key from a password: delegated (8) || K-ENC (16) || K-MAC (16), PBKDF2 as §3.1. */
export async function authenticationKeyBody(
  password: string,
  delegated: bigint,
): Promise<Uint8Array> {
  const keys = await deriveAuthenticationKeys(password);
  return new Uint8Array(
    Buffer.concat([capabilitiesToBytes(delegated), keys.encryptionKey, keys.macKey]),
  );
}

/** A fresh P-256 key: body d || X || Y (§6.3) and its public key X || Y. */
export function ecP256Key(): { body: Uint8Array; publicKey: Uint8Array } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  const part = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64url');
  const publicKey = new Uint8Array(Buffer.concat([part(jwk.x), part(jwk.y)]));
  return { body: new Uint8Array(Buffer.concat([part(jwk.d), publicKey])), publicKey };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
