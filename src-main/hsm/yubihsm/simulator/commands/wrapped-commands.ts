// EXPORT WRAPPED / IMPORT WRAPPED (spec §6) and WRAP DATA / UNWRAP DATA (spec §4.3): AES-CCM
// under a wrap key, fresh 13-byte nonce from the device's random source, 16-byte tag.

import { CCM_NONCE_LENGTH } from '../../crypto/aes';
import { Algorithm, WRAP_KEY_LENGTHS } from '../../protocol/algorithms';
import type { CapabilityName } from '../../protocol/capabilities';
import { DeviceErrorCode } from '../../protocol/device-errors';
import { ObjectType } from '../../protocol/object-types';
import {
  checkWithinWrapKey,
  findVisible,
  requireObjectCapability,
  requireSessionCapability,
} from '../authorization';
import { concatBytes, u16 } from '../../protocol/bytes';
import { PayloadReader } from '../bytes';
import { DeviceFailure, refuse } from '../device-failure';
import { ed25519ExportBody } from '../ed25519-keys';
import { Origin, keyMaterial, type HsmObject } from '../hsm-object';
import { checkImportedObject } from '../object-bodies';
import { MIN_WRAPPED_LENGTH, openWrapped, sealWrapped } from '../../protocol/wrap-format';
import { decodeWrapPlaintext, encodeWrapPlaintext } from '../wrap-plaintext';
import type { CommandContext, CommandHandler } from './context';

/** The AES-CCM wrap key named by the next two bytes, checked for `capability`. */
function wrapKeyFor(
  context: CommandContext,
  reader: PayloadReader,
  capability: CapabilityName,
): HsmObject {
  const id = reader.u16();
  context.target = id;
  const wrapKey = findVisible(context.state.store, context.rights, ObjectType.WrapKey, id);
  // An RSA wrap key only imports through IMPORT WRAPPED RSA: INVALID_DATA before any
  // capability check (python-yubihsm test_export_using_private_wrapkey).
  if (!WRAP_KEY_LENGTHS.has(wrapKey.algorithm)) refuse.invalidData();
  requireObjectCapability(wrapKey, capability);
  return wrapKey;
}

/**
 * EXPORT WRAPPED: wrap id (2) || type (1) || id (2) [|| format (1)]. The wrap key needs
 * export-wrapped, the object exportable-under-wrap, and the wrap key's delegated capabilities
 * must cover the object's (spec §10.4). Format 1 includes an Ed25519 key's seed.
 */
export const exportWrapped: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'export-wrapped');
  const reader = new PayloadReader(context.payload);
  const wrapKey = wrapKeyFor(context, reader, 'export-wrapped');
  const type = reader.u8();
  const id = reader.u16();
  const format = reader.remaining > 0 ? reader.u8() : 0;
  reader.end();
  context.second = id;
  if (format > 1) refuse.invalidData();
  const object = findVisible(context.state.store, context.rights, type, id);
  requireObjectCapability(object, 'exportable-under-wrap');
  checkWithinWrapKey(wrapKey, object);
  const isEd25519 =
    object.type === ObjectType.AsymmetricKey && object.algorithm === Algorithm.Ed25519;
  const body = isEd25519 ? ed25519ExportBody(object.body, format === 1) : object.body;
  const plaintext = encodeWrapPlaintext(wrapKey.algorithm, object, body);
  try {
    return sealWrapped(keyMaterial(wrapKey), context.randomBytes(CCM_NONCE_LENGTH), plaintext);
  } finally {
    plaintext.fill(0);
  }
};

/**
 * IMPORT WRAPPED: wrap id (2) || nonce || ciphertext || tag -> type (1) || id (2). The object
 * keeps its header's sequence and gains the imported-wrapped origin bit (spec §5.5, §6.4).
 */
export const importWrapped: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'import-wrapped');
  const reader = new PayloadReader(context.payload);
  const wrapKey = wrapKeyFor(context, reader, 'import-wrapped');
  const blob = reader.rest();
  if (blob.length < MIN_WRAPPED_LENGTH) refuse.invalidData();
  const plaintext = openWrapped(keyMaterial(wrapKey), blob) ?? refuse.invalidData();
  let object: HsmObject | undefined;
  try {
    const decoded = decodeWrapPlaintext(plaintext);
    object = decoded.object;
    context.second = object.id;
    if (decoded.wrapAlgorithm !== wrapKey.algorithm) refuse.invalidData();
    checkImportedObject(object);
    checkWithinWrapKey(wrapKey, object);
    object.origin |= Origin.ImportedWrapped;
    context.state.store.add(object);
  } catch (error) {
    object?.body.fill(0);
    throw error;
  } finally {
    plaintext.fill(0);
  }
  context.state.store.noteImportedSequence(object.type, object.id, object.sequence);
  context.changed = true;
  return concatBytes(Uint8Array.of(object.type), u16(object.id));
};

/**
 * A wrap key used for the wrong data direction is INVALID_DATA on firmware before 2.5 (spec
 * §10.4), which is what this simulator reports to be.
 */
function requireDataCapability(wrapKey: HsmObject, capability: 'wrap-data' | 'unwrap-data'): void {
  try {
    requireObjectCapability(wrapKey, capability);
  } catch {
    throw new DeviceFailure(DeviceErrorCode.INVALID_DATA);
  }
}

/** WRAP DATA: wrap id (2) || data -> nonce || CCM(00 || data) || tag (spec §4.3). */
export const wrapData: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'wrap-data');
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  context.target = id;
  const wrapKey = findVisible(context.state.store, context.rights, ObjectType.WrapKey, id);
  requireDataCapability(wrapKey, 'wrap-data');
  if (!WRAP_KEY_LENGTHS.has(wrapKey.algorithm)) refuse.invalidData();
  const data = reader.rest();
  if (data.length === 0) refuse.invalidData();
  const plaintext = concatBytes(Uint8Array.of(0), data);
  try {
    return sealWrapped(keyMaterial(wrapKey), context.randomBytes(CCM_NONCE_LENGTH), plaintext);
  } finally {
    plaintext.fill(0);
  }
};

/** UNWRAP DATA: wrap id (2) || blob -> data; the leading 0x00 is checked and stripped. */
export const unwrapData: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'unwrap-data');
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  context.target = id;
  const wrapKey = findVisible(context.state.store, context.rights, ObjectType.WrapKey, id);
  requireDataCapability(wrapKey, 'unwrap-data');
  if (!WRAP_KEY_LENGTHS.has(wrapKey.algorithm)) refuse.invalidData();
  const plaintext = openWrapped(keyMaterial(wrapKey), reader.rest()) ?? refuse.invalidData();
  if (plaintext.length < 2 || plaintext[0] !== 0) {
    plaintext.fill(0);
    return refuse.invalidData();
  }
  const data = plaintext.slice(1);
  plaintext.fill(0);
  return data;
};
