// SESSION MESSAGE (spec §3.5): wrapping one inner command and unwrapping its response. Pure
// functions over the session keys, counter and MAC chain; SecureSession owns that state.

import { aesCbcDecrypt, aesCbcEncrypt } from '../crypto/aes';
import { chainedMac, messageIv, pad, unpad, type SessionKeys } from '../crypto/scp03';
import { Command, commandName, responseCodeFor } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { encodeFrame, tryDecodeFrame } from '../protocol/frame';
import { equalBytes } from '../protocol/bytes';

const MAC_LENGTH = 8;
const BLOCK = 16;
/** Outer bytes around the ciphertext: header (3) + session id (1) + MAC (8). */
const OUTER_OVERHEAD = 3 + 1 + MAC_LENGTH;

/** Total length of the SESSION MESSAGE frame carrying an inner payload of `payloadLength` bytes. */
export function sessionMessageLength(payloadLength: number): number {
  return OUTER_OVERHEAD + (Math.floor((3 + payloadLength) / BLOCK) + 1) * BLOCK;
}

/** The largest inner payload whose SESSION MESSAGE fits in `maxFrameLength` bytes. */
export function maxInnerPayload(maxFrameLength: number): number {
  return Math.floor((maxFrameLength - OUTER_OVERHEAD) / BLOCK) * BLOCK - 4;
}

export interface SealedCommand {
  frame: Uint8Array;
  /** The IV of this request; the response is decrypted with the same IV. */
  iv: Uint8Array;
  /** The full C-MAC of this request: the new chaining value. */
  chain: Uint8Array;
}

/**
 * Inner frame -> ISO 9797-1 m2 padding -> AES-CBC(S-ENC, IV = ECB(S-ENC, counter)) ->
 * `05 Lc S ciphertext C-MAC(8)`, C-MAC = CMAC(S-MAC, chain || 05 Lc S ciphertext).
 */
export function sealCommand(
  keys: SessionKeys,
  sessionId: number,
  counter: number,
  chain: Uint8Array,
  command: number,
  payload: Uint8Array,
): SealedCommand {
  const inner = encodeFrame(command, payload);
  const padded = pad(inner);
  inner.fill(0);
  const iv = messageIv(keys.encryption, counter);
  const ciphertext = aesCbcEncrypt(keys.encryption, iv, padded);
  padded.fill(0);
  const body = new Uint8Array(1 + ciphertext.length + MAC_LENGTH);
  body[0] = sessionId;
  body.set(ciphertext, 1);
  const frame = encodeFrame(Command.SessionMessage, body);
  const newChain = chainedMac(keys.mac, chain, frame.subarray(0, frame.length - MAC_LENGTH));
  frame.set(newChain.subarray(0, MAC_LENGTH), frame.length - MAC_LENGTH);
  return { frame, iv, chain: newChain };
}

export type OpenedResponse =
  | { kind: 'response'; payload: Uint8Array }
  /** An error the device sent encrypted and MAC'd: the session stays in step (spec §3.5). */
  | { kind: 'inner-error'; code: number }
  /** An error sent in the clear (`7f 00 01 xx`), e.g. an expired session. */
  | { kind: 'outer-error'; code: number };

/**
 * Checks and opens the device's answer to a sealed command. Anything that breaks §3.5 throws a
 * YubiHsmProtocolError naming the inner command.
 */
export function openResponse(
  keys: SessionKeys,
  sessionId: number,
  sealed: Pick<SealedCommand, 'iv' | 'chain'>,
  command: number,
  response: Uint8Array,
): OpenedResponse {
  // The device may have run the command before its answer went wrong, so the person is told
  // to check before repeating (a ceremony must not put an object twice).
  const fail = (problem: string) =>
    new YubiHsmProtocolError(
      command,
      `${problem}; the session was ended: open a new session and check whether the step took effect before repeating it`,
    );
  const frame = tryDecodeFrame(response);
  if (!frame)
    throw fail(
      `the SESSION MESSAGE response of ${response.length} bytes is malformed: its length field does not match`,
    );

  // Outer errors carry no MAC, so they are read before any MAC check (spec §3.5).
  if (frame.code === Command.Error) {
    if (frame.payload.length !== 1)
      throw fail(
        `the device sent an error frame with a ${frame.payload.length}-byte payload instead of 1`,
      );
    return { kind: 'outer-error', code: frame.payload[0]! };
  }
  if (frame.code !== responseCodeFor(Command.SessionMessage)) {
    throw fail(
      `the device answered the SESSION MESSAGE with code 0x${frame.code.toString(16)} instead of 0x85`,
    );
  }
  const cipherLength = frame.payload.length - 1 - MAC_LENGTH;
  if (cipherLength < BLOCK || cipherLength % BLOCK !== 0) {
    throw fail(
      `the SESSION MESSAGE response carries ${frame.payload.length} bytes, which is not a session id, whole AES blocks and a MAC`,
    );
  }
  if (frame.payload[0] !== sessionId) {
    throw fail(`the response is for session ${frame.payload[0]}, not this session (${sessionId})`);
  }

  // R-MAC over chain || 85 Lr S ciphertext with S-RMAC; it does not update the chain.
  const expectedMac = chainedMac(
    keys.responseMac,
    sealed.chain,
    response.subarray(0, response.length - MAC_LENGTH),
  );
  const macOk = equalBytes(
    expectedMac.subarray(0, MAC_LENGTH),
    response.subarray(response.length - MAC_LENGTH),
  );
  expectedMac.fill(0);
  if (!macOk) throw fail('the response failed its integrity check (R-MAC)');

  const decrypted = aesCbcDecrypt(
    keys.encryption,
    sealed.iv,
    frame.payload.subarray(1, 1 + cipherLength),
  );
  try {
    const inner = unpad(decrypted);
    if (!inner) throw fail('the decrypted response has bad padding');
    const innerFrame = tryDecodeFrame(inner);
    if (!innerFrame)
      throw fail(`the decrypted response's length field does not match its ${inner.length} bytes`);
    if (innerFrame.code === Command.Error) {
      if (innerFrame.payload.length !== 1)
        throw fail(
          `the device sent an inner error frame with a ${innerFrame.payload.length}-byte payload instead of 1`,
        );
      return { kind: 'inner-error', code: innerFrame.payload[0]! };
    }
    if (innerFrame.code !== responseCodeFor(command)) {
      throw fail(
        `the device answered with code 0x${innerFrame.code.toString(16)} (${commandName(innerFrame.code & 0x7f)}) instead of 0x${responseCodeFor(command).toString(16)}`,
      );
    }
    return { kind: 'response', payload: innerFrame.payload.slice() };
  } finally {
    decrypted.fill(0);
  }
}
