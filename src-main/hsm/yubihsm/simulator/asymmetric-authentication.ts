// Asymmetric authentication (spec §3.7, fw >= 2.3): CREATE SESSION with the host's ephemeral
// P-256 key. The device answers with its own ephemeral key and a receipt; both sides derive
// k0 || S-ENC || S-MAC || S-RMAC with the ANSI X9.63 KDF (SHA-256) from
// ECDH(ephemerals) || ECDH(device static key, authentication key), shared info 3c 88 10. The
// receipt is AES-CMAC(k0, device ephemeral || host ephemeral), and it starts the MAC chain of
// a session that is authenticated at once (no AUTHENTICATE SESSION).

import { wipeSessionKeys } from '../crypto/scp03';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { aesCmac } from '../crypto/aes';
import { Algorithm } from '../protocol/algorithms';
import { concatBytes } from '../protocol/bytes';
import { refuse } from './device-failure';
import { generateEcBody } from './ec-keys';
import type { DeviceSession, SessionRights, SessionTable } from './sessions';

export const EPHEMERAL_KEY_LENGTH = 65;
export const P256_PUBLIC_LENGTH = 64;
const SHARED_INFO = Uint8Array.of(0x3c, 0x88, 0x10);

/** ANSI X9.63 KDF with SHA-256: SHA-256(Z || counter (4, from 1) || shared info) blocks. */
export function x963Kdf(secret: Uint8Array, sharedInfo: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 1, filled = 0; filled < length; counter++) {
    const block = sha256(
      concatBytes(secret, Uint8Array.of(0, 0, counter >> 8, counter & 0xff), sharedInfo),
    );
    out.set(block.subarray(0, Math.min(32, length - filled)), filled);
    filled += 32;
  }
  return out;
}

/** A P-256 public key X || Y that is a point on the curve, else INVALID_DATA. */
export function checkP256PublicKey(xy: Uint8Array): void {
  if (xy.length !== P256_PUBLIC_LENGTH) refuse.invalidData();
  try {
    p256.Point.fromBytes(concatBytes(Uint8Array.of(0x04), xy)).assertValidity();
  } catch {
    refuse.invalidData();
  }
}

function sharedX(privateScalar: Uint8Array, publicPoint: Uint8Array): Uint8Array {
  try {
    return p256.getSharedSecret(privateScalar, publicPoint, false).slice(1, 33);
  } catch {
    return refuse.invalidData();
  }
}

export interface AsymmetricGreeting {
  session: DeviceSession;
  /** S || device ephemeral key (65) || receipt (16). */
  response: Uint8Array;
}

export function greetAsymmetric(
  table: SessionTable,
  rights: SessionRights,
  deviceKey: Uint8Array,
  authenticationPublicKey: Uint8Array,
  hostEphemeral: Uint8Array,
  randomBytes: (count: number) => Uint8Array,
): AsymmetricGreeting | undefined {
  if (hostEphemeral.length !== EPHEMERAL_KEY_LENGTH || hostEphemeral[0] !== 0x04)
    refuse.invalidData();
  const ephemeral = generateEcBody(Algorithm.EcP256, randomBytes);
  const deviceEphemeral = concatBytes(Uint8Array.of(0x04), ephemeral.subarray(32));
  const ephemeralSecret = sharedX(ephemeral.subarray(0, 32), hostEphemeral);
  ephemeral.fill(0);
  const staticSecret = sharedX(
    deviceKey.subarray(0, 32),
    concatBytes(Uint8Array.of(0x04), authenticationPublicKey),
  );
  const secret = concatBytes(ephemeralSecret, staticSecret);
  const derived = x963Kdf(secret, SHARED_INFO, 64);
  for (const part of [ephemeralSecret, staticSecret, secret]) part.fill(0);
  const receipt = aesCmac(derived.subarray(0, 16), concatBytes(deviceEphemeral, hostEphemeral));
  const keys = {
    encryption: derived.slice(16, 32),
    mac: derived.slice(32, 48),
    responseMac: derived.slice(48, 64),
  };
  derived.fill(0);
  const session = table.open(rights, keys, concatBytes(hostEphemeral, deviceEphemeral));
  if (!session) {
    wipeSessionKeys(keys);
    return undefined;
  }
  session.authenticated = true;
  session.chain = receipt.slice();
  return { session, response: concatBytes(Uint8Array.of(session.id), deviceEphemeral, receipt) };
}
