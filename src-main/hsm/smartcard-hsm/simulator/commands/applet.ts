// SELECT, GET CHALLENGE and LIST FILES (spec §5.1, §7.3).

import { equalBytes } from '../../../yubihsm/protocol/bytes';
import type { CommandApdu } from '../../protocol/apdu';
import { FilePrefix, SMARTCARD_HSM_AID } from '../../protocol/constants';
import { StatusWord } from '../../protocol/status-words';
import { tlv } from '../../protocol/tlv';
import { answer, DEVICE_KEY_REFERENCE, fileContent, hasKey, ok, type Card } from './card';

/** The applet version in the FCP: SmartCard-HSM 3.5; a Pico HSM reports its firmware, 6.6. */
export function appletVersion(card: Card): [number, number] {
  return card.flavour === 'pico-hsm' ? [6, 6] : [3, 5];
}

/**
 * The FCP of the applet. OpenSC names the card from tag 85: its last two bytes are the version,
 * the one before them the applet type (FF: plain "SmartCard-HSM"); the first two bytes hold the
 * initialise options (spec §7.3).
 */
function appletFcp(card: Card): Uint8Array {
  const [major, minor] = appletVersion(card);
  const options = card.state.options;
  return tlv(
    0x62,
    tlv(0x82, Uint8Array.of(0x38)),
    tlv(0x83, Uint8Array.of(0x3f, 0x00)),
    tlv(0x85, Uint8Array.of(options >> 8, options & 0xff, 0xff, major, minor)),
  );
}

function fileFcp(fid: number, size: number): Uint8Array {
  return tlv(
    0x62,
    tlv(0x80, Uint8Array.of(size >> 8, size & 0xff)),
    tlv(0x82, Uint8Array.of(0x01)),
    tlv(0x83, Uint8Array.of(fid >> 8, fid & 0xff)),
  );
}

/** Whether a FID names something on the card, and its size: a key CC‹ref› or an EF. */
export function fileSize(card: Card, fid: number): number | undefined {
  if (fid >> 8 === FilePrefix.KEY) return hasKey(card, fid & 0xff) ? 0 : undefined;
  return fileContent(card, fid)?.length;
}

export function select(apdu: CommandApdu, card: Card): Uint8Array {
  const wantsNoData = (apdu.p2 & 0x0c) === 0x0c;
  if (apdu.p1 === 0x04) {
    // sc-hsm-tool selects two other applications first; a SmartCard-HSM has neither.
    if (!equalBytes(apdu.data, SMARTCARD_HSM_AID)) return answer(StatusWord.FILE_NOT_FOUND);
    // Selecting the applet ends the authentication state (OpenSC's logout does exactly this).
    Object.assign(card.session, {
      appletSelected: true,
      userPinVerified: false,
      soPinVerified: false,
      currentFile: undefined,
    });
    return wantsNoData ? ok() : ok(appletFcp(card));
  }
  if (!card.session.appletSelected) return answer(StatusWord.FILE_NOT_FOUND);
  // P1 00/02: a file id; 08: a path from the MF (OpenSC looks for EF.DIR 2F00 so); a longer
  // path names a DF this applet does not have.
  if (apdu.p1 === 0x08 && apdu.data.length > 2) return answer(StatusWord.FILE_NOT_FOUND);
  if ((apdu.p1 === 0x00 || apdu.p1 === 0x02 || apdu.p1 === 0x08) && apdu.data.length === 2) {
    const fid = (apdu.data[0]! << 8) | apdu.data[1]!;
    const size = fileSize(card, fid);
    if (size === undefined) return answer(StatusWord.FILE_NOT_FOUND);
    card.session.currentFile = fid;
    return wantsNoData ? ok() : ok(fileFcp(fid, size));
  }
  return answer(StatusWord.INCORRECT_PARAMETERS);
}

export function getChallenge(apdu: CommandApdu, card: Card): Uint8Array {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return answer(StatusWord.WRONG_P1_P2);
  if (apdu.le === undefined || apdu.data.length > 0) return answer(StatusWord.WRONG_LENGTH);
  return ok(card.random(Math.min(apdu.le, 1024)));
}

/** LIST FILES (`80 58 00 00`): every FID, two bytes each, keys as CC‹ref> (OpenSC enumerates keys so). */
export function listFiles(apdu: CommandApdu, card: Card): Uint8Array {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return answer(StatusWord.WRONG_P1_P2);
  const fids = [
    ...[DEVICE_KEY_REFERENCE, ...card.state.keys.keys()].map((ref) => (FilePrefix.KEY << 8) | ref),
    ...card.state.files.keys(),
  ].sort((a, b) => a - b);
  return ok(Uint8Array.from(fids.flatMap((fid) => [fid >> 8, fid & 0xff])));
}
