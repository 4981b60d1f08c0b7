// SIGN ATTESTATION CERTIFICATE (spec §4.3, 0x64): key id (2) || attesting key id (2) -> a DER
// X.509 certificate for the key's public key, signed by the attesting key (0 = the device's
// factory attestation key, whose certificate GET OPAQUE 0 reads).

import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { concatBytes, u16 } from '../protocol/bytes';
import type { SessionChannel } from './channel';
import { checkObjectId } from './validation';

/** The factory attestation key and its certificate (GET OPAQUE 0). */
export const FACTORY_ATTESTATION_ID = 0;

export async function signAttestationCertificate(
  channel: SessionChannel,
  keyId: number,
  attestingKeyId = FACTORY_ATTESTATION_ID,
): Promise<Uint8Array> {
  const request = concatBytes(
    u16(checkObjectId(keyId, 'the attested key id')),
    u16(attestingKeyId === 0 ? 0 : checkObjectId(attestingKeyId, 'the attesting key id')),
  );
  const certificate = await channel.send(Command.SignAttestationCertificate, request);
  // A DER certificate is a SEQUENCE; anything else is not one.
  if (certificate.length < 2 || certificate[0] !== 0x30)
    throw new YubiHsmProtocolError(
      Command.SignAttestationCertificate,
      'the answer is not a DER certificate',
    );
  return certificate;
}

/** GET OPAQUE 0: the device's attestation certificate (id 0 is not a user object, §4.3). */
export async function getDeviceAttestationCertificate(
  channel: SessionChannel,
): Promise<Uint8Array> {
  return channel.send(Command.GetOpaque, u16(FACTORY_ATTESTATION_ID));
}
