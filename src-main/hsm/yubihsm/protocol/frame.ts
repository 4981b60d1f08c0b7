// Frame codec (spec §1.1): code (1) || payload length (2, big-endian) || payload.

import { Command, responseCodeFor } from './commands';
import { YubiHsmDeviceError, YubiHsmProtocolError } from './device-errors';

export const FRAME_HEADER_LENGTH = 3;
/** Message buffer of firmware >= 2.4.0 (spec §1.2), header included. */
export const MAX_FRAME_LENGTH = 3136;
export const MAX_PAYLOAD_LENGTH = MAX_FRAME_LENGTH - FRAME_HEADER_LENGTH;

export interface Frame {
  code: number;
  payload: Uint8Array;
}

export function encodeFrame(code: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (payload.length > 0xffff)
    throw new RangeError(`frame payload of ${payload.length} bytes cannot be encoded`);
  const out = new Uint8Array(FRAME_HEADER_LENGTH + payload.length);
  out[0] = code;
  out[1] = payload.length >> 8;
  out[2] = payload.length & 0xff;
  out.set(payload, FRAME_HEADER_LENGTH);
  return out;
}

/** Splits a frame; returns undefined when the bytes are not one complete frame. */
export function tryDecodeFrame(bytes: Uint8Array): Frame | undefined {
  if (bytes.length < FRAME_HEADER_LENGTH) return undefined;
  const length = (bytes[1]! << 8) | bytes[2]!;
  if (bytes.length !== FRAME_HEADER_LENGTH + length) return undefined;
  return { code: bytes[0]!, payload: bytes.subarray(FRAME_HEADER_LENGTH) };
}

export function errorFrame(errorCode: number): Uint8Array {
  return encodeFrame(Command.Error, Uint8Array.of(errorCode));
}

/**
 * Checks a response frame against the request that caused it and returns its payload.
 * A device error becomes a YubiHsmDeviceError; anything malformed a YubiHsmProtocolError
 * naming the command (spec §1.1: length must match, code must be request|0x80 or 0x7F).
 */
export function expectResponse(command: number, response: Uint8Array): Uint8Array {
  const frame = tryDecodeFrame(response);
  if (!frame) {
    throw new YubiHsmProtocolError(
      command,
      `malformed response of ${response.length} bytes (its length field does not match)`,
    );
  }
  if (frame.code === Command.Error) {
    if (frame.payload.length !== 1) {
      throw new YubiHsmProtocolError(
        command,
        `error response with a ${frame.payload.length}-byte payload instead of 1`,
      );
    }
    throw new YubiHsmDeviceError(frame.payload[0]!, command);
  }
  if (frame.code !== responseCodeFor(command)) {
    throw new YubiHsmProtocolError(
      command,
      `unexpected response code 0x${frame.code.toString(16)}`,
    );
  }
  return frame.payload;
}
