// Objects as a ceremony describes them: GET OBJECT INFO (spec §4.3) turned into the record's
// ObjectRecord (names instead of codes, masks as 0x + 16 hex digits), plus the public key of
// asymmetric keys so a later verification can prove a restored key signs.

import type { ObjectRecord } from '../../../shared/records/ceremony-record';
import type { ObjectSummary } from '../../../shared/ceremony/init-snapshot';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import type { YubiHsmSession } from '../../hsm/yubihsm/client/yubihsm-session';
import { algorithmName } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilityNames } from '../../hsm/yubihsm/protocol/capabilities';
import { domainsList } from '../../hsm/yubihsm/protocol/domains';
import { ObjectType, objectTypeName } from '../../hsm/yubihsm/protocol/object-types';

/** 64-bit masks as the record writes them (JSON has no 64-bit integers). */
export function maskText(mask: bigint): string {
  return `0x${BigInt.asUintN(64, mask).toString(16).padStart(16, '0')}`;
}

export function maskValue(text: string): bigint {
  return BigInt(text);
}

/** 0x0003: how ids are written everywhere people read them. */
export function hexId(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}

/**
 * Origin as yubihsm-shell prints it (spec §5.5): generated, imported, + ":imported_wrapped".
 * The low nibble is compared whole, so a value the spec does not define shows as its hex.
 */
export function originName(origin: number): string {
  const base = origin & 0x0f;
  const words =
    base === 0x01
      ? 'generated'
      : base === 0x02
        ? 'imported'
        : `0x${base.toString(16).padStart(2, '0')}`;
  return origin & 0x10 ? `${words}:imported_wrapped` : words;
}

/** Objects are identified by type and id together (spec §5.1). */
export function objectKey(type: number | string, id: number): string {
  return `${typeof type === 'number' ? objectTypeName(type) : type}:${id}`;
}

export function describeObject(info: ObjectInfo, publicKey?: Uint8Array): ObjectRecord {
  return {
    id: info.id,
    type: objectTypeName(info.type),
    algorithm: algorithmName(info.algorithm),
    label: info.label,
    domains: domainsList(info.domains),
    capabilities: maskText(info.capabilities),
    capabilityNames: capabilityNames(info.capabilities),
    delegatedCapabilities: maskText(info.delegatedCapabilities),
    sequence: info.sequence,
    origin: originName(info.origin),
    ...(publicKey ? { publicKey: Buffer.from(publicKey).toString('hex') } : {}),
  };
}

/** LIST OBJECTS, then GET OBJECT INFO of each, in the order the device lists them. */
export async function listObjectInfos(session: YubiHsmSession): Promise<ObjectInfo[]> {
  const infos: ObjectInfo[] = [];
  for (const entry of await session.listObjects())
    infos.push(await session.getObjectInfo(entry.id, entry.type));
  return infos;
}

/** Every object the session can see, with public keys of asymmetric keys, in id order. */
export async function readInventory(
  session: YubiHsmSession,
): Promise<{ info: ObjectInfo; record: ObjectRecord }[]> {
  const objects: { info: ObjectInfo; record: ObjectRecord }[] = [];
  for (const info of await listObjectInfos(session)) {
    const publicKey =
      info.type === ObjectType.AsymmetricKey
        ? (await session.getPublicKey(info.id)).key
        : undefined;
    objects.push({ info, record: describeObject(info, publicKey) });
  }
  return objects.sort((a, b) => a.info.id - b.info.id || a.info.type - b.info.type);
}

/** What a screen shows of an object: no key material, capability names instead of a mask. */
export function summarizeObject(record: ObjectRecord): ObjectSummary {
  return {
    id: record.id,
    type: record.type,
    algorithm: record.algorithm,
    label: record.label,
    domains: record.domains,
    capabilities: record.capabilityNames,
  };
}

/** The same, straight from GET OBJECT INFO. */
export function summarizeObjectInfo(info: ObjectInfo): ObjectSummary {
  return summarizeObject(describeObject(info));
}

/** "asymmetric-key 0x0010 \"Signing key\"": an object in a sentence. */
export function nameObject(object: { type: string; id: number; label?: string }): string {
  return `${object.type} ${hexId(object.id)}${object.label ? ` "${object.label}"` : ''}`;
}
