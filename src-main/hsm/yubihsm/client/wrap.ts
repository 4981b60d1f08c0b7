// Export and import under a wrap key (spec §4.3, §6): the blob is nonce (13) || AES-CCM
// ciphertext of a 59-byte header and the object body || tag (16).

import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { concatBytes, readU16, u16 } from '../protocol/bytes';
import { YubiHsmArgumentError } from '../session/errors';
import type { SessionChannel } from './channel';
import { expectLength } from './responses';
import { checkObjectId, checkObjectType } from './validation';

/** nonce + tag + header: no wrapped object is shorter than this plus one body byte. */
export const MIN_WRAPPED_LENGTH = 13 + 16 + 59 + 1;

export async function exportWrapped(
  channel: SessionChannel,
  wrapKeyId: number,
  type: number,
  id: number,
): Promise<Uint8Array> {
  const request = concatBytes(
    u16(checkObjectId(wrapKeyId, 'the wrap key id')),
    Uint8Array.of(checkObjectType(type)),
    u16(checkObjectId(id, 'the id of the object to export')),
  );
  const blob = await channel.send(Command.ExportWrapped, request);
  if (blob.length < MIN_WRAPPED_LENGTH) {
    throw new YubiHsmProtocolError(
      Command.ExportWrapped,
      `a ${blob.length}-byte wrapped object is too short to hold a nonce, header and tag`,
    );
  }
  return blob;
}

export interface ImportedObject {
  type: number;
  id: number;
}

export async function importWrapped(
  channel: SessionChannel,
  wrapKeyId: number,
  blob: Uint8Array,
): Promise<ImportedObject> {
  if (!(blob instanceof Uint8Array) || blob.length < MIN_WRAPPED_LENGTH) {
    throw new YubiHsmArgumentError(
      `the wrapped object is ${blob instanceof Uint8Array ? blob.length : 0} bytes, too short to be a YubiHSM 2 wrapped object (at least ${MIN_WRAPPED_LENGTH}); check the .yhw file`,
    );
  }
  const request = concatBytes(u16(checkObjectId(wrapKeyId, 'the wrap key id')), blob);
  const payload = expectLength(
    Command.ImportWrapped,
    await channel.send(Command.ImportWrapped, request),
    3,
  );
  return { type: payload[0]!, id: readU16(payload, 1) };
}
