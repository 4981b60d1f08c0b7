// SIGN ATTESTATION CERTIFICATE (spec §4.3): key id (2) || attesting key id (2) -> DER X.509.
// Attesting id 0 is the factory attestation key and certificate; any other id needs an
// asymmetric key with sign-attestation-certificate and an opaque certificate of the same id
// (Yubico's Attestation concept page, DEVICE-NOTES.md). GET OPAQUE 0 reads the factory
// certificate (opaque-commands.ts).

import { Algorithm } from '../../protocol/algorithms';
import { ObjectType } from '../../protocol/object-types';
import {
  attestationCertificate,
  deviceAttestationCertificate,
  templateFromCertificate,
  type Signer,
} from '../attestation';
import { findVisible, requireObjectCapability, requireSessionCapability } from '../authorization';
import { PayloadReader } from '../bytes';
import type { CommandContext, CommandHandler } from './context';

/** The factory attestation certificate, as GET OPAQUE 0 returns it. */
export function factoryCertificate(context: CommandContext): Uint8Array {
  return deviceAttestationCertificate(context.state.device.attestationKey, context.identity);
}

export const signAttestationCertificate: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'sign-attestation-certificate');
  const reader = new PayloadReader(context.payload);
  const keyId = reader.u16();
  const attestingId = reader.u16();
  reader.end();
  context.target = keyId;
  context.second = attestingId;
  const { store } = context.state;
  const attested = findVisible(store, context.rights, ObjectType.AsymmetricKey, keyId);
  let signer: Signer;
  let certificate: Uint8Array;
  if (attestingId === 0) {
    signer = { algorithm: Algorithm.EcP256, body: context.state.device.attestationKey };
    certificate = factoryCertificate(context);
  } else {
    const key = findVisible(store, context.rights, ObjectType.AsymmetricKey, attestingId);
    requireObjectCapability(key, 'sign-attestation-certificate');
    signer = key;
    certificate = findVisible(store, context.rights, ObjectType.Opaque, attestingId).body;
  }
  return attestationCertificate(
    attested,
    signer,
    templateFromCertificate(certificate),
    context.identity,
    context.randomBytes,
  );
};
