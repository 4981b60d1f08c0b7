// Shape checks on inner response payloads: a response that does not have the layout of
// spec §4.3 is a YubiHsmProtocolError naming the command.

import { YubiHsmProtocolError } from '../protocol/device-errors';
import { hex, readU16 } from '../protocol/bytes';

export function expectLength(command: number, payload: Uint8Array, length: number): Uint8Array {
  if (payload.length !== length) {
    throw new YubiHsmProtocolError(
      command,
      `expected a ${length}-byte response, got ${payload.length} bytes`,
    );
  }
  return payload;
}

export function expectEmpty(command: number, payload: Uint8Array): void {
  if (payload.length !== 0)
    throw new YubiHsmProtocolError(
      command,
      `expected an empty response, got ${payload.length} bytes`,
    );
}

/** Put/generate answer with the id used; a device that used another id than asked is refused. */
export function expectObjectId(command: number, payload: Uint8Array, requested: number): number {
  expectLength(command, payload, 2);
  const id = readU16(payload, 0);
  if (id === 0 || id === 0xffff)
    throw new YubiHsmProtocolError(
      command,
      `the device reported the reserved object id ${hex(id)}`,
    );
  if (requested !== 0 && id !== requested) {
    throw new YubiHsmProtocolError(
      command,
      `the device stored the object as ${hex(id)} instead of the requested ${hex(requested)}`,
    );
  }
  return id;
}
