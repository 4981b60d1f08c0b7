// The wrap key on the secondary (spec/yubihsm-setup-interop.md §4 step 5): put with the policy
// the shares carry, or — resuming — recognised from an earlier attempt. Id, algorithm and
// policy are only what GET OBJECT INFO shows; a different key can share all of them. So a wrap
// key found there is proven to be this ceremony's before anything is imported under it: the
// secondary exports an object already on it under that key (spec §6) and the host opens the
// blob with the key rebuilt from the shares. With nothing exportable there yet, the first
// import is the proof: a blob the rebuilt key opens that the secondary's key cannot
// (INVALID_DATA) means the key there is another one.

import type { ObjectRecord } from '../../../shared/records/ceremony-record';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { YubiHsmDeviceError } from '../../hsm/yubihsm/protocol/device-errors';
import { ObjectType, objectTypeFromName } from '../../hsm/yubihsm/protocol/object-types';
import { openWrapped } from '../../hsm/yubihsm/protocol/wrap-format';
import { Refusal } from '../../refusal/refusal';
import { ALGORITHM_CODE, wrapKeyAlgorithm, type WrapSecret } from '../../secrets/wrap-secret';
import { FACTORY_KEY_ID } from '../../hsm/yubihsm/protocol/factory-state';
import { isConnectionLoss } from '../common/device-failures';
import { hexId, maskText, nameObject, objectKey } from '../common/objects';

export const WRAP_KEY_LABEL = 'Wrap key';

/**
 * put: this run put it. proven: it was there and opened a blob it exported. unproven: it was
 * there with nothing exportable under it yet, so the first import must prove it.
 */
export type SecondaryWrapKey = 'put' | 'proven' | 'unproven';

/** Puts the wrap key, or recognises and proves the one an earlier attempt put. */
export async function putOrProveWrapKey(
  session: YubiHsmSession,
  secret: WrapSecret,
  present: ReadonlyMap<string, ObjectRecord>,
  /** Which device this is, in the ceremony's words (a rotation puts keys on the primary too). */
  role = 'the secondary',
): Promise<SecondaryWrapKey> {
  const algorithm = wrapKeyAlgorithm(secret.key);
  const existing = present.get(objectKey(ObjectType.WrapKey, secret.wrapKeyId));
  if (!existing) {
    await session.putWrapKey({
      id: secret.wrapKeyId,
      label: WRAP_KEY_LABEL,
      domains: secret.domains,
      capabilities: secret.capabilities,
      delegatedCapabilities: secret.delegatedCapabilities,
      algorithm: ALGORITHM_CODE[algorithm],
      // putWrapKey zeroizes its request, so it gets a copy; the caller still owns secret.key.
      key: secret.key.slice(),
    });
    return 'put';
  }
  const same =
    existing.algorithm === algorithm &&
    existing.capabilities === maskText(secret.capabilities) &&
    existing.delegatedCapabilities === maskText(secret.delegatedCapabilities) &&
    maskOfDomains(existing.domains) === secret.domains;
  if (!same) {
    throw new Refusal(
      'conflict',
      `A different wrap key ${hexId(secret.wrapKeyId)} (other domains or capabilities) is already on ${role}. ${role === 'the secondary' ? 'Reset the secondary to factory state and restore again.' : 'Nothing was written; delete that key, or ask why it is there, before rotating.'}`,
    );
  }
  return proveWrapKey(session, secret, present, role);
}

/** Exports an object already on the secondary under its wrap key and opens the blob with the rebuilt key. */
async function proveWrapKey(
  session: YubiHsmSession,
  secret: WrapSecret,
  present: ReadonlyMap<string, ObjectRecord>,
  role: string,
): Promise<'proven' | 'unproven'> {
  const exportable = [...present.values()].filter(
    (o) =>
      o.type !== 'wrap-key' &&
      !(o.type === 'authentication-key' && o.id === FACTORY_KEY_ID) &&
      o.capabilityNames.includes('exportable-under-wrap'),
  );
  for (const object of exportable) {
    const type = objectTypeFromName(object.type);
    if (type === undefined) continue;
    let blob: Uint8Array;
    try {
      blob = await session.exportWrapped(secret.wrapKeyId, type, object.id);
    } catch (error) {
      // This object may not go under this key (its policy): another may.
      if (error instanceof YubiHsmDeviceError && !isConnectionLoss(error)) continue;
      throw error;
    }
    const plaintext = openWrapped(secret.key, blob);
    if (!plaintext)
      throw notThisCeremonysWrapKey(
        secret.wrapKeyId,
        `it wrapped ${nameObject(object)} into a blob the key rebuilt from the shares cannot open`,
        role,
      );
    plaintext.fill(0);
    return 'proven';
  }
  return 'unproven';
}

/** The first import under an unproven wrap key was refused as INVALID_DATA although the rebuilt key opens the file. */
export function wrapKeyRefusedFile(wrapKeyId: number, file: string): Refusal {
  return notThisCeremonysWrapKey(
    wrapKeyId,
    `it cannot open ${file}, which the key rebuilt from the shares opens`,
  );
}

function notThisCeremonysWrapKey(wrapKeyId: number, how: string, role = 'the secondary'): Refusal {
  return new Refusal(
    'conflict',
    role === 'the secondary'
      ? `The wrap key ${hexId(wrapKeyId)} on the secondary is not this ceremony's wrap key, although it has the same id and policy: ${how}. Custos stopped before importing anything. Reset the secondary to factory state and restore again.`
      : `The wrap key ${hexId(wrapKeyId)} on ${role} is not the new wrap key, although it has the same id and policy: ${how}. Custos stopped before changing anything more.`,
  );
}

function maskOfDomains(domains: readonly number[]): number {
  return domains.reduce((mask, d) => mask | (1 << (d - 1)), 0);
}
