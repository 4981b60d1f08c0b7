// Which (type, algorithm, body) combinations the simulated device accepts from IMPORT WRAPPED
// (spec §5.1, §5.2, §6.3): a blob that decrypts but describes an impossible object is refused
// as INVALID_DATA before anything is stored.

import { Algorithm, WRAP_KEY_LENGTHS } from '../protocol/algorithms';
import { ObjectType } from '../protocol/object-types';
import { checkP256PublicKey } from './asymmetric-authentication';
import { checkAsymmetricBody } from './asymmetric-keys';
import { refuse } from './device-failure';
import { checkHmacBody } from './hmac-keys';
import type { HsmObject } from './hsm-object';
import { checkOtpAeadKeyBody } from './otp-aead';
import { RSA_ALGORITHMS, checkRsaBody, rsaModulusLength } from './rsa-keys';
import { SYMMETRIC_KEY_LENGTHS } from './symmetric-keys';

export function checkImportedObject(object: HsmObject): void {
  if (object.id === 0 || object.id === 0xffff) refuse.invalidId();
  if (object.domains === 0) refuse.invalidData();
  const { algorithm, body } = object;
  switch (object.type) {
    case ObjectType.Opaque:
      if (
        (algorithm !== Algorithm.OpaqueData && algorithm !== Algorithm.OpaqueX509Certificate) ||
        body.length === 0
      )
        refuse.invalidData();
      return;
    case ObjectType.AuthenticationKey:
      if (algorithm === Algorithm.EcP256YubicoAuthentication && body.length === 72)
        return checkP256PublicKey(body.subarray(8));
      if (algorithm !== Algorithm.Aes128YubicoAuthentication || body.length !== 40)
        refuse.invalidData();
      return;
    case ObjectType.WrapKey: {
      if (RSA_ALGORITHMS.includes(algorithm)) return checkRsaBody(algorithm, body.subarray(8));
      const keyLength = WRAP_KEY_LENGTHS.get(algorithm);
      if (keyLength === undefined || body.length !== 8 + keyLength) refuse.invalidData();
      return;
    }
    case ObjectType.AsymmetricKey:
      checkAsymmetricBody(algorithm, body);
      return;
    case ObjectType.HmacKey:
      checkHmacBody(algorithm, body);
      return;
    case ObjectType.PublicWrapKey:
      if (!RSA_ALGORITHMS.includes(algorithm) || body.length !== 8 + rsaModulusLength(algorithm))
        refuse.invalidData();
      return;
    case ObjectType.OtpAeadKey:
      checkOtpAeadKeyBody(algorithm, body);
      return;
    case ObjectType.SymmetricKey:
      if (SYMMETRIC_KEY_LENGTHS.get(algorithm) !== body.length) refuse.invalidData();
      return;
    default:
      refuse.invalidData();
  }
}
