// The authentication key a rotation works with, and the new wrap key's id. PUT WRAP KEY and
// DELETE OBJECT need their capabilities on the session's key, and the new key's capabilities
// must lie within that key's delegated capabilities (protocol spec §5.3); yubihsm-setup's KSP
// application key has none of this, so the key is checked on each device before anything is
// written, and a sentence names what it lacks.

import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import {
  capabilities,
  capabilityNames,
  type CapabilityName,
} from '../../hsm/yubihsm/protocol/capabilities';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { Refusal } from '../../refusal/refusal';
import type { WrapPolicy } from '../../secrets/wrap-secret';
import { hexId } from '../common/objects';

/** What the rotation key must hold on the primary (it also draws the device's random half). */
const PRIMARY_NEEDS: readonly CapabilityName[] = [
  'put-wrap-key',
  'delete-wrap-key',
  'export-wrapped',
  'get-pseudo-random',
];
const SECONDARY_NEEDS: readonly CapabilityName[] = ['put-wrap-key', 'delete-wrap-key'];

/** Refuses, with a sentence, a rotation key that cannot do the rotation on this device. */
export async function checkRotationKey(
  session: YubiHsmSession,
  policy: WrapPolicy,
  role: 'primary' | 'secondary',
  serial: number,
): Promise<void> {
  const own = await session.getObjectInfo(session.authKeyId, ObjectType.AuthenticationKey);
  const needs = capabilities(...(role === 'primary' ? PRIMARY_NEEDS : SECONDARY_NEEDS));
  const missing = capabilityNames(needs & ~own.capabilities);
  const beyond = capabilityNames(
    (policy.capabilities | policy.delegatedCapabilities) & ~own.delegatedCapabilities,
  );
  if (missing.length === 0 && beyond.length === 0) return;
  const parts = [
    ...(missing.length > 0 ? [`it lacks ${missing.join(', ')}`] : []),
    ...(beyond.length > 0
      ? [
          `its delegated capabilities do not include ${beyond.join(', ')}, which the wrap key carries`,
        ]
      : []),
  ];
  throw new Refusal(
    'conflict',
    `Authentication key ${hexId(session.authKeyId)} cannot rotate the wrap key on the ${role} (serial ${serial}): ${parts.join('; ')}. Give the key that manages wrap keys (yubihsm-setup's KSP application key cannot); nothing was written.`,
  );
}

/** The lowest free id (of any type) for the new wrap key, never the old key's. */
export function chooseNewWrapKeyId(objects: readonly ObjectInfo[], oldId: number): number {
  const used = new Set(objects.map((o) => o.id));
  for (let id = 2; id < 0xffff; id += 1) if (id !== oldId && !used.has(id)) return id;
  throw new Refusal('conflict', 'The primary has no free object id for a new wrap key.');
}
