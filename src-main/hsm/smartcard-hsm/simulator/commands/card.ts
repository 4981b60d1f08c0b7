// What a command handler sees of the card, and the answers it gives.

import type { CommandApdu } from '../../protocol/apdu';
import { encodeResponse, statusOnly } from '../../protocol/apdu';
import { StatusWord } from '../../protocol/status-words';
import type { CardFlavour, CardSession, CardState } from '../card-state';
import { DEVICE_CERTIFICATE_FID, deviceCertificate } from '../device-certificate';

export interface Card {
  readonly state: CardState;
  readonly session: CardSession;
  readonly flavour: CardFlavour;
  random(length: number): Uint8Array;
  /** The persistent state changed: write it to the state file. */
  changed(): void;
}

export type CommandHandler = (apdu: CommandApdu, card: Card) => Uint8Array;

/**
 * Key reference 0 is the device authentication key: always there (LIST FILES shows CC00, so
 * OpenSC never picks 0 for a new key), never exported, deleted or replaced.
 */
export const DEVICE_KEY_REFERENCE = 0;

export function hasKey(card: Card, ref: number): boolean {
  return ref === DEVICE_KEY_REFERENCE || card.state.keys.has(ref);
}

/** An EF's content: the card's own files first (EF.C_DevAut), then what was written. */
export function fileContent(card: Card, fid: number): Uint8Array | undefined {
  if (fid === DEVICE_CERTIFICATE_FID) return deviceCertificate(card.state.deviceKey, card.flavour);
  return card.state.files.get(fid);
}

export function ok(data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeResponse(data, StatusWord.OK);
}

export const answer = statusOnly;

/** The user PIN must have been verified in this card session (6982 otherwise). */
export function needsUserPin(card: Card): Uint8Array | undefined {
  return card.session.userPinVerified
    ? undefined
    : answer(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
}
