// PUT WRAP KEY / GENERATE WRAP KEY (spec §4.3): AES-CCM wrap keys of 16/24/32 bytes for
// algorithms 29/41/42 and (fw >= 2.4) RSA wrap keys (rsa2048/3072/4096, p || q), with
// delegated capabilities. PUT PUBLIC WRAP KEY (0x73, fw >= 2.4) stores an RSA public key
// (modulus n, e = 65537) that objects can be exported to (rsa-wrap-commands.ts).

import { WRAP_KEY_LENGTHS } from '../../protocol/algorithms';
import { ObjectType } from '../../protocol/object-types';
import { requireSessionCapability } from '../authorization';
import { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { Origin, withDelegated } from '../hsm-object';
import { RSA_ALGORITHMS, generateRsaBody, rsaBodyFromPrimes, rsaModulusLength } from '../rsa-keys';
import type { CommandHandler } from './context';
import { checkNewObject, readCreation, storeCreated } from './creation';

function keyLength(algorithm: number): number {
  return WRAP_KEY_LENGTHS.get(algorithm) ?? refuse.invalidData();
}

export const putWrapKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-wrap-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const delegated = reader.u64();
  const key = reader.rest();
  let body: Uint8Array;
  if (RSA_ALGORITHMS.includes(request.algorithm)) {
    const rsaBody = rsaBodyFromPrimes(request.algorithm, key);
    body = withDelegated(delegated, rsaBody);
    rsaBody.fill(0);
  } else {
    if (key.length !== keyLength(request.algorithm)) refuse.invalidData();
    body = withDelegated(delegated, key);
  }
  return storeCreated(context, request, ObjectType.WrapKey, Origin.Imported, body);
};

export const generateWrapKey: CommandHandler = async (context) => {
  requireSessionCapability(context.rights, 'generate-wrap-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const delegated = reader.u64();
  reader.end();
  const rsa = RSA_ALGORITHMS.includes(request.algorithm);
  if (rsa) checkNewObject(context, request, ObjectType.WrapKey, delegated);
  const key = rsa
    ? await generateRsaBody(request.algorithm)
    : context.randomBytes(keyLength(request.algorithm));
  const body = withDelegated(delegated, key);
  key.fill(0);
  return storeCreated(context, request, ObjectType.WrapKey, Origin.Generated, body);
};

/** PUT PUBLIC WRAP KEY: P || delegated (8) || n (modulus length, top byte non-zero). */
export const putPublicWrapKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-public-wrap-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const delegated = reader.u64();
  const modulus = reader.rest();
  if (!RSA_ALGORITHMS.includes(request.algorithm)) refuse.invalidData();
  if (modulus.length !== rsaModulusLength(request.algorithm) || modulus[0] === 0)
    refuse.invalidData();
  return storeCreated(
    context,
    request,
    ObjectType.PublicWrapKey,
    Origin.Imported,
    withDelegated(delegated, modulus),
  );
};
