// Symmetric AES keys (spec §4.3, fw >= 2.3): PUT / GENERATE SYMMETRIC KEY and ECB / CBC
// encryption without padding. The body is the raw key (spec §6.3: 16 / 24 / 32 bytes).

import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { CapabilityName } from '../../protocol/capabilities';
import { ObjectType } from '../../protocol/object-types';
import { findVisible, requireObjectCapability, requireSessionCapability } from '../authorization';
import { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { Origin } from '../hsm-object';
import { SYMMETRIC_KEY_LENGTHS } from '../symmetric-keys';
import type { CommandContext, CommandHandler } from './context';
import { readCreation, storeCreated } from './creation';

function keyLength(algorithm: number): number {
  return SYMMETRIC_KEY_LENGTHS.get(algorithm) ?? refuse.invalidData();
}

export const putSymmetricKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'put-symmetric-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  const key = reader.rest().slice();
  if (key.length !== keyLength(request.algorithm)) refuse.invalidData();
  return storeCreated(context, request, ObjectType.SymmetricKey, Origin.Imported, key);
};

export const generateSymmetricKey: CommandHandler = (context) => {
  requireSessionCapability(context.rights, 'generate-symmetric-key');
  const reader = new PayloadReader(context.payload);
  const request = readCreation(reader);
  reader.end();
  return storeCreated(
    context,
    request,
    ObjectType.SymmetricKey,
    Origin.Generated,
    context.randomBytes(keyLength(request.algorithm)),
  );
};

type Mode = 'ecb' | 'cbc';

function aes(
  context: CommandContext,
  capability: CapabilityName,
  mode: Mode,
  encrypt: boolean,
): Uint8Array {
  requireSessionCapability(context.rights, capability);
  const reader = new PayloadReader(context.payload);
  const id = reader.u16();
  context.target = id;
  const key = findVisible(context.state.store, context.rights, ObjectType.SymmetricKey, id);
  requireObjectCapability(key, capability);
  const iv = mode === 'cbc' ? reader.take(16) : null;
  const data = reader.rest();
  if (data.length === 0 || data.length % 16 !== 0) refuse.invalidData();
  const name = `aes-${key.body.length * 8}-${mode}`;
  const cipher = encrypt
    ? createCipheriv(name, key.body, iv)
    : createDecipheriv(name, key.body, iv);
  cipher.setAutoPadding(false);
  const out = Buffer.concat([cipher.update(data), cipher.final()]);
  const result = new Uint8Array(out);
  out.fill(0);
  return result;
}

export const encryptEcb: CommandHandler = (context) => aes(context, 'encrypt-ecb', 'ecb', true);
export const decryptEcb: CommandHandler = (context) => aes(context, 'decrypt-ecb', 'ecb', false);
/** id || IV (16) || data -> same length. */
export const encryptCbc: CommandHandler = (context) => aes(context, 'encrypt-cbc', 'cbc', true);
export const decryptCbc: CommandHandler = (context) => aes(context, 'decrypt-cbc', 'cbc', false);
