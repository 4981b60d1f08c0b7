// Proving a restored signing key is the primary's key: the clone signs a fresh random challenge
// and node:crypto checks the signature with the public key recorded from the primary. A clone
// that holds any other key cannot pass, whatever its object info says.

import { constants, createHash, randomBytes, verify } from 'node:crypto';
import type { SignatureCheck } from '../../../shared/records/ceremony-record';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { YubiHsmDeviceError } from '../../hsm/yubihsm/protocol/device-errors';
import { ecdsaHash, isEcAlgorithm, isRsaAlgorithm, publicKeyObject } from './public-keys';

/** The object as the clone reports it: which signing capabilities it has decides the mechanism. */
export interface SigningKey {
  id: number;
  algorithm: string;
  capabilityNames: readonly string[];
}

const PSS_SALT_LENGTH = 32;

/** Can this key sign at all (an asymmetric key with a sign-* capability)? */
export function canSign(key: SigningKey): boolean {
  return mechanismFor(key) !== undefined;
}

type Mechanism = 'eddsa' | 'ecdsa' | 'pkcs1' | 'pss';

function mechanismFor(key: SigningKey): Mechanism | undefined {
  const has = (name: string) => key.capabilityNames.includes(name);
  if (key.algorithm === 'ed25519' && has('sign-eddsa')) return 'eddsa';
  if (isEcAlgorithm(key.algorithm) && has('sign-ecdsa')) return 'ecdsa';
  if (isRsaAlgorithm(key.algorithm) && has('sign-pkcs')) return 'pkcs1';
  if (isRsaAlgorithm(key.algorithm) && has('sign-pss')) return 'pss';
  return undefined;
}

/**
 * Signs a 32-byte random challenge with `key` on the clone and verifies it with the primary's
 * public key (hex, as recorded). Never throws for a device refusal: that is a failed check.
 */
export async function proveSigningKey(
  session: YubiHsmSession,
  key: SigningKey,
  primaryPublicKeyHex: string | undefined,
): Promise<SignatureCheck> {
  const base = { objectId: key.id, algorithm: key.algorithm };
  const mechanism = mechanismFor(key);
  if (!mechanism)
    return {
      ...base,
      status: 'not-checked',
      detail: 'This key has no signing capability, so there is nothing to sign with.',
    };
  if (!primaryPublicKeyHex)
    return {
      ...base,
      status: 'not-checked',
      detail:
        "The primary's public key for this object was not recorded, so a signature cannot be checked against it.",
    };
  let publicKey;
  try {
    publicKey = publicKeyObject(
      key.algorithm,
      Uint8Array.from(Buffer.from(primaryPublicKeyHex, 'hex')),
    );
  } catch {
    return {
      ...base,
      status: 'failed',
      detail: `The recorded public key cannot be read as a ${key.algorithm} key; the record may have been edited by hand.`,
    };
  }
  const challenge = new Uint8Array(randomBytes(32));
  const digestOf = (hash: string) => new Uint8Array(createHash(hash).update(challenge).digest());
  try {
    switch (mechanism) {
      case 'eddsa': {
        const signature = await session.signEddsa(key.id, challenge);
        return judge(
          base,
          verify(null, challenge, publicKey, signature),
          'Ed25519 signature over a 32-byte random challenge',
        );
      }
      case 'ecdsa': {
        const hash = ecdsaHash(key.algorithm);
        const signature = await session.signEcdsa(key.id, digestOf(hash));
        return judge(
          base,
          verify(hash, challenge, publicKey, signature),
          `ECDSA with ${hash.toUpperCase().replace('SHA', 'SHA-')} over a 32-byte random challenge`,
        );
      }
      case 'pkcs1': {
        const signature = await session.signPkcs1(key.id, digestOf('sha256'));
        const ok = verify(
          'sha256',
          challenge,
          { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
          signature,
        );
        return judge(base, ok, 'RSA PKCS#1 v1.5 with SHA-256 over a 32-byte random challenge');
      }
      case 'pss': {
        const signature = await session.signPss(
          key.id,
          Algorithm.Mgf1Sha256,
          PSS_SALT_LENGTH,
          digestOf('sha256'),
        );
        const ok = verify(
          'sha256',
          challenge,
          { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: PSS_SALT_LENGTH },
          signature,
        );
        return judge(
          base,
          ok,
          'RSA-PSS with SHA-256 (MGF1-SHA-256, 32-byte salt) over a 32-byte random challenge',
        );
      }
    }
  } catch (error) {
    if (error instanceof YubiHsmDeviceError) {
      return { ...base, status: 'failed', detail: `The clone refused to sign: ${error.sentence}.` };
    }
    throw error;
  }
}

function judge(
  base: { objectId: number; algorithm: string },
  ok: boolean,
  how: string,
): SignatureCheck {
  return ok
    ? { ...base, status: 'verified', detail: `${how}, checked with the primary's public key.` }
    : {
        ...base,
        status: 'failed',
        detail: `${how}: the signature does not verify with the primary's public key, so the clone holds a different key.`,
      };
}
