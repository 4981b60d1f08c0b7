// The device's own evidence about its keys (issue 12 §7): for every asymmetric key the device
// generated, SIGN ATTESTATION CERTIFICATE with the factory attestation key (id 0), checked with
// node:crypto against the device's attestation certificate (GET OPAQUE 0) and against the key's
// own public key. A device or a session that cannot attest is said, not failed: attestation is
// evidence on top of the comparison and the signature proofs.
//
// What is not checked here: that the device's certificate chains to Yubico's CA (Custos holds no
// Yubico root); the report gives its issuer and digest so a witness can check it.

import { X509Certificate, createHash } from 'node:crypto';
import type {
  AttestationRecord,
  AttestedKey,
  ObjectRecord,
} from '../../../shared/records/ceremony-record';
import { FACTORY_ATTESTATION_ID } from '../../hsm/yubihsm/client/attestation';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { YubiHsmDeviceError } from '../../hsm/yubihsm/protocol/device-errors';
import { hexId } from '../common/objects';
import { publicKeyObject } from '../common/public-keys';

/** Keys the device made itself: origin "generated", also after an import under wrap (§5.5). */
export function generatedOnDevice(object: Pick<ObjectRecord, 'type' | 'origin'>): boolean {
  return object.type === 'asymmetric-key' && object.origin.split(':').includes('generated');
}

export async function attestGeneratedKeys(
  session: YubiHsmSession,
  objects: readonly ObjectRecord[],
  authKeyId: number,
): Promise<AttestationRecord> {
  const generated = objects.filter(generatedOnDevice);
  if (generated.length === 0)
    return {
      available: false,
      reason: 'No key on this device was generated on a device, so there is nothing to attest.',
      keys: [],
    };
  let deviceCertificate: X509Certificate;
  try {
    deviceCertificate = new X509Certificate(
      Buffer.from(await session.getDeviceAttestationCertificate()),
    );
  } catch (error) {
    return unavailable(
      error,
      authKeyId,
      'get-opaque',
      'its attestation certificate (GET OPAQUE 0)',
    );
  }
  const device = {
    subject: deviceCertificate.subject,
    issuer: deviceCertificate.issuer,
    sha256: createHash('sha256').update(deviceCertificate.raw).digest('hex'),
    selfSigned: deviceCertificate.checkIssued(deviceCertificate),
  };
  const keys: AttestedKey[] = [];
  for (const key of generated) {
    let der: Uint8Array;
    try {
      der = await session.signAttestationCertificate(key.id, FACTORY_ATTESTATION_ID);
    } catch (error) {
      if (keys.length === 0 && isUnavailable(error))
        return {
          ...unavailable(
            error,
            authKeyId,
            'sign-attestation-certificate',
            'attestation certificates',
          ),
          deviceCertificate: device,
        };
      keys.push(failed(key, `The device refused to attest it: ${describe(error)}.`));
      continue;
    }
    keys.push(checkCertificate(key, der, deviceCertificate));
  }
  return { available: true, deviceCertificate: device, keys };
}

function checkCertificate(
  key: ObjectRecord,
  der: Uint8Array,
  deviceCertificate: X509Certificate,
): AttestedKey {
  const certificate = Buffer.from(der).toString('base64');
  let attestation: X509Certificate;
  try {
    attestation = new X509Certificate(Buffer.from(der));
  } catch {
    return {
      ...failed(key, 'The device answered with something that is not an X.509 certificate.'),
      certificate,
    };
  }
  if (!attestation.verify(deviceCertificate.publicKey))
    return {
      ...failed(
        key,
        "The certificate's signature does not verify under the device's attestation certificate.",
      ),
      certificate,
    };
  if (!key.publicKey)
    return {
      ...failed(
        key,
        "The key's public key was not read, so the certificate cannot be matched to it.",
      ),
      certificate,
    };
  let expected;
  try {
    expected = publicKeyObject(key.algorithm, Buffer.from(key.publicKey, 'hex'));
  } catch {
    return {
      ...failed(
        key,
        "The key's public key as read is not a valid key, so the certificate cannot be matched to it.",
      ),
      certificate,
    };
  }
  if (!attestation.publicKey.equals(expected))
    return {
      ...failed(key, 'The certificate is for another public key than this key has.'),
      certificate,
    };
  return {
    objectId: key.id,
    algorithm: key.algorithm,
    status: 'attested',
    detail: `Certificate "${attestation.subject.replace(/\n/g, ', ')}" signed by the device's attestation key, for this key's public key.`,
    certificate,
  };
}

function failed(key: ObjectRecord, detail: string): AttestedKey {
  return { objectId: key.id, algorithm: key.algorithm, status: 'failed', detail };
}

/** The device does not know the command, or the session's key may not use it. */
function isUnavailable(error: unknown): boolean {
  return (
    error instanceof YubiHsmDeviceError &&
    (error.is('INVALID_COMMAND') || error.is('INSUFFICIENT_PERMISSIONS'))
  );
}

function unavailable(
  error: unknown,
  authKeyId: number,
  capability: string,
  what: string,
): AttestationRecord {
  if (error instanceof YubiHsmDeviceError && error.is('INSUFFICIENT_PERMISSIONS'))
    return {
      available: false,
      reason: `Attestation was not available: the authentication key ${hexId(authKeyId)} used for the verification lacks the ${capability} capability, so the device would not give ${what}. Verify with a key that has get-opaque and sign-attestation-certificate to add it.`,
      keys: [],
    };
  if (
    error instanceof YubiHsmDeviceError &&
    (error.is('INVALID_COMMAND') || error.is('OBJECT_NOT_FOUND'))
  )
    return {
      available: false,
      reason: `Attestation was not available: this device does not give ${what} (${error.errorName}).`,
      keys: [],
    };
  return {
    available: false,
    reason: `Attestation was not available: ${describe(error)}.`,
    keys: [],
  };
}

function describe(error: unknown): string {
  if (error instanceof YubiHsmDeviceError) return `${error.errorName}: ${error.sentence}`;
  return error instanceof Error ? error.message : String(error);
}
