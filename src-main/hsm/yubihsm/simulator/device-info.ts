// GET DEVICE INFO (spec §4.3, §10.1): version, serial, log capacity and use, and the algorithms
// the device supports; on firmware >= 2.4 page 1 is the part number string.

import { Algorithm } from '../protocol/algorithms';
import { ASYMMETRIC_ALGORITHMS } from './asymmetric-keys';
import { concatBytes, u32 } from '../protocol/bytes';
import { refuse } from './device-failure';
import { HMAC_ALGORITHMS } from './hmac-keys';
import { OTP_ALGORITHMS } from './otp-aead';
import { LOG_CAPACITY } from './audit-log';
import type { DeviceIdentity } from './commands/context';
import { PART_NUMBER_PAGE, SIMULATOR_PART_NUMBER } from '../protocol/part-number';

export { SIMULATOR_PART_NUMBER };

/**
 * Only what this simulator really implements, so a client that reads the list (python's
 * get_supported_algorithms) never picks an algorithm the simulator would refuse.
 */
export const SUPPORTED_ALGORITHMS: readonly number[] = [
  Algorithm.RsaPkcs1Sha1,
  Algorithm.RsaPkcs1Sha256,
  Algorithm.RsaPkcs1Sha384,
  Algorithm.RsaPkcs1Sha512,
  Algorithm.RsaPssSha1,
  Algorithm.RsaPssSha256,
  Algorithm.RsaPssSha384,
  Algorithm.RsaPssSha512,
  ...ASYMMETRIC_ALGORITHMS,
  ...HMAC_ALGORITHMS,
  Algorithm.EcdsaSha1,
  Algorithm.Ecdh,
  Algorithm.RsaOaepSha1,
  Algorithm.RsaOaepSha256,
  Algorithm.RsaOaepSha384,
  Algorithm.RsaOaepSha512,
  Algorithm.RsaPkcs1Decrypt,
  Algorithm.Aes128CcmWrap,
  Algorithm.OpaqueData,
  Algorithm.OpaqueX509Certificate,
  Algorithm.Mgf1Sha1,
  Algorithm.Mgf1Sha256,
  Algorithm.Mgf1Sha384,
  Algorithm.Mgf1Sha512,
  Algorithm.Aes128YubicoAuthentication,
  Algorithm.Aes192CcmWrap,
  Algorithm.Aes256CcmWrap,
  Algorithm.EcdsaSha256,
  Algorithm.EcdsaSha384,
  Algorithm.EcdsaSha512,
  Algorithm.Aes128,
  Algorithm.Aes192,
  Algorithm.Aes256,
  Algorithm.AesEcb,
  Algorithm.AesCbc,
  ...OTP_ALGORITHMS,
  Algorithm.EcP256YubicoAuthentication,
].sort((a, b) => a - b);

export function deviceInfo(
  identity: DeviceIdentity,
  logUsed: number,
  payload: Uint8Array,
): Uint8Array {
  if (payload.length === 0) {
    return concatBytes(
      Uint8Array.from(identity.version),
      u32(identity.serial),
      Uint8Array.of(LOG_CAPACITY, logUsed),
      Uint8Array.from(SUPPORTED_ALGORITHMS),
    );
  }
  if (payload.length === 1 && payload[0] === PART_NUMBER_PAGE)
    return new TextEncoder().encode(SIMULATOR_PART_NUMBER);
  return refuse.invalidData();
}
