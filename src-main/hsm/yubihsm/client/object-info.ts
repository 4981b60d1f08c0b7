// GET OBJECT INFO and LIST OBJECTS layouts (spec §4.3).

import { capabilitiesFromBytes, capabilitiesToBytes } from '../protocol/capabilities';
import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { concatBytes, readU16, u16 } from '../protocol/bytes';
import {
  checkAlgorithm,
  checkCapabilities,
  checkObjectId,
  checkObjectType,
  checkU16,
  decodeLabel,
  encodeLabel,
} from './validation';

export const OBJECT_INFO_LENGTH = 66;

export interface ObjectInfo {
  id: number;
  type: number;
  algorithm: number;
  capabilities: bigint;
  /** Zero for types that have none. */
  delegatedCapabilities: bigint;
  domains: number;
  /** Internal size on the device (spec §6.3), e.g. 40 for a password authentication key. */
  length: number;
  sequence: number;
  /** 0x01 generated, 0x02 imported, | 0x10 imported under wrap (spec §5.5). */
  origin: number;
  label: string;
}

export function parseObjectInfo(payload: Uint8Array): ObjectInfo {
  if (payload.length !== OBJECT_INFO_LENGTH) {
    throw new YubiHsmProtocolError(
      Command.GetObjectInfo,
      `expected a ${OBJECT_INFO_LENGTH}-byte response, got ${payload.length} bytes`,
    );
  }
  return {
    capabilities: capabilitiesFromBytes(payload, 0),
    id: readU16(payload, 8),
    length: readU16(payload, 10),
    domains: readU16(payload, 12),
    type: payload[14]!,
    algorithm: payload[15]!,
    sequence: payload[16]!,
    origin: payload[17]!,
    label: decodeLabel(payload.subarray(18, 58)),
    delegatedCapabilities: capabilitiesFromBytes(payload, 58),
  };
}

export interface ObjectFilter {
  id?: number;
  type?: number;
  /** Objects sharing any of these domains. */
  domains?: number;
  /** Objects having any of these capabilities. */
  capabilities?: bigint;
  algorithm?: number;
  /** Exact label. */
  label?: string;
}

export interface ListedObject {
  id: number;
  type: number;
  sequence: number;
}

/**
 * Filters as tag || value, all of which must match. Like libyubihsm we leave out a filter
 * whose value is 0 or empty (it would match nothing useful), so `{ domains: 0 }` lists all.
 */
export function encodeObjectFilter(filter: ObjectFilter = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  if (filter.id) parts.push(Uint8Array.of(0x01), u16(checkObjectId(filter.id, 'the id to list')));
  if (filter.type) parts.push(Uint8Array.of(0x02, checkObjectType(filter.type)));
  if (filter.domains)
    parts.push(Uint8Array.of(0x03), u16(checkU16(filter.domains, 'the domains to list')));
  if (filter.capabilities)
    parts.push(Uint8Array.of(0x04), capabilitiesToBytes(checkCapabilities(filter.capabilities)));
  if (filter.algorithm) parts.push(Uint8Array.of(0x05, checkAlgorithm(filter.algorithm)));
  if (filter.label) parts.push(Uint8Array.of(0x06), encodeLabel(filter.label));
  return concatBytes(...parts);
}

/** N x (id (2) || type (1) || sequence (1)), in the device's storage order. */
export function parseObjectList(payload: Uint8Array): ListedObject[] {
  if (payload.length % 4 !== 0) {
    throw new YubiHsmProtocolError(
      Command.ListObjects,
      `a ${payload.length}-byte response is not a list of 4-byte entries`,
    );
  }
  const objects: ListedObject[] = [];
  for (let offset = 0; offset < payload.length; offset += 4) {
    objects.push({
      id: readU16(payload, offset),
      type: payload[offset + 2]!,
      sequence: payload[offset + 3]!,
    });
  }
  return objects;
}
