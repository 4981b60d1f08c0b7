// SELECT of the applet (version from the FCP) and GET CHALLENGE (spec §5.1, §7.3).

import { Cla, Ins, SMARTCARD_HSM_AID } from '../protocol/constants';
import { SmartCardHsmStatusError, StatusWord } from '../protocol/status-words';
import { findTlv, parseTlvs, readTlv } from '../protocol/tlv';
import type { CardChannel } from './card-channel';
import { SmartCardHsmClientError } from './errors';

export interface AppletInfo {
  /** "SmartCard-HSM version 3.5", as OpenSC names the card. */
  name: string;
  version: { major: number; minor: number };
  /** The initialise options from the FCP (bit 0: the SO may reset the user PIN). */
  options: number;
}

/** SELECT the SmartCard-HSM applet; the version comes from the FCP's tag 85 (spec §7.3). */
export async function select(channel: CardChannel): Promise<AppletInfo> {
  const { data, sw } = await channel.exchange({
    cla: Cla.ISO,
    ins: Ins.SELECT,
    p1: 0x04,
    p2: 0x00,
    data: SMARTCARD_HSM_AID,
    le: 256,
  });
  if (sw === StatusWord.FILE_NOT_FOUND)
    throw new SmartCardHsmClientError(
      'not-smartcard-hsm',
      `The card in ${channel.description} has no SmartCard-HSM application: it is another kind of card. Insert a SmartCard-HSM, Nitrokey HSM 2 or Pico HSM.`,
    );
  if (sw !== StatusWord.OK) throw new SmartCardHsmStatusError('SELECT', sw);
  let proprietary: Uint8Array | undefined;
  try {
    const fcp = readTlv(data, 0).tlv;
    proprietary = fcp.tag === 0x62 ? findTlv(parseTlvs(fcp.value), 0x85) : undefined;
  } catch {
    proprietary = undefined;
  }
  if (!proprietary || proprietary.length < 2)
    throw new SmartCardHsmClientError(
      'not-smartcard-hsm',
      `The card in ${channel.description} answered SELECT without the SmartCard-HSM version information; it is not a SmartCard-HSM OpenSC would recognise.`,
    );
  const major = proprietary[proprietary.length - 2]!;
  const minor = proprietary[proprietary.length - 1]!;
  return {
    name: `SmartCard-HSM version ${major}.${minor}`,
    version: { major, minor },
    options: proprietary.length >= 4 ? (proprietary[0]! << 8) | proprietary[1]! : 0,
  };
}

export async function getChallenge(channel: CardChannel, length: number): Promise<Uint8Array> {
  if (!Number.isInteger(length) || length < 1 || length > 256)
    throw new SmartCardHsmClientError('bad-input', 'a challenge is 1 to 256 bytes');
  const data = await channel.command('GET CHALLENGE', {
    cla: Cla.ISO,
    ins: Ins.GET_CHALLENGE,
    p1: 0,
    p2: 0,
    le: length,
  });
  if (data.length !== length)
    throw new SmartCardHsmClientError(
      'malformed-response',
      `The card returned ${data.length} random bytes instead of ${length}.`,
    );
  return data;
}
