// PUT AUTHENTICATION KEY and CHANGE AUTHENTICATION KEY (spec §4.3): symmetric keys
// (aes128-yubico-authentication, K-ENC || K-MAC, 32 bytes) and, on fw >= 2.3, asymmetric ones
// (ecp256-yubico-authentication, the P-256 public key X || Y, 64 bytes, spec §3.7).

import { Algorithm } from '../../protocol/algorithms';
import { ObjectType } from '../../protocol/object-types';
import { findVisible, requireSessionCapability } from '../authorization';
import { concatBytes, u16 } from '../../protocol/bytes';
import { PayloadReader } from '../bytes';
import { checkP256PublicKey } from '../asymmetric-authentication';
import { refuse } from '../device-failure';
import { Origin, withDelegated } from '../hsm-object';
import type { CommandHandler } from './context';
import { readCreation, storeCreated } from './creation';

const KEY_LENGTHS: ReadonlyMap<number, number> = new Map([
  [Algorithm.Aes128YubicoAuthentication, 32],
  [Algorithm.EcP256YubicoAuthentication, 64],
]);

/** The key bytes for `algorithm`: right length, and a P-256 public key must be on the curve. */
function readKey(reader: PayloadReader, algorithm: number): Uint8Array {
  const length = KEY_LENGTHS.get(algorithm) ?? refuse.invalidData();
  const key = reader.take(length);
  reader.end();
  if (algorithm === Algorithm.EcP256YubicoAuthentication) checkP256PublicKey(key);
  return key;
}

export const putAuthenticationKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-authentication-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const delegated = reader.u64();
  const key = readKey(reader, request.algorithm);
  return storeCreated(
    context,
    request,
    ObjectType.AuthenticationKey,
    Origin.Imported,
    withDelegated(delegated, key),
  );
};

/**
 * CHANGE AUTHENTICATION KEY: id (2) || algorithm (1) || key, of the key's own algorithm. Only the session's own
 * key may be changed (another id -> INVALID_ID); capabilities, domains and sequence stay.
 */
export const changeAuthenticationKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'change-authentication-key');
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  const algorithm = reader.u8();
  const key = readKey(reader, algorithm);
  context.target = id;
  if (id !== context.rights.authKeyId) refuse.invalidId();
  const object = findVisible(context.state.store, context.rights, ObjectType.AuthenticationKey, id);
  if (algorithm !== object.algorithm) refuse.invalidData();
  const body = concatBytes(object.body.subarray(0, 8), key);
  object.body.fill(0);
  object.body = body;
  object.origin = Origin.Imported;
  context.changed = true;
  return u16(id);
};
