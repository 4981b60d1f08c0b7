// The two plain frames that open a secure channel (spec §3.2–§3.4), as pure functions so the
// V2 vector can check them byte for byte.

import { randomBytes } from 'node:crypto';
import { chainedMac } from '../crypto/scp03';
import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { encodeFrame, expectResponse } from '../protocol/frame';
import { concatBytes, u16 } from '../protocol/bytes';

export const HOST_CHALLENGE_LENGTH = 8;
export const CRYPTOGRAM_LENGTH = 8;
const MAC_LENGTH = 8;
/** Session ids are 0..15: the device has 16 slots (spec §3.6). */
export const MAX_SESSION_ID = 15;

/** CREATE SESSION request: auth key id (2) || host challenge (8). */
export function createSessionRequest(authKeyId: number, hostChallenge: Uint8Array): Uint8Array {
  return encodeFrame(Command.CreateSession, concatBytes(u16(authKeyId), hostChallenge));
}

export interface CardGreeting {
  sessionId: number;
  cardChallenge: Uint8Array;
  cardCryptogram: Uint8Array;
}

/** CREATE SESSION response: session id (1) || card challenge (8) || card cryptogram (8). */
export function parseCreateSessionResponse(response: Uint8Array): CardGreeting {
  const payload = expectResponse(Command.CreateSession, response);
  if (payload.length !== 1 + HOST_CHALLENGE_LENGTH + CRYPTOGRAM_LENGTH) {
    throw new YubiHsmProtocolError(
      Command.CreateSession,
      `expected a 17-byte response, got ${payload.length} bytes`,
    );
  }
  const sessionId = payload[0]!;
  if (sessionId > MAX_SESSION_ID) {
    throw new YubiHsmProtocolError(
      Command.CreateSession,
      `the device named session ${sessionId}, but session ids are 0..15`,
    );
  }
  return {
    sessionId,
    cardChallenge: payload.slice(1, 9),
    cardCryptogram: payload.slice(9, 17),
  };
}

export interface AuthenticateRequest {
  frame: Uint8Array;
  /** The full 16-byte CMAC: the MAC chaining value for the first SESSION MESSAGE. */
  chain: Uint8Array;
}

/**
 * AUTHENTICATE SESSION: S || host cryptogram || MAC(8). The MAC is AES-CMAC(S-MAC) over 16 zero
 * bytes (the initial chain) || `04 00 11` || S || host cryptogram (spec §3.4).
 */
export function authenticateSessionRequest(
  sessionId: number,
  hostCryptogram: Uint8Array,
  sessionMacKey: Uint8Array,
): AuthenticateRequest {
  const frame = encodeFrame(
    Command.AuthenticateSession,
    concatBytes(Uint8Array.of(sessionId), hostCryptogram, new Uint8Array(MAC_LENGTH)),
  );
  const chain = chainedMac(
    sessionMacKey,
    new Uint8Array(16),
    frame.subarray(0, frame.length - MAC_LENGTH),
  );
  frame.set(chain.subarray(0, MAC_LENGTH), frame.length - MAC_LENGTH);
  return { frame, chain };
}

/**
 * An AUTHENTICATE SESSION the device is certain to refuse: random cryptogram and MAC. Sent
 * after a card cryptogram mismatch so the device frees the half-open slot (it does so on a
 * failed AUTHENTICATE, spec §3.4) without us sending anything derived from the password.
 */
export function releaseSessionRequest(sessionId: number): Uint8Array {
  return encodeFrame(
    Command.AuthenticateSession,
    concatBytes(Uint8Array.of(sessionId), randomBytes(CRYPTOGRAM_LENGTH + MAC_LENGTH)),
  );
}
