// Something worth backing up in a rehearsal: on a simulated primary only, and only when the
// person asks, the application key generates three signing keys (EC P-256, Ed25519, RSA-2048)
// labelled as rehearsal keys, each exportable under wrap so the back-up, restore and signature
// checks have real keys to work on. The transcript records that they were made and by whom.

import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { Algorithm } from '../../hsm/yubihsm/protocol/algorithms';
import { algorithmName } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilities } from '../../hsm/yubihsm/protocol/capabilities';
import { YubiHsmDeviceError } from '../../hsm/yubihsm/protocol/device-errors';
import { Refusal } from '../../refusal/refusal';
import type { CeremonyFolder } from '../../records/ceremony-folder';

export const REHEARSAL_KEYS = [
  {
    label: 'Rehearsal EC P-256 signing key',
    algorithm: Algorithm.EcP256,
    capabilities: capabilities('sign-ecdsa', 'exportable-under-wrap'),
  },
  {
    label: 'Rehearsal Ed25519 signing key',
    algorithm: Algorithm.Ed25519,
    capabilities: capabilities('sign-eddsa', 'exportable-under-wrap'),
  },
  {
    label: 'Rehearsal RSA-2048 signing key',
    algorithm: Algorithm.Rsa2048,
    capabilities: capabilities('sign-pkcs', 'sign-pss', 'exportable-under-wrap'),
  },
] as const;

export interface GeneratedKey {
  id: number;
  algorithm: string;
  label: string;
}

/** Generates the rehearsal keys in `domains` (the wrap key's); refuses a real device. */
export async function generateRehearsalKeys(
  session: YubiHsmSession,
  simulated: boolean,
  domains: number,
  folder: CeremonyFolder,
): Promise<GeneratedKey[]> {
  if (!simulated) {
    throw new Refusal(
      'conflict',
      'Sample keys are only generated on a simulated primary, for rehearsals; a real primary backs up the keys it already holds.',
    );
  }
  const generated: GeneratedKey[] = [];
  try {
    for (const key of REHEARSAL_KEYS) {
      const id = await session.generateAsymmetricKey({
        id: 0,
        label: key.label,
        domains,
        capabilities: key.capabilities,
        algorithm: key.algorithm,
      });
      generated.push({ id, algorithm: algorithmName(key.algorithm), label: key.label });
    }
  } catch (error) {
    if (error instanceof YubiHsmDeviceError) {
      throw new Refusal(
        'device-error',
        `The simulated primary refused to generate a rehearsal key (${error.errorName}): ${error.sentence}. The application key needs generate-asymmetric-key and the signing capabilities among its delegated capabilities.`,
      );
    }
    throw error;
  } finally {
    if (generated.length > 0) {
      await folder.log('rehearsal-keys-generated', {
        authKeyId: session.authKeyId,
        keys: generated.map((k) => ({ ...k })),
      });
    }
  }
  return generated;
}
