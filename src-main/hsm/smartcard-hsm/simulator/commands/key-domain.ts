// MANAGE KEY DOMAIN (`80 52 00 00`, spec §1, §3, §5.1, §5.3): the status query (total shares,
// outstanding, KCV) and the import of one 32-byte share, XORed into the accumulator. No PIN is
// needed (sc-hsm-tool sends none). Only key domain 0 and P1 = 00 are simulated.
//
// Where the two devices differ (spec §5.4, §7.1):
// - no DKEK configured: a SmartCard-HSM answers 6D00 (sc-hsm-tool stays silent); a Pico HSM
//   answers its status with 0 shares, or 6A86 if it was never initialised;
// - a Pico HSM shows the KCV as zeros unless the user PIN was verified in this card session.

import type { CommandApdu } from '../../protocol/apdu';
import { DKEK_LENGTH, KCV_LENGTH } from '../../protocol/constants';
import { dkekCheckValueBytes, xorShareInto } from '../../protocol/dkek-keys';
import { StatusWord } from '../../protocol/status-words';
import { answer, ok, type Card } from './card';

function status(card: Card): Uint8Array {
  const dkek = card.state.dkek;
  const out = new Uint8Array(2 + KCV_LENGTH);
  if (!dkek) return out;
  out[0] = dkek.total;
  out[1] = dkek.outstanding;
  const sealed = card.flavour === 'pico-hsm' && !card.session.userPinVerified;
  if (!sealed) out.set(dkekCheckValueBytes(dkek.accumulator), 2);
  return out;
}

export function manageKeyDomain(apdu: CommandApdu, card: Card): Uint8Array {
  const { state } = card;
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return answer(StatusWord.INCORRECT_PARAMETERS);
  if (card.flavour === 'pico-hsm') {
    if (!state.initialised) return answer(StatusWord.INCORRECT_PARAMETERS);
  } else if (!state.dkek) {
    return answer(StatusWord.INS_NOT_SUPPORTED);
  }
  if (apdu.data.length === 0) return ok(status(card));
  if (apdu.data.length !== DKEK_LENGTH) return answer(StatusWord.WRONG_LENGTH);
  const dkek = state.dkek;
  if (!dkek || dkek.outstanding === 0) return answer(StatusWord.COMMAND_NOT_ALLOWED);
  xorShareInto(dkek.accumulator, apdu.data);
  dkek.outstanding -= 1;
  card.changed();
  return ok(status(card));
}
