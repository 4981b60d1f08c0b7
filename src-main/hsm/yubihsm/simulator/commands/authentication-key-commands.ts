// PUT AUTHENTICATION KEY and CHANGE AUTHENTICATION KEY (spec §4.3). Only symmetric keys
// (aes128-yubico-authentication, K-ENC || K-MAC); asymmetric authentication (algorithm 49) is
// not simulated and is refused as INVALID_DATA.

import { Algorithm } from '../../protocol/algorithms';
import { ObjectType } from '../../protocol/object-types';
import { findVisible, requireSessionCapability } from '../authorization';
import { concatBytes, u16 } from '../../protocol/bytes';
import { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { Origin, withDelegated } from '../hsm-object';
import type { CommandHandler } from './context';
import { readCreation, storeCreated } from './creation';

const KEY_LENGTH = 32;

export const putAuthenticationKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-authentication-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const delegated = reader.u64();
  const key = reader.take(KEY_LENGTH);
  reader.end();
  if (request.algorithm !== Algorithm.Aes128YubicoAuthentication) refuse.invalidData();
  return storeCreated(
    context,
    request,
    ObjectType.AuthenticationKey,
    Origin.Imported,
    withDelegated(delegated, key),
  );
};

/**
 * CHANGE AUTHENTICATION KEY: id (2) || algorithm (1) || K-ENC || K-MAC. Only the session's own
 * key may be changed (another id -> INVALID_ID); capabilities, domains and sequence stay.
 */
export const changeAuthenticationKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'change-authentication-key');
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  const algorithm = reader.u8();
  const key = reader.take(KEY_LENGTH);
  reader.end();
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
