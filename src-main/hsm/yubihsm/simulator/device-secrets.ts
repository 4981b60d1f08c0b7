// What a YubiHSM 2 gets at manufacture and keeps through RESET DEVICE: the factory attestation
// key (id 0, spec §4.3 SIGN ATTESTATION CERTIFICATE) and the device's static P-256 key for
// asymmetric authentication (spec §3.7, GET DEVICE PUBLIC KEY). Both are P-256 bodies in the
// internal EC form d || X || Y, drawn from the operating system's random source once per
// simulated device, never from an injected test source.

import { randomBytes } from 'node:crypto';
import { Algorithm } from '../protocol/algorithms';
import { generateEcBody } from './ec-keys';

export interface DeviceSecrets {
  /** P-256 d || X || Y: signs attestation certificates for attesting key id 0. */
  attestationKey: Uint8Array;
  /** P-256 d || X || Y: the device's static key for asymmetric authentication. */
  authenticationKey: Uint8Array;
}

export function newDeviceSecrets(): DeviceSecrets {
  const random = (count: number) => new Uint8Array(randomBytes(count));
  return {
    attestationKey: generateEcBody(Algorithm.EcP256, random),
    authenticationKey: generateEcBody(Algorithm.EcP256, random),
  };
}
