// The 53-byte block most put/generate requests start with (spec §4.2):
// id (2) || label (40) || domains (2) || capabilities (8) || algorithm (1).

import { capabilitiesToBytes } from '../protocol/capabilities';
import { concatBytes, u16 } from '../protocol/bytes';
import {
  checkAlgorithm,
  checkCapabilities,
  checkDomains,
  checkObjectId,
  encodeLabel,
} from './validation';

export interface NewObject {
  /** 1..0xFFFE, or 0 to let the device choose. */
  id: number;
  label: string;
  domains: number;
  capabilities: bigint;
}

export function objectPrefix(
  object: NewObject,
  algorithm: number,
  allowedAlgorithms?: readonly number[],
  what?: string,
): Uint8Array {
  return concatBytes(
    u16(checkObjectId(object.id, 'the new object id', { devicePicks: true })),
    encodeLabel(object.label),
    u16(checkDomains(object.domains)),
    capabilitiesToBytes(checkCapabilities(object.capabilities)),
    Uint8Array.of(checkAlgorithm(algorithm, allowedAlgorithms, what)),
  );
}
