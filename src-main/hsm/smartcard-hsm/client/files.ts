// The file commands around keys (spec §5.1): SELECT by FID, odd READ/UPDATE BINARY, DELETE
// FILE, LIST FILES, and the key listing OpenSC derives from it (CC‹ref› keys with their
// C4‹ref› descriptions and CE‹ref› certificates).

import { Cla, FilePrefix, Ins } from '../protocol/constants';
import { SmartCardHsmStatusError, StatusWord } from '../protocol/status-words';
import { tlv } from '../protocol/tlv';
import { fidHex, type CardChannel } from './card-channel';
import { SmartCardHsmClientError } from './errors';
import { privateKeyLabel } from './private-key-description';

export interface KeyListing {
  keyReference: number;
  /** EF C4‹ref› (PKCS#15 private key description) is on the device. */
  hasDescription: boolean;
  /** EF CE‹ref› (certificate or CV request) is on the device. */
  hasCertificate: boolean;
  label: string | undefined;
}

/** SELECT by file id; false when the device answers 6A82. */
export async function fileExists(channel: CardChannel, fid: number): Promise<boolean> {
  const { sw } = await channel.exchange({
    cla: Cla.ISO,
    ins: Ins.SELECT,
    p1: 0x02,
    p2: 0x04,
    data: Uint8Array.of(fid >> 8, fid & 0xff),
    le: 256,
  });
  if (sw === StatusWord.OK) return true;
  if (sw === StatusWord.FILE_NOT_FOUND) return false;
  throw new SmartCardHsmStatusError(`SELECT file ${fidHex(fid)}`, sw);
}

/** READ BINARY (odd INS B1) of a whole EF. */
export async function readFile(channel: CardChannel, fid: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (;;) {
    const { data, sw } = await channel.exchange({
      cla: Cla.ISO,
      ins: Ins.READ_BINARY_ODD,
      p1: fid >> 8,
      p2: fid & 0xff,
      data: tlv(0x54, Uint8Array.of(offset >> 8, offset & 0xff)),
      le: 65536,
    });
    if (sw !== StatusWord.OK && sw !== StatusWord.END_OF_FILE)
      throw new SmartCardHsmStatusError(`READ BINARY ${fidHex(fid)}`, sw);
    parts.push(data);
    offset += data.length;
    if (sw === StatusWord.END_OF_FILE || data.length === 0) break;
  }
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

export async function readFileIfPresent(
  channel: CardChannel,
  fid: number,
): Promise<Uint8Array | undefined> {
  try {
    return await readFile(channel, fid);
  } catch (error) {
    if (error instanceof SmartCardHsmStatusError && error.sw === StatusWord.FILE_NOT_FOUND)
      return undefined;
    throw error;
  }
}

/** UPDATE BINARY (odd INS D7): creates the EF if needed. Needs the user PIN. */
export async function writeFile(
  channel: CardChannel,
  fid: number,
  content: Uint8Array,
  offset = 0,
): Promise<void> {
  await channel.command(`UPDATE BINARY ${fidHex(fid)}`, {
    cla: Cla.ISO,
    ins: Ins.UPDATE_BINARY_ODD,
    p1: fid >> 8,
    p2: fid & 0xff,
    data: Uint8Array.from([
      ...tlv(0x54, Uint8Array.of(offset >> 8, offset & 0xff)),
      ...tlv(0x53, content),
    ]),
  });
}

/** DELETE FILE (`00 E4 02 00 02 ‹fid›`); CC‹ref› deletes the key. Needs the user PIN. */
export async function deleteFile(channel: CardChannel, fid: number): Promise<void> {
  await channel.command(`DELETE FILE ${fidHex(fid)}`, {
    cla: Cla.ISO,
    ins: Ins.DELETE_FILE,
    p1: 0x02,
    p2: 0x00,
    data: Uint8Array.of(fid >> 8, fid & 0xff),
  });
}

/** LIST FILES (`80 58 00 00`): every FID on the device. */
export async function listFiles(channel: CardChannel): Promise<number[]> {
  const data = await channel.command('LIST FILES', {
    cla: Cla.PROPRIETARY,
    ins: Ins.LIST_FILES,
    p1: 0,
    p2: 0,
    le: 65536,
    extended: true,
  });
  if (data.length % 2 !== 0)
    throw new SmartCardHsmClientError(
      'malformed-response',
      'The card listed its files in a malformed answer.',
    );
  const fids: number[] = [];
  for (let i = 0; i < data.length; i += 2) fids.push((data[i]! << 8) | data[i + 1]!);
  return fids;
}

/** Key references (CC‹ref›) with whether their PRKD and certificate files exist, and labels. */
export async function listKeys(channel: CardChannel): Promise<KeyListing[]> {
  const fids = new Set(await listFiles(channel));
  const keys: KeyListing[] = [];
  for (const fid of [...fids].sort((a, b) => a - b)) {
    const ref = fid & 0xff;
    // CC00 is the device authentication key, not a key of the person's.
    if (fid >> 8 !== FilePrefix.KEY || ref === 0) continue;
    const prkdFid = (FilePrefix.PRIVATE_KEY_DESCRIPTION << 8) | ref;
    const hasDescription = fids.has(prkdFid);
    keys.push({
      keyReference: ref,
      hasDescription,
      hasCertificate: fids.has((FilePrefix.CERTIFICATE << 8) | ref),
      label: hasDescription ? privateKeyLabel(await readFile(channel, prkdFid)) : undefined,
    });
  }
  return keys;
}
