// The device side of the secure channel (spec §3.2–§3.5): the same key schedule, counter and
// MAC chain as the client, computed from the card's end. Pure functions over a DeviceSession.

import { aesCbcDecrypt, aesCbcEncrypt } from '../crypto/aes';
import {
  cardCryptogram,
  chainedMac,
  deriveSessionKeys,
  hostCryptogram,
  messageIv,
  pad,
  unpad,
  wipeSessionKeys,
} from '../crypto/scp03';
import { Command, responseCodeFor } from '../protocol/commands';
import { concatBytes, equalBytes, u16 } from '../protocol/bytes';
import type { DeviceSession, SessionRights, SessionTable } from './sessions';

const MAC_LENGTH = 8;
const BLOCK = 16;

export interface Greeting {
  session: DeviceSession;
  /** CREATE SESSION response payload: S || card challenge || card cryptogram. */
  response: Uint8Array;
}

/** CREATE SESSION (spec §3.2): derives the session keys and answers with the card cryptogram. */
export function greet(
  table: SessionTable,
  rights: SessionRights,
  staticKeys: { encryptionKey: Uint8Array; macKey: Uint8Array },
  hostChallenge: Uint8Array,
  cardChallenge: Uint8Array,
): Greeting | undefined {
  const context = concatBytes(hostChallenge, cardChallenge);
  const keys = deriveSessionKeys(staticKeys.encryptionKey, staticKeys.macKey, context);
  const session = table.open(rights, keys, context);
  if (!session) {
    wipeSessionKeys(keys);
    return undefined;
  }
  return {
    session,
    response: concatBytes(
      Uint8Array.of(session.id),
      cardChallenge,
      cardCryptogram(keys.mac, context),
    ),
  };
}

/**
 * AUTHENTICATE SESSION (spec §3.4): payload S || host cryptogram || MAC over
 * zero chain || `04 00 11` || S || host cryptogram. On success the full CMAC becomes the chain.
 */
export function authenticate(session: DeviceSession, payload: Uint8Array): boolean {
  const macInput = concatBytes(
    Uint8Array.of(Command.AuthenticateSession),
    u16(payload.length),
    payload.subarray(0, payload.length - MAC_LENGTH),
  );
  const full = chainedMac(session.keys.mac, new Uint8Array(16), macInput);
  const macOk = equalBytes(
    full.subarray(0, MAC_LENGTH),
    payload.subarray(payload.length - MAC_LENGTH),
  );
  const cryptogramOk = equalBytes(
    hostCryptogram(session.keys.mac, session.context),
    payload.subarray(1, 1 + MAC_LENGTH),
  );
  if (!macOk || !cryptogramOk) return false;
  session.chain = full;
  session.authenticated = true;
  return true;
}

export type OpenedMessage =
  | { kind: 'inner'; inner: Uint8Array }
  | { kind: 'bad-mac' }
  | { kind: 'bad-length' }
  | { kind: 'bad-padding' };

/**
 * SESSION MESSAGE in (spec §3.5): payload S || ciphertext || C-MAC(8). The C-MAC covers
 * chain || 05 || Lc || S || ciphertext and, once verified, becomes the new chain.
 */
export function openMessage(session: DeviceSession, payload: Uint8Array): OpenedMessage {
  const cipherLength = payload.length - 1 - MAC_LENGTH;
  if (cipherLength < BLOCK || cipherLength % BLOCK !== 0) return { kind: 'bad-length' };
  const macInput = concatBytes(
    Uint8Array.of(Command.SessionMessage),
    u16(payload.length),
    payload.subarray(0, 1 + cipherLength),
  );
  const full = chainedMac(session.keys.mac, session.chain, macInput);
  if (!equalBytes(full.subarray(0, MAC_LENGTH), payload.subarray(1 + cipherLength)))
    return { kind: 'bad-mac' };
  session.chain = full;
  const iv = messageIv(session.keys.encryption, session.counter);
  const padded = aesCbcDecrypt(session.keys.encryption, iv, payload.subarray(1, 1 + cipherLength));
  const inner = unpad(padded);
  if (!inner) {
    padded.fill(0);
    return { kind: 'bad-padding' };
  }
  return { kind: 'inner', inner };
}

/**
 * SESSION MESSAGE out (spec §3.5): the inner response encrypted under the request's IV,
 * then R-MAC = CMAC(S-RMAC, chain || 85 || Lr || S || ciphertext); the R-MAC does not chain.
 * Advances the counter: one request/response pair is complete.
 */
export function sealResponse(session: DeviceSession, innerResponse: Uint8Array): Uint8Array {
  const iv = messageIv(session.keys.encryption, session.counter);
  const padded = pad(innerResponse);
  const cipher = aesCbcEncrypt(session.keys.encryption, iv, padded);
  padded.fill(0);
  const length = 1 + cipher.length + MAC_LENGTH;
  const macInput = concatBytes(
    Uint8Array.of(responseCodeFor(Command.SessionMessage)),
    u16(length),
    Uint8Array.of(session.id),
    cipher,
  );
  const rmac = chainedMac(session.keys.responseMac, session.chain, macInput).subarray(
    0,
    MAC_LENGTH,
  );
  session.counter += 1;
  return concatBytes(Uint8Array.of(session.id), cipher, rmac);
}

/** Largest inner response that still fits one response frame of `maxFrame` bytes. */
export function maxInnerResponse(maxFrame: number): number {
  const cipherRoom = Math.floor((maxFrame - 3 - 1 - MAC_LENGTH) / BLOCK) * BLOCK;
  return cipherRoom - 1; // at least one byte of padding
}
