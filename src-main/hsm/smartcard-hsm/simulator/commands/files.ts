// The file commands sc-hsm-tool and OpenSC use around keys (spec §5.1): READ BINARY and UPDATE
// BINARY with the odd instruction (B1 / D7: FID in P1 P2, offset in tag 54, data in tag 53) and
// DELETE FILE (E4 02 00 with the FID as data). A key CC‹ref› is never readable; deleting it
// deletes the key. Writing creates the file (OpenSC creates files by writing 0 bytes).

import type { CommandApdu } from '../../protocol/apdu';
import { FilePrefix } from '../../protocol/constants';
import { StatusWord } from '../../protocol/status-words';
import { readTlv } from '../../protocol/tlv';
import { DEVICE_CERTIFICATE_FID } from '../device-certificate';
import {
  answer,
  DEVICE_KEY_REFERENCE,
  fileContent,
  hasKey,
  needsUserPin,
  ok,
  type Card,
} from './card';

/** P1 P2 name the file; 0000 means the current one. */
function targetFid(apdu: CommandApdu, card: Card): number | undefined {
  const fid = (apdu.p1 << 8) | apdu.p2;
  return fid === 0 ? card.session.currentFile : fid;
}

function readOffset(data: Uint8Array): { offset: number; next: number } | undefined {
  try {
    const { tlv, next } = readTlv(data, 0);
    if (tlv.tag !== 0x54 || tlv.value.length === 0 || tlv.value.length > 2) return undefined;
    const offset = tlv.value.length === 2 ? (tlv.value[0]! << 8) | tlv.value[1]! : tlv.value[0]!;
    return { offset, next };
  } catch {
    return undefined;
  }
}

export function readBinary(apdu: CommandApdu, card: Card): Uint8Array {
  const fid = targetFid(apdu, card);
  if (fid === undefined) return answer(StatusWord.FILE_NOT_FOUND);
  if (fid >> 8 === FilePrefix.KEY)
    return hasKey(card, fid & 0xff)
      ? answer(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
      : answer(StatusWord.FILE_NOT_FOUND);
  const content = fileContent(card, fid);
  if (!content) return answer(StatusWord.FILE_NOT_FOUND);
  const parsed = readOffset(apdu.data);
  if (!parsed || parsed.next !== apdu.data.length) return answer(StatusWord.WRONG_DATA);
  if (parsed.offset > content.length) return answer(StatusWord.WRONG_P1_P2);
  card.session.currentFile = fid;
  const wanted = apdu.le ?? 256;
  const chunk = content.slice(parsed.offset, parsed.offset + wanted);
  // Fewer bytes than asked for: the end of the file came first.
  return chunk.length < wanted ? Uint8Array.from([...chunk, 0x62, 0x82]) : ok(chunk);
}

export function updateBinary(apdu: CommandApdu, card: Card): Uint8Array {
  const refused = needsUserPin(card);
  if (refused) return refused;
  const fid = targetFid(apdu, card);
  if (fid === undefined) return answer(StatusWord.FILE_NOT_FOUND);
  if (fid >> 8 === FilePrefix.KEY || fid === DEVICE_CERTIFICATE_FID)
    return answer(StatusWord.COMMAND_NOT_ALLOWED);
  const parsed = readOffset(apdu.data);
  if (!parsed) return answer(StatusWord.WRONG_DATA);
  let chunk: Uint8Array;
  try {
    const { tlv, next } = readTlv(apdu.data, parsed.next);
    if (tlv.tag !== 0x53 || next !== apdu.data.length) return answer(StatusWord.WRONG_DATA);
    chunk = tlv.value;
  } catch {
    return answer(StatusWord.WRONG_DATA);
  }
  const existing = card.state.files.get(fid) ?? new Uint8Array(0);
  if (parsed.offset > existing.length) return answer(StatusWord.WRONG_P1_P2);
  const length = Math.max(existing.length, parsed.offset + chunk.length);
  const content = new Uint8Array(length);
  content.set(existing);
  content.set(chunk, parsed.offset);
  existing.fill(0);
  card.state.files.set(fid, content);
  card.session.currentFile = fid;
  card.changed();
  return ok();
}

export function deleteFile(apdu: CommandApdu, card: Card): Uint8Array {
  const refused = needsUserPin(card);
  if (refused) return refused;
  if (apdu.p1 !== 0x02 || apdu.p2 !== 0x00) return answer(StatusWord.WRONG_P1_P2);
  if (apdu.data.length !== 2) return answer(StatusWord.WRONG_DATA);
  const fid = (apdu.data[0]! << 8) | apdu.data[1]!;
  if (fid === DEVICE_CERTIFICATE_FID) return answer(StatusWord.COMMAND_NOT_ALLOWED);
  if (fid === ((FilePrefix.KEY << 8) | DEVICE_KEY_REFERENCE))
    return answer(StatusWord.COMMAND_NOT_ALLOWED);
  if (fid >> 8 === FilePrefix.KEY) {
    const key = card.state.keys.get(fid & 0xff);
    if (!key) return answer(StatusWord.FILE_NOT_FOUND);
    if (key.kind === 'ec-p256') key.d.fill(0);
    if (key.kind === 'aes') key.key.fill(0);
    card.state.keys.delete(fid & 0xff);
  } else {
    const content = card.state.files.get(fid);
    if (!content) return answer(StatusWord.FILE_NOT_FOUND);
    content.fill(0);
    card.state.files.delete(fid);
  }
  if (card.session.currentFile === fid) card.session.currentFile = undefined;
  card.changed();
  return ok();
}
