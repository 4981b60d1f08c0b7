// One object in the simulated device's storage (spec §5), kept in the device's own internal
// form: `body` is exactly the per-type representation of §6.3 that EXPORT WRAPPED encrypts, so
// export, import, persistence and GET OBJECT INFO's length all read the same bytes.

import { Algorithm } from '../protocol/algorithms';
import { capabilitiesFromBytes, capabilitiesToBytes } from '../protocol/capabilities';
import { ObjectType } from '../protocol/object-types';
import { concatBytes, u16 } from '../protocol/bytes';

export const LABEL_LENGTH = 40;
/** Origin bits (spec §5.5). */
export const Origin = { Generated: 0x01, Imported: 0x02, ImportedWrapped: 0x10 } as const;

export interface HsmObject {
  id: number;
  type: number;
  algorithm: number;
  /** 40 raw bytes, zero padded. */
  label: Uint8Array;
  domains: number;
  capabilities: bigint;
  sequence: number;
  origin: number;
  /** §6.3 body; for authentication and wrap keys its first 8 bytes are the delegated capabilities. */
  body: Uint8Array;
}

const TYPES_WITH_DELEGATED: ReadonlySet<number> = new Set([
  ObjectType.AuthenticationKey,
  ObjectType.WrapKey,
  ObjectType.PublicWrapKey,
]);

export function hasDelegated(type: number): boolean {
  return TYPES_WITH_DELEGATED.has(type);
}

export function delegatedCapabilities(object: HsmObject): bigint {
  return hasDelegated(object.type) ? capabilitiesFromBytes(object.body, 0) : 0n;
}

/** The key bytes after the delegated capabilities (authentication and wrap keys). */
export function keyMaterial(object: HsmObject): Uint8Array {
  return hasDelegated(object.type) ? object.body.subarray(8) : object.body;
}

export function withDelegated(delegated: bigint, key: Uint8Array): Uint8Array {
  return concatBytes(capabilitiesToBytes(delegated), key);
}

/**
 * GET OBJECT INFO's length (spec §6.3). The body length everywhere except Ed25519, which a
 * device reports as 128 whether or not it holds the seed (measured on firmware 2.5.0).
 */
export function reportedLength(object: HsmObject): number {
  return object.type === ObjectType.AsymmetricKey && object.algorithm === Algorithm.Ed25519
    ? 128
    : object.body.length;
}

/** GET OBJECT INFO's 66 bytes (spec §4.3). */
export function encodeObjectInfo(object: HsmObject): Uint8Array {
  return concatBytes(
    capabilitiesToBytes(object.capabilities),
    u16(object.id),
    u16(reportedLength(object)),
    u16(object.domains),
    Uint8Array.of(object.type, object.algorithm, object.sequence, object.origin),
    object.label,
    capabilitiesToBytes(delegatedCapabilities(object)),
  );
}

export function labelBytes(text: string): Uint8Array {
  const label = new Uint8Array(LABEL_LENGTH);
  label.set(new TextEncoder().encode(text).subarray(0, LABEL_LENGTH));
  return label;
}

/** Overwrites the key material: called when an object leaves the device's storage. */
export function destroyObject(object: HsmObject): void {
  object.body.fill(0);
}
