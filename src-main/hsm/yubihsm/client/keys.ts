// Creating keys (spec §4.3): wrap keys, authentication keys, asymmetric keys, and reading a
// public key back. Request buffers that hold key bytes are zeroized once sent.

import { Algorithm, WRAP_KEY_LENGTHS } from '../protocol/algorithms';
import { capabilitiesToBytes } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { concatBytes, u16 } from '../protocol/bytes';
import type { SessionChannel } from './channel';
import { withAuthenticationKeys, type Credential } from './credential';
import { objectPrefix, type NewObject } from './object-prefix';
import { expectObjectId } from './responses';
import { checkAlgorithm, checkCapabilities, checkLength, checkObjectId } from './validation';

/** RSA private wrap keys (fw >= 2.4) are given as p || q, each half the modulus (spec §4.3). */
const RSA_WRAP_KEY_LENGTHS: ReadonlyMap<number, number> = new Map([
  [Algorithm.Rsa2048, 256],
  [Algorithm.Rsa3072, 384],
  [Algorithm.Rsa4096, 512],
]);
const WRAP_ALGORITHMS = [...WRAP_KEY_LENGTHS.keys(), ...RSA_WRAP_KEY_LENGTHS.keys()];

export interface NewWrapKey extends NewObject {
  /** What objects imported under this key may be given (spec §5.3). */
  delegatedCapabilities: bigint;
  /** aes128/192/256-ccm-wrap (29/41/42), or RSA 9..11 on fw >= 2.4. */
  algorithm: number;
}

async function sendAndZeroize(
  channel: SessionChannel,
  command: number,
  request: Uint8Array,
): Promise<Uint8Array> {
  try {
    return await channel.send(command, request);
  } finally {
    request.fill(0);
  }
}

export async function putWrapKey(
  channel: SessionChannel,
  wrapKey: NewWrapKey & { key: Uint8Array },
): Promise<number> {
  const prefix = objectPrefix(wrapKey, wrapKey.algorithm, WRAP_ALGORITHMS, 'a wrap key');
  const length =
    WRAP_KEY_LENGTHS.get(wrapKey.algorithm) ?? RSA_WRAP_KEY_LENGTHS.get(wrapKey.algorithm)!;
  checkLength(wrapKey.key, [length], `a ${algorithmLabel(wrapKey.algorithm)} wrap key`);
  const delegated = capabilitiesToBytes(
    checkCapabilities(wrapKey.delegatedCapabilities, 'delegated capabilities'),
  );
  const request = concatBytes(prefix, delegated, wrapKey.key);
  return expectObjectId(
    Command.PutWrapKey,
    await sendAndZeroize(channel, Command.PutWrapKey, request),
    wrapKey.id,
  );
}

export async function generateWrapKey(
  channel: SessionChannel,
  wrapKey: NewWrapKey,
): Promise<number> {
  const prefix = objectPrefix(wrapKey, wrapKey.algorithm, WRAP_ALGORITHMS, 'a wrap key');
  const delegated = capabilitiesToBytes(
    checkCapabilities(wrapKey.delegatedCapabilities, 'delegated capabilities'),
  );
  return expectObjectId(
    Command.GenerateWrapKey,
    await channel.send(Command.GenerateWrapKey, concatBytes(prefix, delegated)),
    wrapKey.id,
  );
}

export interface NewAuthenticationKey extends NewObject {
  delegatedCapabilities: bigint;
  credential: Credential;
}

/** A symmetric authentication key (aes128-yubico-authentication, 38): K-ENC || K-MAC. */
export async function putAuthenticationKey(
  channel: SessionChannel,
  authKey: NewAuthenticationKey,
): Promise<number> {
  const prefix = objectPrefix(authKey, Algorithm.Aes128YubicoAuthentication);
  const delegated = capabilitiesToBytes(
    checkCapabilities(authKey.delegatedCapabilities, 'delegated capabilities'),
  );
  const payload = await withAuthenticationKeys(authKey.credential, (keys) =>
    sendAndZeroize(
      channel,
      Command.PutAuthenticationKey,
      concatBytes(prefix, delegated, keys.encryptionKey, keys.macKey),
    ),
  );
  return expectObjectId(Command.PutAuthenticationKey, payload, authKey.id);
}

/** Replaces the secret of the session's own authentication key (fw >= 2.1; other ids -> INVALID_ID). */
export async function changeAuthenticationKey(
  channel: SessionChannel,
  credential: Credential,
): Promise<number> {
  const id = channel.authKeyId;
  const payload = await withAuthenticationKeys(credential, (keys) =>
    sendAndZeroize(
      channel,
      Command.ChangeAuthenticationKey,
      concatBytes(
        u16(id),
        Uint8Array.of(Algorithm.Aes128YubicoAuthentication),
        keys.encryptionKey,
        keys.macKey,
      ),
    ),
  );
  return expectObjectId(Command.ChangeAuthenticationKey, payload, id);
}

export interface NewAsymmetricKey extends NewObject {
  /** Any algorithm code passes through, e.g. ecp256 (12), ed25519 (46), rsa2048 (9). */
  algorithm: number;
}

export async function generateAsymmetricKey(
  channel: SessionChannel,
  key: NewAsymmetricKey,
): Promise<number> {
  const prefix = objectPrefix(key, checkAlgorithm(key.algorithm));
  return expectObjectId(
    Command.GenerateAsymmetricKey,
    await channel.send(Command.GenerateAsymmetricKey, prefix),
    key.id,
  );
}

export interface PublicKey {
  algorithm: number;
  /** RSA: modulus n; EC: X || Y without the 0x04 prefix; Ed25519: 32 bytes (spec §4.3). */
  key: Uint8Array;
}

export async function getPublicKey(channel: SessionChannel, id: number): Promise<PublicKey> {
  const payload = await channel.send(
    Command.GetPublicKey,
    u16(checkObjectId(id, 'the asymmetric key id')),
  );
  if (payload.length < 2) {
    throw new YubiHsmProtocolError(
      Command.GetPublicKey,
      `expected an algorithm and a key, got ${payload.length} bytes`,
    );
  }
  return { algorithm: payload[0]!, key: payload.slice(1) };
}

function algorithmLabel(algorithm: number): string {
  return WRAP_KEY_LENGTHS.has(algorithm)
    ? `${WRAP_KEY_LENGTHS.get(algorithm)! * 8}-bit AES`
    : `${RSA_WRAP_KEY_LENGTHS.get(algorithm)! * 16}-bit RSA (p || q)`;
}
