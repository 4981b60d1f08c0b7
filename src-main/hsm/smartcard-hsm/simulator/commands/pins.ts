// VERIFY for the user PIN (81) and the SO-PIN (88): retry counters, 63Cx with the tries left,
// 6983 once blocked; VERIFY without data asks the PIN's status (spec §5.1). RESET RETRY
// COUNTER lets the SO-PIN unblock the user PIN.

import { equalBytes } from '../../../yubihsm/protocol/bytes';
import type { CommandApdu } from '../../protocol/apdu';
import { PinReference } from '../../protocol/constants';
import { StatusWord } from '../../protocol/status-words';
import { SO_PIN_TRIES } from '../card-state';
import { answer, ok, type Card } from './card';

const wrongPin = (triesLeft: number) => answer(0x63c0 | Math.min(triesLeft, 15));

export function verify(apdu: CommandApdu, card: Card): Uint8Array {
  if (apdu.p1 !== 0) return answer(StatusWord.WRONG_P1_P2);
  if (apdu.p2 === PinReference.USER) return verifyUserPin(apdu.data, card);
  if (apdu.p2 === PinReference.SO) return verifySoPin(apdu.data, card);
  return answer(StatusWord.INCORRECT_PARAMETERS);
}

function verifyUserPin(pin: Uint8Array, card: Card): Uint8Array {
  const { state, session } = card;
  if (!state.initialised || !state.userPin) return answer(StatusWord.REFERENCED_DATA_NOT_FOUND);
  if (pin.length === 0) {
    if (session.userPinVerified) return ok();
    if (state.userPinTriesLeft === 0) return answer(StatusWord.AUTHENTICATION_BLOCKED);
    return wrongPin(state.userPinTriesLeft);
  }
  if (state.userPinTriesLeft === 0) return answer(StatusWord.AUTHENTICATION_BLOCKED);
  if (!equalBytes(pin, state.userPin)) {
    session.userPinVerified = false;
    state.userPinTriesLeft -= 1;
    card.changed();
    return wrongPin(state.userPinTriesLeft);
  }
  session.userPinVerified = true;
  if (state.userPinTriesLeft !== state.userPinRetryLimit) {
    state.userPinTriesLeft = state.userPinRetryLimit;
    card.changed();
  }
  return ok();
}

function verifySoPin(pin: Uint8Array, card: Card): Uint8Array {
  const { state, session } = card;
  if (!state.soPin) return answer(StatusWord.REFERENCED_DATA_NOT_FOUND);
  const check = checkSoPin(pin, card);
  if (check) return check;
  session.soPinVerified = true;
  return ok();
}

/** Checks an SO-PIN against the card's, counting a wrong one; undefined when it matches. */
export function checkSoPin(pin: Uint8Array, card: Card): Uint8Array | undefined {
  const { state } = card;
  if (!state.soPin) return undefined;
  if (pin.length === 0)
    return state.soPinTriesLeft === 0
      ? answer(StatusWord.AUTHENTICATION_BLOCKED)
      : wrongPin(state.soPinTriesLeft);
  if (state.soPinTriesLeft === 0) return answer(StatusWord.AUTHENTICATION_BLOCKED);
  if (pin.length !== 8 || !equalBytes(pin, state.soPin)) {
    state.soPinTriesLeft -= 1;
    card.changed();
    return wrongPin(state.soPinTriesLeft);
  }
  if (state.soPinTriesLeft !== SO_PIN_TRIES) {
    state.soPinTriesLeft = SO_PIN_TRIES;
    card.changed();
  }
  return undefined;
}

/**
 * RESET RETRY COUNTER (`00 2C 00|01 81`): the SO-PIN unblocks the user PIN, with a new PIN
 * (P1 00: SO-PIN ‖ new PIN, what OpenSC's init-pin sends) or keeping the old one (P1 01), if
 * the options allow it (bit 0, which sc-hsm-tool sets).
 */
export function resetRetryCounter(apdu: CommandApdu, card: Card): Uint8Array {
  const { state } = card;
  if (apdu.p2 !== PinReference.USER) return answer(StatusWord.INCORRECT_PARAMETERS);
  if (apdu.p1 !== 0x00 && apdu.p1 !== 0x01) return answer(StatusWord.WRONG_P1_P2);
  if (!state.initialised || !state.userPin) return answer(StatusWord.REFERENCED_DATA_NOT_FOUND);
  if ((state.options & 0x0001) === 0) return answer(StatusWord.CONDITIONS_NOT_SATISFIED);
  if (apdu.data.length < 8) return answer(StatusWord.WRONG_LENGTH);
  const newPin = apdu.data.subarray(8);
  if (apdu.p1 === 0x00 ? newPin.length < 6 || newPin.length > 16 : newPin.length !== 0)
    return answer(StatusWord.WRONG_DATA);
  const refused = checkSoPin(apdu.data.subarray(0, 8), card);
  if (refused) return refused;
  if (apdu.p1 === 0x00) {
    state.userPin.fill(0);
    state.userPin = newPin.slice();
  }
  state.userPinTriesLeft = state.userPinRetryLimit;
  card.session.userPinVerified = false;
  card.changed();
  return ok();
}
