// HMAC key commands (spec §4.3): PUT / GENERATE HMAC KEY, SIGN HMAC, VERIFY HMAC.

import { ObjectType } from '../../protocol/object-types';
import type { CapabilityName } from '../../protocol/capabilities';
import { findVisible, requireObjectCapability, requireSessionCapability } from '../authorization';
import { equalBytes } from '../../protocol/bytes';
import { PayloadReader } from '../bytes';
import { generateHmacBody, hmacBodyFromKey, hmacOutputLength, signHmac } from '../hmac-keys';
import { Origin, type HsmObject } from '../hsm-object';
import type { CommandContext, CommandHandler } from './context';
import { readCreation, storeCreated } from './creation';

export const putHmacKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-mac-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const body = hmacBodyFromKey(request.algorithm, reader.rest());
  return storeCreated(context, request, ObjectType.HmacKey, Origin.Imported, body);
};

export const generateHmacKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'generate-hmac-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  reader.end();
  return storeCreated(
    context,
    request,
    ObjectType.HmacKey,
    Origin.Generated,
    generateHmacBody(request.algorithm, context.randomBytes),
  );
};

function hmacKeyFor(
  context: CommandContext,
  capability: CapabilityName,
): { key: HsmObject; reader: PayloadReader } {
  requireSessionCapability(context.rights, capability);
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  context.target = id;
  const key = findVisible(context.state.store, context.rights, ObjectType.HmacKey, id);
  requireObjectCapability(key, capability);
  return { key, reader };
}

/** SIGN HMAC: id || data -> MAC (20/32/48/64 bytes). */
export const signHmacCommand: CommandHandler = (context) => {
  const { key, reader } = hmacKeyFor(context, 'sign-hmac');
  return signHmac(key.algorithm, key.body, reader.rest());
};

/** VERIFY HMAC: id || MAC (the algorithm's output length) || data -> 01 valid, 00 invalid. */
export const verifyHmacCommand: CommandHandler = (context) => {
  const { key, reader } = hmacKeyFor(context, 'verify-hmac');
  const mac = reader.take(hmacOutputLength(key.algorithm));
  const expected = signHmac(key.algorithm, key.body, reader.rest());
  return Uint8Array.of(equalBytes(mac, expected) ? 1 : 0);
};
