// An object on the device in the two ways the ceremony describes it: for the screens
// (ObjectSummary, capability names) and for ceremony.json (ObjectRecord, masks and origin).
// Neither holds key material; a public key is public.

import type { ObjectSummary } from '../../../shared/ceremony/init-session';
import type { ObjectRecord } from '../../../shared/records/ceremony-record';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import { algorithmName } from '../../hsm/yubihsm/protocol/algorithms';
import { capabilityNames } from '../../hsm/yubihsm/protocol/capabilities';
import { domainsList } from '../../hsm/yubihsm/protocol/domains';
import { objectTypeName } from '../../hsm/yubihsm/protocol/object-types';
import { maskText } from './capability-profile';

export function objectSummary(info: ObjectInfo): ObjectSummary {
  return {
    id: info.id,
    type: objectTypeName(info.type),
    algorithm: algorithmName(info.algorithm),
    label: info.label,
    domains: domainsList(info.domains),
    capabilities: capabilityNames(info.capabilities),
  };
}

/** yubihsm-shell's words for the origin byte (spec §5.5). */
export function originText(origin: number): string {
  const base = origin & 0x0f;
  const words = base === 0x01 ? 'generated' : base === 0x02 ? 'imported' : `0x${base.toString(16).padStart(2, '0')}`;
  return origin & 0x10 ? `${words}:imported_wrapped` : words;
}

export function objectRecord(info: ObjectInfo, publicKey?: Uint8Array): ObjectRecord {
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
    origin: originText(info.origin),
    ...(publicKey ? { publicKey: Buffer.from(publicKey).toString('hex') } : {}),
  };
}

/** "wrap-key 0x0002" — how sentences name an object. */
export function hexId(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}
