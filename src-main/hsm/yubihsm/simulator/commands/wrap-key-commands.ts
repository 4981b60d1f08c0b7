// PUT WRAP KEY / GENERATE WRAP KEY (spec §4.3): AES-CCM wrap keys of 16/24/32 bytes for
// algorithms 29/41/42, with delegated capabilities. RSA wrap keys (fw >= 2.4) are not
// simulated and are refused as INVALID_DATA.

import { WRAP_KEY_LENGTHS } from '../../protocol/algorithms';
import { ObjectType } from '../../protocol/object-types';
import { requireSessionCapability } from '../authorization';
import { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { Origin, withDelegated } from '../hsm-object';
import type { CommandHandler } from './context';
import { readCreation, storeCreated } from './creation';

function keyLength(algorithm: number): number {
  return WRAP_KEY_LENGTHS.get(algorithm) ?? refuse.invalidData();
}

export const putWrapKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-wrap-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const delegated = reader.u64();
  const key = reader.rest();
  if (key.length !== keyLength(request.algorithm)) refuse.invalidData();
  return storeCreated(
    context,
    request,
    ObjectType.WrapKey,
    Origin.Imported,
    withDelegated(delegated, key),
  );
};

export const generateWrapKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'generate-wrap-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const delegated = reader.u64();
  reader.end();
  const key = context.randomBytes(keyLength(request.algorithm));
  const body = withDelegated(delegated, key);
  key.fill(0);
  return storeCreated(context, request, ObjectType.WrapKey, Origin.Generated, body);
};
