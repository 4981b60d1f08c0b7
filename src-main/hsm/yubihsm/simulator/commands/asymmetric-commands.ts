// Asymmetric key commands (spec §4.3): PUT / GENERATE ASYMMETRIC KEY, GET PUBLIC KEY, SIGN
// PKCS1 / PSS / ECDSA / EDDSA, DERIVE ECDH, DECRYPT PKCS1 / OAEP. Using a key needs the
// capability on both the session and the key; signatures are what standard verifiers accept
// (spec §10.11).

import { Algorithm } from '../../protocol/algorithms';
import type { CapabilityName } from '../../protocol/capabilities';
import { ObjectType } from '../../protocol/object-types';
import {
  asymmetricBodyFromMaterial,
  asymmetricPublicKey,
  generateAsymmetricBody,
  isEc,
  isRsa,
} from '../asymmetric-keys';
import { findVisible, requireObjectCapability, requireSessionCapability } from '../authorization';
import { concatBytes } from '../../protocol/bytes';
import { PayloadReader, bytesToBigint } from '../bytes';
import { refuse } from '../device-failure';
import { deriveEcdh, signEcdsa } from '../ec-keys';
import { signEddsa } from '../ed25519-keys';
import { Origin, keyMaterial, type HsmObject } from '../hsm-object';
import { decryptOaep, decryptPkcs1 } from '../rsa-decryption';
import { pkcs1SignatureBlock, pssSignatureBlock } from '../rsa-padding';
import { rsaModulusLength, rsaPrivateOperation, rsaPublicKey } from '../rsa-keys';
import type { CommandContext, CommandHandler } from './context';
import { checkNewObject, readCreation, storeCreated } from './creation';

export const putAsymmetricKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-asymmetric-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const body = asymmetricBodyFromMaterial(request.algorithm, reader.rest());
  return storeCreated(context, request, ObjectType.AsymmetricKey, Origin.Imported, body);
};

export const generateAsymmetricKey: CommandHandler = async (context) => {
  requireSessionCapability(context.rights, 'generate-asymmetric-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  reader.end();
  checkNewObject(context, request, ObjectType.AsymmetricKey);
  const body = await generateAsymmetricBody(request.algorithm, context.randomBytes);
  return storeCreated(context, request, ObjectType.AsymmetricKey, Origin.Generated, body);
};

/**
 * GET PUBLIC KEY: id (2) [|| type (1), fw >= 2.4] -> algorithm (1) || key. Asymmetric keys, and
 * the modulus of an RSA wrap key or a public wrap key.
 */
export const getPublicKey: CommandHandler = (context) => {
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  const type = reader.remaining > 0 ? reader.u8() : ObjectType.AsymmetricKey;
  reader.end();
  context.target = id;
  if (
    type !== ObjectType.AsymmetricKey &&
    type !== ObjectType.WrapKey &&
    type !== ObjectType.PublicWrapKey
  )
    refuse.invalidData();
  const key = findVisible(context.state.store, context.rights, type, id);
  if (type === ObjectType.AsymmetricKey)
    return concatBytes(Uint8Array.of(key.algorithm), asymmetricPublicKey(key.algorithm, key.body));
  if (!isRsa(key.algorithm)) refuse.invalidData();
  const material = keyMaterial(key);
  const modulus =
    type === ObjectType.PublicWrapKey ? material.slice() : rsaPublicKey(key.algorithm, material);
  return concatBytes(Uint8Array.of(key.algorithm), modulus);
};

/** The key named by the first two payload bytes, checked for the operation; the rest is data. */
function keyFor(
  context: CommandContext,
  capability: CapabilityName,
): { key: HsmObject; reader: PayloadReader } {
  requireSessionCapability(context.rights, capability);
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  context.target = id;
  const key = findVisible(context.state.store, context.rights, ObjectType.AsymmetricKey, id);
  requireObjectCapability(key, capability);
  return { key, reader };
}

/** SIGN PKCS1: id || hash (20/32/48/64) -> signature of modulus length (DigestInfo by length). */
export const signPkcs1: CommandHandler = (context) => {
  const { key, reader } = keyFor(context, 'sign-pkcs');
  if (!isRsa(key.algorithm)) refuse.invalidData();
  const block = pkcs1SignatureBlock(reader.rest(), rsaModulusLength(key.algorithm));
  return rsaPrivateOperation(key.algorithm, key.body, block);
};

/** SIGN PSS: id || MGF1 algorithm (1) || salt length (2) || hash -> signature. */
export const signPss: CommandHandler = (context) => {
  const { key, reader } = keyFor(context, 'sign-pss');
  if (!isRsa(key.algorithm)) refuse.invalidData();
  const mgf1Algorithm = reader.u8();
  const saltLength = reader.u16();
  const hash = reader.rest();
  const modulusBits = bytesToBigint(rsaPublicKey(key.algorithm, key.body)).toString(2).length;
  const block = pssSignatureBlock(
    hash,
    mgf1Algorithm,
    context.randomBytes(saltLength),
    modulusBits,
  );
  return rsaPrivateOperation(key.algorithm, key.body, block);
};

/** SIGN ECDSA: id || hash -> DER signature. */
export const signEcdsaCommand: CommandHandler = (context) => {
  const { key, reader } = keyFor(context, 'sign-ecdsa');
  if (!isEc(key.algorithm)) refuse.invalidData();
  return signEcdsa(key.algorithm, key.body, reader.rest(), context.randomBytes);
};

/** SIGN EDDSA: id || message (raw, not hashed) -> 64-byte signature. */
export const signEddsaCommand: CommandHandler = (context) => {
  const { key, reader } = keyFor(context, 'sign-eddsa');
  if (key.algorithm !== Algorithm.Ed25519) refuse.invalidData();
  return signEddsa(key.body, reader.rest());
};

/** DERIVE ECDH: id || peer public key 04 || X || Y -> shared secret X. */
export const deriveEcdhCommand: CommandHandler = (context) => {
  const { key, reader } = keyFor(context, 'derive-ecdh');
  if (!isEc(key.algorithm)) refuse.invalidData();
  return deriveEcdh(key.algorithm, key.body, reader.rest());
};

/** DECRYPT PKCS1: id || ciphertext -> plaintext; bad padding -> INVALID_DATA (spec §10.4). */
export const decryptPkcs1Command: CommandHandler = (context) => {
  const { key, reader } = keyFor(context, 'decrypt-pkcs');
  if (!isRsa(key.algorithm)) refuse.invalidData();
  return decryptPkcs1(key.algorithm, key.body, reader.rest());
};

/** DECRYPT OAEP: id || MGF1 algorithm (1) || ciphertext (modulus length) || label hash. */
export const decryptOaepCommand: CommandHandler = (context) => {
  const { key, reader } = keyFor(context, 'decrypt-oaep');
  if (!isRsa(key.algorithm)) refuse.invalidData();
  const mgf1Algorithm = reader.u8();
  const ciphertext = reader.take(rsaModulusLength(key.algorithm));
  return decryptOaep(key.algorithm, key.body, mgf1Algorithm, ciphertext, reader.rest());
};
