// What goes on one custodian's sheet, taken from the ceremony record and that custodian's share.
// Only the custodian's own name is taken (brief: "the sheet names no other custodian"), and a
// sheet is only made for a share that matches the record: its threshold, its share number and
// the salted commitment the record holds for it.

import type { CeremonyRecord } from '../../shared/records/ceremony-record';
import { verifyShareCommitment } from '../secrets/commitments';
import { parseShare } from '../secrets/share-text';

export type ShareFormatName = 'yubihsm-setup' | 'yubihsm-manager';

export interface ShareSheetContent {
  ceremonyName: string;
  ceremonyId: string;
  /** YYYY-MM-DD, the day the ceremony started on this machine's calendar (ceremonyDay). */
  ceremonyDate: string;
  custodianName: string;
  shareNumber: number;
  shareCount: number;
  threshold: number;
  /** The canonical share text: exactly what the QR code holds. */
  share: string;
  shareFormat: ShareFormatName;
  wrapKeyId: number;
  /** Wrap-key check value, 6 uppercase hex digits. */
  kcv: string;
  deviceSerial: number;
  simulatedDevice: boolean;
  rehearsal: boolean;
  /** Who to call; a blank line to write on when absent. */
  contact?: string;
  toolVersion: string;
}

export class ShareSheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareSheetError';
  }
}

/**
 * The calendar day a ceremony started, as the people in the room count it: the record keeps the
 * start as an instant (`startedAt`, written in UTC), and this is that instant's date in the local
 * time zone of the machine making the sheet — the ceremony machine during a ceremony, the machine
 * running `custos sheets` for a rehearsal. An evening ceremony west of UTC so prints its own day,
 * not the next.
 */
export function ceremonyDay(startedAt: string): string {
  const at = new Date(startedAt);
  if (Number.isNaN(at.getTime()))
    throw new ShareSheetError(
      'the start time in the ceremony record cannot be read, so the sheet cannot be dated',
    );
  const two = (value: number) => String(value).padStart(2, '0');
  return `${String(at.getFullYear()).padStart(4, '0')}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
}

/** The plan's contact line, when the plan filled one in (shared/ceremony/init-plan.ts). */
function planContact(record: CeremonyRecord): string | undefined {
  const contact = record.plan.contact;
  return typeof contact === 'string' && contact.trim() !== '' ? contact.trim() : undefined;
}

/**
 * Builds the content of custodian `shareNumber`'s sheet. Throws a ShareSheetError naming the
 * custodian when the share is not theirs; the message never contains the share.
 */
export function shareSheetContent(
  record: CeremonyRecord,
  shareNumber: number,
  share: string,
): ShareSheetContent {
  const wrapKey = record.wrapKey;
  if (!wrapKey) {
    throw new ShareSheetError(
      'the ceremony record has no wrap key yet, so there is no check value to print; sheets are printed after the wrap key is made',
    );
  }
  const custodian = record.custodians.find((candidate) => candidate.index === shareNumber);
  if (!custodian) {
    throw new ShareSheetError(
      `the ceremony record has no custodian holding share ${shareNumber}; it lists shares ${record.custodians.map((c) => c.index).join(', ') || 'none'}`,
    );
  }
  const parsed = parseShare(share, { format: wrapKey.shareFormat, mode: 'strict' });
  if (!parsed.ok) {
    throw new ShareSheetError(
      `the share for ${custodian.name} (share ${shareNumber}) is not a canonical ${wrapKey.shareFormat} share: ${parsed.problem.message}`,
    );
  }
  parsed.share.payload.fill(0);
  if (parsed.share.canonical !== share) {
    throw new ShareSheetError(
      `the share for ${custodian.name} (share ${shareNumber}) is not written in its canonical form; a sheet prints the share exactly as the tools read it`,
    );
  }
  if (parsed.share.number !== shareNumber || parsed.share.threshold !== wrapKey.threshold) {
    throw new ShareSheetError(
      `the share given for ${custodian.name} is share ${parsed.share.number} with threshold ${parsed.share.threshold}, but ${custodian.name} holds share ${shareNumber} of this ${wrapKey.threshold}-of-${wrapKey.shareCount} ceremony`,
    );
  }
  if (!verifyShareCommitment(share, custodian.commitment, { format: wrapKey.shareFormat })) {
    throw new ShareSheetError(
      `the share given for ${custodian.name} (share ${shareNumber}) does not match the commitment in the ceremony record; it is not the share this ceremony gave ${custodian.name}`,
    );
  }
  const contact = planContact(record);
  return {
    ceremonyName: record.name,
    ceremonyId: record.id,
    ceremonyDate: ceremonyDay(record.startedAt),
    custodianName: custodian.name,
    shareNumber,
    shareCount: wrapKey.shareCount,
    threshold: wrapKey.threshold,
    share,
    shareFormat: wrapKey.shareFormat,
    wrapKeyId: wrapKey.id,
    kcv: wrapKey.kcv,
    deviceSerial: record.primary.serial,
    simulatedDevice: record.primary.simulated,
    rehearsal: record.rehearsal,
    ...(contact === undefined ? {} : { contact }),
    toolVersion: record.tool.version,
  };
}
