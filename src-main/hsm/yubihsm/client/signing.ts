// Signing with an asymmetric key on the device (spec §4.3). The device hashes nothing except
// for EdDSA: callers pass the digest.

import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { concatBytes, u16 } from '../protocol/bytes';
import { YubiHsmArgumentError } from '../session/errors';
import type { SessionChannel } from './channel';
import { expectLength } from './responses';
import { checkLength, checkObjectId, checkU16 } from './validation';

/** Hash lengths libyubihsm accepts for ECDSA (SHA-1/224/256/384/512 and P-521's 66). */
const ECDSA_DIGEST_LENGTHS = [20, 28, 32, 48, 64, 66];
/** SHA-1, SHA-256, SHA-384, SHA-512: the device builds the DigestInfo from the length. */
const RSA_DIGEST_LENGTHS = [20, 32, 48, 64];
const RSA_SIGNATURE_LENGTHS = [256, 384, 512];
const MGF1_ALGORITHMS = [32, 33, 34, 35];

function keyId(id: number): Uint8Array {
  return u16(checkObjectId(id, 'the signing key id'));
}

/** Returns the DER-encoded signature SEQUENCE { r INTEGER, s INTEGER }. */
export async function signEcdsa(
  channel: SessionChannel,
  id: number,
  digest: Uint8Array,
): Promise<Uint8Array> {
  const request = concatBytes(
    keyId(id),
    checkLength(digest, ECDSA_DIGEST_LENGTHS, 'an ECDSA digest'),
  );
  const signature = await channel.send(Command.SignEcdsa, request);
  if (!isDerEcdsaSignature(signature)) {
    throw new YubiHsmProtocolError(
      Command.SignEcdsa,
      `the ${signature.length}-byte signature is not a DER SEQUENCE of two INTEGERs`,
    );
  }
  return signature;
}

/** Ed25519 over the raw message; the signature is 64 bytes. */
export async function signEddsa(
  channel: SessionChannel,
  id: number,
  message: Uint8Array,
): Promise<Uint8Array> {
  if (!(message instanceof Uint8Array))
    throw new YubiHsmArgumentError('the message to sign must be bytes');
  return expectLength(
    Command.SignEddsa,
    await channel.send(Command.SignEddsa, concatBytes(keyId(id), message)),
    64,
  );
}

export async function signPkcs1(
  channel: SessionChannel,
  id: number,
  digest: Uint8Array,
): Promise<Uint8Array> {
  const request = concatBytes(
    keyId(id),
    checkLength(digest, RSA_DIGEST_LENGTHS, 'an RSA PKCS#1 digest'),
  );
  return expectRsaSignature(Command.SignPkcs1, await channel.send(Command.SignPkcs1, request));
}

export async function signPss(
  channel: SessionChannel,
  id: number,
  mgf1Algorithm: number,
  saltLength: number,
  digest: Uint8Array,
): Promise<Uint8Array> {
  if (!MGF1_ALGORITHMS.includes(mgf1Algorithm)) {
    throw new YubiHsmArgumentError(
      `MGF1 algorithm ${String(mgf1Algorithm)} is not one of mgf1-sha1/256/384/512 (32..35)`,
    );
  }
  const request = concatBytes(
    keyId(id),
    Uint8Array.of(mgf1Algorithm),
    u16(checkU16(saltLength, 'the PSS salt length')),
    checkLength(digest, RSA_DIGEST_LENGTHS, 'an RSA-PSS digest'),
  );
  return expectRsaSignature(Command.SignPss, await channel.send(Command.SignPss, request));
}

function expectRsaSignature(command: number, signature: Uint8Array): Uint8Array {
  if (!RSA_SIGNATURE_LENGTHS.includes(signature.length)) {
    throw new YubiHsmProtocolError(
      command,
      `a ${signature.length}-byte signature does not match an RSA-2048/3072/4096 modulus`,
    );
  }
  return signature;
}

/** SEQUENCE (short or one-byte long form) of two positive INTEGERs, nothing after. */
export function isDerEcdsaSignature(der: Uint8Array): boolean {
  if (der.length < 8 || der[0] !== 0x30) return false;
  let offset = 2;
  let length = der[1]!;
  if (length === 0x81) {
    length = der[2]!;
    offset = 3;
  } else if (length > 0x7f) {
    return false;
  }
  if (offset + length !== der.length) return false;
  for (let i = 0; i < 2; i++) {
    if (der[offset] !== 0x02) return false;
    const intLength = der[offset + 1];
    if (intLength === undefined || intLength === 0 || intLength > 0x7f) return false;
    offset += 2 + intLength;
    if (offset > der.length) return false;
  }
  return offset === der.length;
}
