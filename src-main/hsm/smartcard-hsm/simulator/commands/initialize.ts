// INITIALIZE DEVICE (`80 50 00 00`, spec §5.2): options, user PIN, SO-PIN, user PIN retry
// counter and the DKEK share count (absent: no DKEK; 0: a random DKEK; n: n shares to import).
// Initialising again needs the card's SO-PIN and wipes every key and file.

import type { CommandApdu } from '../../protocol/apdu';
import { DKEK_LENGTH, InitTag } from '../../protocol/constants';
import { StatusWord } from '../../protocol/status-words';
import { findTlv, parseTlvs, type Tlv } from '../../protocol/tlv';
import { SO_PIN_TRIES, wipeUserData } from '../card-state';
import { answer, ok, type Card } from './card';
import { checkSoPin } from './pins';

export function initializeDevice(apdu: CommandApdu, card: Card): Uint8Array {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return answer(StatusWord.WRONG_P1_P2);
  let items: Tlv[];
  try {
    items = parseTlvs(apdu.data);
  } catch {
    return answer(StatusWord.WRONG_DATA);
  }
  const options = findTlv(items, InitTag.OPTIONS);
  const userPin = findTlv(items, InitTag.USER_PIN);
  const soPin = findTlv(items, InitTag.SO_PIN);
  const retries = findTlv(items, InitTag.USER_PIN_RETRIES);
  const shares = findTlv(items, InitTag.DKEK_SHARES);
  if (
    !userPin ||
    userPin.length < 6 ||
    userPin.length > 16 ||
    !soPin ||
    soPin.length !== 8 ||
    (options && options.length !== 2) ||
    (retries && (retries.length !== 1 || retries[0]! < 1 || retries[0]! > 10)) ||
    (shares && shares.length !== 1)
  )
    return answer(StatusWord.WRONG_DATA);

  const { state } = card;
  // A SmartCard-HSM takes the SO-PIN given the first time and checks it every time after; the
  // Pico HSM firmware read does not check it (spec §7.1).
  if (card.flavour === 'smartcard-hsm') {
    const refused = checkSoPin(soPin, card);
    if (refused) return refused;
  }

  wipeUserData(state);
  state.initialised = true;
  state.options = options ? (options[0]! << 8) | options[1]! : 0x0001;
  state.userPin = userPin.slice();
  state.userPinRetryLimit = retries ? retries[0]! : 3;
  state.userPinTriesLeft = state.userPinRetryLimit;
  state.soPin = soPin.slice();
  state.soPinTriesLeft = SO_PIN_TRIES;
  if (!shares) state.dkek = undefined;
  else if (shares[0] === 0)
    state.dkek = { total: 1, outstanding: 0, accumulator: card.random(DKEK_LENGTH) };
  else
    state.dkek = {
      total: shares[0]!,
      outstanding: shares[0]!,
      accumulator: new Uint8Array(DKEK_LENGTH),
    };
  Object.assign(card.session, {
    userPinVerified: false,
    soPinVerified: false,
    currentFile: undefined,
  });
  card.changed();
  return ok();
}
