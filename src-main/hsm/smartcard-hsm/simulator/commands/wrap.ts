// WRAP KEY (`80 72 ‹ref› 92`) and UNWRAP KEY (`80 74 ‹ref› 93`), spec §5.1 and §6. UNWRAP takes
// the blob as its data (the one extended APDU OpenSC 0.23 sends) or, without data, from EF 2F10
// where OpenSC 0.24 stages it. Both need the user PIN and a complete DKEK.
// A blob not matching the DKEK: 6A80 on a SmartCard-HSM, 6400 on a Pico HSM (spec §5.4, §7.1).

import type { CommandApdu } from '../../protocol/apdu';
import { UNWRAP_KEY_P2, UNWRAP_STAGING_FID, WRAP_KEY_P2 } from '../../protocol/constants';
import { StatusWord } from '../../protocol/status-words';
import { buildWrappedKey, openWrappedKey, WrappedKeyFormatError } from '../../protocol/wrapped-key';
import { fromWrappedContent, toWrappedContent, UnsupportedKeyError } from '../card-keys';
import { completeDkek } from '../card-state';
import { answer, hasKey, needsUserPin, ok, type Card } from './card';

export function wrapKey(apdu: CommandApdu, card: Card): Uint8Array {
  if (apdu.p2 !== WRAP_KEY_P2) return answer(StatusWord.WRONG_P1_P2);
  const refused = needsUserPin(card);
  if (refused) return refused;
  const dkek = completeDkek(card.state);
  const key = card.state.keys.get(apdu.p1);
  if (!dkek || !key) return answer(StatusWord.REFERENCED_DATA_NOT_FOUND);
  const content = toWrappedContent(key);
  try {
    return ok(buildWrappedKey(dkek, content, card.random(8)));
  } finally {
    for (const field of content.fields) field.fill(0);
  }
}

export function unwrapKey(apdu: CommandApdu, card: Card): Uint8Array {
  if (apdu.p2 !== UNWRAP_KEY_P2) return answer(StatusWord.WRONG_P1_P2);
  const refused = needsUserPin(card);
  if (refused) return refused;
  const ref = apdu.p1;
  const dkek = completeDkek(card.state);
  if (!dkek) return answer(StatusWord.REFERENCED_DATA_NOT_FOUND);
  const staged = apdu.data.length === 0;
  const blob = staged ? card.state.files.get(UNWRAP_STAGING_FID) : apdu.data;
  if (!blob) return answer(StatusWord.REFERENCED_DATA_NOT_FOUND);
  if (hasKey(card, ref)) return answer(StatusWord.FILE_EXISTS);
  const notThisDomain =
    card.flavour === 'pico-hsm' ? StatusWord.COMMAND_FAILED : StatusWord.WRONG_DATA;
  let content;
  try {
    content = openWrappedKey(blob, dkek);
  } catch (error) {
    if (error instanceof WrappedKeyFormatError) return answer(notThisDomain);
    throw error;
  }
  try {
    card.state.keys.set(ref, fromWrappedContent(content));
  } catch (error) {
    if (error instanceof UnsupportedKeyError) return answer(StatusWord.FUNCTION_NOT_SUPPORTED);
    throw error;
  } finally {
    for (const field of content.fields) field.fill(0);
  }
  if (staged) {
    blob.fill(0);
    card.state.files.delete(UNWRAP_STAGING_FID);
  }
  card.changed();
  return ok();
}
