// The prefix every put/generate request starts with (spec §4.2): id (2) || label (40) ||
// domains (2) || capabilities (8) || algorithm (1), and the common path that stores the new
// object and answers with the id actually used.

import { checkCreation } from '../authorization';
import { u16 } from '../../protocol/bytes';
import type { PayloadReader } from '../bytes';
import { refuse } from '../device-failure';
import { LABEL_LENGTH, hasDelegated, type HsmObject } from '../hsm-object';
import type { CommandContext } from './context';

export interface CreationRequest {
  id: number;
  label: Uint8Array;
  domains: number;
  capabilities: bigint;
  algorithm: number;
}

export function readCreation(reader: PayloadReader): CreationRequest {
  return {
    id: reader.u16(),
    label: reader.take(LABEL_LENGTH).slice(),
    domains: reader.u16(),
    capabilities: reader.u64(),
    algorithm: reader.u8(),
  };
}

/**
 * The checks that do not need the key: run before generating one, so a refused GENERATE (an
 * RSA-4096 one takes seconds) is refused at once. storeCreated runs them again.
 */
export function checkNewObject(
  context: CommandContext,
  request: CreationRequest,
  type: number,
  delegated?: bigint,
): void {
  checkCreation(context.rights, {
    domains: request.domains,
    capabilities: request.capabilities,
    ...(delegated === undefined ? {} : { delegated }),
  });
  if (request.id === 0xffff) refuse.invalidId();
  if (request.id !== 0 && context.state.store.find(type, request.id)) refuse.objectExists();
}

/**
 * Checks the session may create this object (§5.3), picks the id (0 = device's choice), stores
 * it and answers with the id. `body` is the §6.3 internal body (delegated capabilities first
 * for authentication and wrap keys); it is zeroized if the object is refused.
 */
export function storeCreated(
  context: CommandContext,
  request: CreationRequest,
  type: number,
  origin: number,
  body: Uint8Array,
): Uint8Array {
  try {
    checkNewObject(
      context,
      request,
      type,
      hasDelegated(type)
        ? new DataView(body.buffer, body.byteOffset, 8).getBigUint64(0)
        : undefined,
    );
    const { store } = context.state;
    const id = store.chooseId(request.id, context.randomBytes);
    context.target = id;
    const object: HsmObject = {
      id,
      type,
      algorithm: request.algorithm,
      label: request.label,
      domains: request.domains,
      capabilities: request.capabilities,
      sequence: 0,
      origin,
      body,
    };
    store.add(object);
    object.sequence = store.nextSequence(type, id);
    context.changed = true;
    return u16(id);
  } catch (error) {
    body.fill(0);
    throw error;
  }
}
