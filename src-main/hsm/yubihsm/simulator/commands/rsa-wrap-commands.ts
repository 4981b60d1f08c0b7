// Asymmetric wrap (fw 2.4, spec §4.3 "RSA hybrid wrap"). Export goes to a public wrap key
// (type 0x09) with export-wrapped; import comes through an RSA wrap key (type 0x04) with
// import-wrapped. EXPORT / IMPORT WRAPPED RSA (0x76 / 0x77) carry the whole object, in the §6.2
// plaintext the AES-CCM export uses; GET / PUT RSA WRAPPED KEY (0x74 / 0x75) carry only the key
// material of an asymmetric key (PKCS#8) or a symmetric key (raw), and the import names the new
// object's id, label, domains, capabilities and algorithm. The objects' capabilities must fit
// the wrap key's delegated capabilities, as for AES-CCM wrap.

import type { CapabilityName } from '../../protocol/capabilities';
import { ObjectType } from '../../protocol/object-types';
import { concatBytes, u16 } from '../../protocol/bytes';
import {
  checkWithinWrapKey,
  findVisible,
  requireObjectCapability,
  requireSessionCapability,
} from '../authorization';
import { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { Origin, keyMaterial, type HsmObject } from '../hsm-object';
import { checkImportedObject } from '../object-bodies';
import { bodyFromPkcs8, pkcs8FromBody } from '../pkcs8';
import { oaepLabelHashLength, rsaAesUnwrap, rsaAesWrap } from '../rsa-aes-wrap';
import { RSA_ALGORITHMS } from '../rsa-keys';
import { SYMMETRIC_KEY_LENGTHS } from '../symmetric-keys';
import { decodeWrapPlaintext, encodeWrapPlaintext } from '../wrap-plaintext';
import type { CommandContext, CommandHandler } from './context';
import { readCreation, storeCreated } from './creation';

function rsaKey(
  context: CommandContext,
  type: number,
  id: number,
  capability: CapabilityName,
): HsmObject {
  const key = findVisible(context.state.store, context.rights, type, id);
  if (!RSA_ALGORITHMS.includes(key.algorithm)) refuse.invalidData();
  requireObjectCapability(key, capability);
  return key;
}

interface ExportRequest {
  wrapKey: HsmObject;
  object: HsmObject;
  parameters: {
    aesAlgorithm: number;
    oaepAlgorithm: number;
    mgf1Algorithm: number;
    labelHash: Uint8Array;
  };
}

/** wrap id (2) || type (1) || id (2) || AES algo (1) || OAEP algo (1) || MGF1 algo (1) || label hash */
function readExport(context: CommandContext): ExportRequest {
  requireSessionCapability(context.rights, 'export-wrapped');
  const reader = new PayloadReader(context.payload);
  const wrapId = reader.u16();
  const type = reader.u8();
  const id = reader.u16();
  const aesAlgorithm = reader.u8();
  const oaepAlgorithm = reader.u8();
  const mgf1Algorithm = reader.u8();
  const labelHash = reader.take(oaepLabelHashLength(oaepAlgorithm));
  reader.end();
  context.target = wrapId;
  context.second = id;
  const wrapKey = rsaKey(context, ObjectType.PublicWrapKey, wrapId, 'export-wrapped');
  const object = findVisible(context.state.store, context.rights, type, id);
  requireObjectCapability(object, 'exportable-under-wrap');
  checkWithinWrapKey(wrapKey, object);
  return { wrapKey, object, parameters: { aesAlgorithm, oaepAlgorithm, mgf1Algorithm, labelHash } };
}

/** EXPORT WRAPPED RSA (0x76): the whole object under a public wrap key. */
export const exportRsaWrapped: CommandHandler = (context) => {
  const { wrapKey, object, parameters } = readExport(context);
  const plaintext = encodeWrapPlaintext(parameters.aesAlgorithm, object);
  try {
    return rsaAesWrap(keyMaterial(wrapKey), parameters, plaintext, context.randomBytes);
  } finally {
    plaintext.fill(0);
  }
};

/** The key material GET RSA WRAPPED KEY exports: PKCS#8 or the raw AES key. */
function rawKey(object: HsmObject): Uint8Array {
  if (object.type === ObjectType.AsymmetricKey) return pkcs8FromBody(object.algorithm, object.body);
  if (object.type === ObjectType.SymmetricKey) return object.body.slice();
  return refuse.invalidData();
}

/** GET RSA WRAPPED KEY (0x74): an asymmetric or symmetric key's material alone. */
export const getRsaWrappedKey: CommandHandler = (context) => {
  const { wrapKey, object, parameters } = readExport(context);
  const material = rawKey(object);
  try {
    return rsaAesWrap(keyMaterial(wrapKey), parameters, material, context.randomBytes);
  } finally {
    material.fill(0);
  }
};

/** Opens the blob (all but the trailing label hash) with the RSA wrap key. */
function openBlob(
  wrapKey: HsmObject,
  oaepAlgorithm: number,
  mgf1Algorithm: number,
  rest: Uint8Array,
): Uint8Array {
  const labelLength = oaepLabelHashLength(oaepAlgorithm);
  if (rest.length <= labelLength) refuse.wrongLength();
  return rsaAesUnwrap(
    wrapKey.algorithm,
    keyMaterial(wrapKey),
    oaepAlgorithm,
    mgf1Algorithm,
    rest.subarray(rest.length - labelLength),
    rest.subarray(0, rest.length - labelLength),
  );
}

/** IMPORT WRAPPED RSA (0x77): wrap id || OAEP algo || MGF1 algo || blob || label hash -> type || id. */
export const importRsaWrapped: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'import-wrapped');
  const reader = new PayloadReader(context.payload);
  const wrapId = reader.u16();
  const oaepAlgorithm = reader.u8();
  const mgf1Algorithm = reader.u8();
  context.target = wrapId;
  const wrapKey = rsaKey(context, ObjectType.WrapKey, wrapId, 'import-wrapped');
  const plaintext = openBlob(wrapKey, oaepAlgorithm, mgf1Algorithm, reader.rest());
  let object: HsmObject | undefined;
  try {
    object = decodeWrapPlaintext(plaintext).object;
    context.second = object.id;
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
 * PUT RSA WRAPPED KEY (0x75): wrap id (2) || type (1) || id (2) || label (40) || domains (2) ||
 * capabilities (8) || algorithm (1) || OAEP algo (1) || MGF1 algo (1) || blob || label hash ->
 * type || id. The new object is checked as any object made in the session, and against the
 * wrap key's delegated capabilities.
 */
export const putRsaWrappedKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'import-wrapped');
  const reader = new PayloadReader(context.payload);
  const wrapId = reader.u16();
  const type = reader.u8();
  const request = readCreation(reader);
  const oaepAlgorithm = reader.u8();
  const mgf1Algorithm = reader.u8();
  context.target = wrapId;
  const wrapKey = rsaKey(context, ObjectType.WrapKey, wrapId, 'import-wrapped');
  const material = openBlob(wrapKey, oaepAlgorithm, mgf1Algorithm, reader.rest());
  let body: Uint8Array;
  try {
    if (type === ObjectType.AsymmetricKey) body = bodyFromPkcs8(request.algorithm, material);
    else if (type === ObjectType.SymmetricKey) {
      if (SYMMETRIC_KEY_LENGTHS.get(request.algorithm) !== material.length) refuse.invalidData();
      body = material.slice();
    } else return refuse.invalidData();
  } finally {
    material.fill(0);
  }
  const candidate: HsmObject = {
    id: request.id,
    type,
    algorithm: request.algorithm,
    label: request.label,
    domains: request.domains,
    capabilities: request.capabilities,
    sequence: 0,
    origin: Origin.Imported,
    body,
  };
  try {
    checkWithinWrapKey(wrapKey, candidate);
  } catch (error) {
    body.fill(0);
    throw error;
  }
  const id = storeCreated(context, request, type, Origin.Imported | Origin.ImportedWrapped, body);
  context.second = (id[0]! << 8) | id[1]!;
  context.target = wrapId;
  return concatBytes(Uint8Array.of(type), id);
};
