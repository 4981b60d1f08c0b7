// MANAGE KEY DOMAIN: the DKEK status and the import of one share (spec §1, §3, §5.1, §7.1).

import { encodeCommand, parseResponse } from '../protocol/apdu';
import { Cla, DKEK_LENGTH, Ins } from '../protocol/constants';
import { SmartCardHsmStatusError, StatusWord } from '../protocol/status-words';
import type { CardChannel } from './card-channel';
import { readDkekStatus, type DkekStatus } from './dkek-status';
import { SmartCardHsmClientError } from './errors';
import { verifyPin } from './pins';

/**
 * The DKEK status (`80 52 00 00 00`). A Pico HSM shows the KCV only after the user PIN was
 * verified in this card session: pass the PIN to have it verified first, in the same session.
 */
export async function dkekStatus(
  channel: CardChannel,
  options: { pin?: string } = {},
): Promise<DkekStatus> {
  if (options.pin !== undefined) await verifyPin(channel, options.pin);
  const { data, sw } = await channel.exchange({
    cla: Cla.PROPRIETARY,
    ins: Ins.MANAGE_KEY_DOMAIN,
    p1: 0,
    p2: 0,
    le: 256,
  });
  // A SmartCard-HSM initialised without shares does not know the command (spec §1).
  if (sw === StatusWord.INS_NOT_SUPPORTED) return { state: 'no-dkek' };
  if (sw !== StatusWord.OK) throw new SmartCardHsmStatusError('MANAGE KEY DOMAIN (status)', sw);
  return statusFrom(channel, data);
}

/**
 * Imports one 32-byte DKEK share (`80 52 00 00 20 ‹share› 00`). The device accepts the same
 * share twice (the DKEK becomes zero): the answer says so in `sameShareTwice`, for the
 * ceremony to refuse; it should also refuse a share file it has already seen.
 */
export async function importDkekShare(
  channel: CardChannel,
  share: Uint8Array,
): Promise<DkekStatus> {
  if (share.length !== DKEK_LENGTH)
    throw new SmartCardHsmClientError(
      'bad-input',
      `A DKEK share is ${DKEK_LENGTH} bytes, not ${share.length}.`,
    );
  const apdu = encodeCommand({
    cla: Cla.PROPRIETARY,
    ins: Ins.MANAGE_KEY_DOMAIN,
    p1: 0,
    p2: 0,
    data: share,
    le: 256,
  });
  let response: Uint8Array;
  try {
    response = await channel.transmit(apdu);
  } finally {
    apdu.fill(0);
  }
  const { data, sw } = parseResponse(response);
  if (sw !== StatusWord.OK)
    throw new SmartCardHsmStatusError('MANAGE KEY DOMAIN (import DKEK share)', sw);
  return statusFrom(channel, data);
}

function statusFrom(channel: CardChannel, data: Uint8Array): DkekStatus {
  try {
    return readDkekStatus(data);
  } catch {
    throw new SmartCardHsmClientError(
      'malformed-response',
      `The card answered the DKEK status with ${data.length} bytes instead of 10; it is not behaving as a SmartCard-HSM.`,
    );
  }
}
