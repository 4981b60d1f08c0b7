// The device's authorization model (spec §5.3, §10.4–§10.5): the session's key needs the
// command's capability, the object needs the operation's capability, and they must share a
// domain. Objects outside the session's domains are hidden (OBJECT_NOT_FOUND), not refused.

import { hasCapability, includesAll, type CapabilityName } from '../protocol/capabilities';
import { refuse } from './device-failure';
import { delegatedCapabilities, hasDelegated, type HsmObject } from './hsm-object';
import type { ObjectStore } from './object-store';
import type { SessionRights } from './sessions';

/** The session's authentication key must hold `name`, else INSUFFICIENT_PERMISSIONS. */
export function requireSessionCapability(rights: SessionRights, name: CapabilityName): void {
  if (!hasCapability(rights.capabilities, name)) refuse.insufficientPermissions();
}

/** The object itself must allow the operation, else INSUFFICIENT_PERMISSIONS. */
export function requireObjectCapability(object: HsmObject, name: CapabilityName): void {
  if (!hasCapability(object.capabilities, name)) refuse.insufficientPermissions();
}

export function isVisible(rights: SessionRights, object: HsmObject): boolean {
  return (object.domains & rights.domains) !== 0;
}

/** The object of (type, id) if this session can see it; otherwise OBJECT_NOT_FOUND. */
export function findVisible(
  store: ObjectStore,
  rights: SessionRights,
  type: number,
  id: number,
): HsmObject {
  const object = store.find(type, id);
  if (!object || !isVisible(rights, object)) return refuse.objectNotFound();
  return object;
}

/**
 * A new object made in this session: at least one domain, domains within the session's,
 * capabilities (and delegated capabilities) within the session key's delegated capabilities.
 */
export function checkCreation(
  rights: SessionRights,
  request: { domains: number; capabilities: bigint; delegated?: bigint },
): void {
  if (request.domains === 0) refuse.invalidData();
  if ((request.domains & ~rights.domains) !== 0) refuse.insufficientPermissions();
  if (!includesAll(rights.delegated, request.capabilities)) refuse.insufficientPermissions();
  if (request.delegated !== undefined && !includesAll(rights.delegated, request.delegated))
    refuse.insufficientPermissions();
}

/**
 * An object crossing a wrap key (export or import): the wrap key's delegated capabilities must
 * cover the object's capabilities and, for keys that carry them, its delegated capabilities.
 */
export function checkWithinWrapKey(wrapKey: HsmObject, object: HsmObject): void {
  const allowed = delegatedCapabilities(wrapKey);
  if (!includesAll(allowed, object.capabilities)) refuse.insufficientPermissions();
  if (hasDelegated(object.type) && !includesAll(allowed, delegatedCapabilities(object)))
    refuse.insufficientPermissions();
}
