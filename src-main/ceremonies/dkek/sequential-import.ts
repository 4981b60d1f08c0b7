// Sequential import across sites (issue 10): a device initialised for n shares travels; a later
// session opens the ceremony folder, reads the device (n total, k outstanding), imports the next
// holder's share and records it. Everything that can be refused is refused before the share
// reaches the device: a file that is not one of this ceremony's, a share this device already
// has, another device, a device that is not waiting for shares. When outstanding reaches 0 the
// device's check value is compared with the record's.

import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { DkekShareFileRecord } from '../../../shared/records/dkek-ceremony-record';
import { shareCheckValue, ZERO_DKEK_CHECK_VALUE } from '../../dkek/check-value';
import type { DeriveOptions } from '../../dkek/derive-in-worker';
import { DkekShareError } from '../../dkek/dkek-share-error';
import { openShareFile } from '../../dkek/pbe-file';
import { reconstructPassword, type ReadPasswordShare } from '../../dkek/password-shares';
import { SmartCardHsmClient, type DkekStatus } from '../../hsm/smartcard-hsm/client';
import type { OpenedCard } from '../../hsm/smartcard-hsm/transport/card-spec';
import { Refusal } from '../../refusal/refusal';
import { readPreflight, type DevicePreflight } from './device';
import type { DkekCeremonyFolder } from './record';

export type ShareSecret =
  | { kind: 'password'; password: Uint8Array }
  | { kind: 'password-shares'; shares: ReadPasswordShare[] };

export interface ImportResult {
  share: DkekShareFileRecord;
  total: number;
  outstanding: number;
  /** Shares of this ceremony the device had before this one. */
  before: number[];
  /** When outstanding is 0: the device's KCV, equal to the record's. */
  kcv?: string;
}

/** Which shares this device has, by the record (the device itself only counts them). */
export function importedOn(folder: DkekCeremonyFolder, serial: string): number[] {
  return folder.record.imports
    .filter((entry) => entry.deviceSerial === serial)
    .map((entry) => entry.shareNumber);
}

/** The device must be the ceremony's, or one the record lists as its clone. */
export function checkCeremonyDevice(folder: DkekCeremonyFolder, preflight: DevicePreflight) {
  const record = folder.record;
  const serial = preflight.device.serial;
  const clones = (record.clones ?? []).map((clone) => clone['deviceSerial']);
  if (serial !== record.device.serial && !clones.includes(serial))
    throw new Refusal(
      'device-error',
      `This device (serial ${serial}) is not the one the ceremony "${record.name}" initialised (serial ${record.device.serial}); insert that device. Nothing was imported.`,
    );
}

export async function importShareAtSite(
  folder: DkekCeremonyFolder,
  card: OpenedCard,
  file: { path: string; bytes: Uint8Array; shown: string },
  secret: ShareSecret,
  options: DeriveOptions & {
    pin?: string;
    /** A clone's imports (dkek restore) are recorded as such; its device must be in `clones`. */
    session?: 'sequential-import' | 'clone';
  },
): Promise<ImportResult> {
  const session = options.session ?? 'sequential-import';
  const record = folder.record;
  if (record.dkek.mode !== 'shares')
    throw new Refusal(
      'conflict',
      `The ceremony "${record.name}" made no DKEK shares (mode ${record.dkek.mode}).`,
    );
  const sha256 = createHash('sha256').update(file.bytes.subarray(0, 64)).digest('hex');
  const share = record.dkek.shareFiles.find((entry) => entry.sha256 === sha256);
  if (!share)
    throw new Refusal(
      'invalid-input',
      `${file.shown} is not one of the share files of "${record.name}" (its fingerprint matches none of the ${record.dkek.shareFiles.length} recorded); check that you picked this ceremony's file. Nothing was imported.`,
    );
  const preflight = await readPreflight(card);
  checkCeremonyDevice(folder, preflight);
  const serial = preflight.device.serial;
  const before = importedOn(folder, serial);
  if (before.includes(share.number))
    throw new Refusal(
      'conflict',
      `Share ${share.number} (${basename(share.file)}) is already on this device (imported ${record.imports.find((e) => e.deviceSerial === serial && e.shareNumber === share.number)!.at}); importing it again would cancel it out and leave an all-zero DKEK. Bring one of the shares still missing: ${missing(folder, before).join(', ') || 'none'}. Nothing was imported.`,
    );
  const status = preflight.dkek;
  if (landedUnrecorded(folder, status)) return recordLanded(folder, share, status, serial, session);
  if (status?.state !== 'pending')
    throw new Refusal(
      'conflict',
      `The device (serial ${serial}) is not waiting for DKEK shares (${describeStatus(status)}). Nothing was imported.`,
    );
  if (status.total !== record.dkek.shareCount)
    throw new Refusal(
      'device-error',
      `The device waits for ${status.total} shares, but "${record.name}" made ${record.dkek.shareCount}; it was initialised for another domain. Nothing was imported.`,
    );
  const opened = await openRecordedShare(file, share, secret, options, record.dkek.shareFiles);
  let after: DkekStatus;
  try {
    after = await new SmartCardHsmClient(card.transport).importDkekShare(opened);
  } finally {
    opened.fill(0);
  }
  const outstanding = after.state === 'pending' ? after.outstanding : 0;
  await folder.update((current) => ({
    ...current,
    imports: [
      ...current.imports,
      {
        shareNumber: share.number,
        deviceSerial: serial,
        at: new Date().toISOString(),
        session,
        outstandingAfter: outstanding,
      },
    ],
  }));
  await folder.log('share-imported', {
    shareNumber: share.number,
    deviceSerial: serial,
    session,
    total: status.total,
    outstanding,
  });
  const result: ImportResult = { share, total: status.total, outstanding, before };
  if (outstanding > 0) return result;
  return { ...result, kcv: await confirmKcv(folder, card, after, serial, options.pin) };
}

async function confirmKcv(
  folder: DkekCeremonyFolder,
  card: OpenedCard,
  after: DkekStatus,
  serial: string,
  pin: string | undefined,
): Promise<string> {
  let status = after;
  if (status.state === 'complete-kcv-hidden') {
    if (pin === undefined)
      throw new Refusal(
        'conflict',
        'Every share is in, but this device (a Pico HSM) shows its check value only after the user PIN; run `dkek status` with --pin-file to compare it with the record.',
      );
    status = await new SmartCardHsmClient(card.transport).dkekStatus({ pin });
  }
  if (status.state !== 'complete')
    throw new Refusal('device-error', 'The device does not show a complete DKEK.');
  const recorded = folder.record.dkek.kcv;
  const fail = async (sentence: string) => {
    await folder.log('kcv-mismatch', { deviceSerial: serial, kcv: status.kcv });
    return new Refusal('device-error', sentence);
  };
  if (status.kcv === ZERO_DKEK_CHECK_VALUE)
    throw await fail(
      'The device shows the check value of an all-zero DKEK: a share reached it twice (outside Custos?). The domain is unusable; re-initialise the device.',
    );
  if (recorded && status.kcv !== recorded)
    throw await fail(
      `The device's check value ${status.kcv} differs from the record's ${recorded}: a share from elsewhere reached it. Do not use this device for the domain; re-initialise it.`,
    );
  await folder.update((current) => ({
    ...current,
    dkek: {
      ...current.dkek,
      kcv: status.kcv,
      kcvConfirmedAt: current.dkek.kcvConfirmedAt ?? new Date().toISOString(),
    },
  }));
  await folder.log('dkek-complete', { deviceSerial: serial, kcv: status.kcv });
  return status.kcv;
}

/**
 * The share inside a recorded share file, opened as its holders give it (the typed password or
 * the password shares; spec §2, §4) and checked against the share's recorded check value. The
 * derivation runs in the worker; the caller wipes the share. Used by `dkek import` and by the
 * clone's share holders' turns, so a share opens one way whichever ceremony asks.
 */
export async function openRecordedShare(
  file: { bytes: Uint8Array; shown: string },
  share: DkekShareFileRecord,
  secret: ShareSecret,
  options: DeriveOptions,
  /** The domain's other recorded shares, so a copy of one given again is named (issue 10). */
  domainShares: readonly DkekShareFileRecord[] = [],
): Promise<Uint8Array> {
  let password: Uint8Array;
  if (secret.kind === 'password') {
    if (share.holders.kind !== 'password')
      throw new Refusal(
        'invalid-input',
        `Share ${share.number} opens with password shares (${share.holders.custodians.join(', ')}), not a password; give --password-share once per custodian.`,
      );
    password = Uint8Array.from(secret.password);
  } else {
    if (share.holders.kind !== 'password-split')
      throw new Refusal(
        'invalid-input',
        `Share ${share.number} opens with ${share.holders.custodian}'s password, not password shares.`,
      );
    try {
      password = reconstructPassword(secret.shares);
    } catch (error) {
      throw new Refusal('invalid-input', `${(error as Error).message}.`);
    }
  }
  try {
    const opened = await openShareFile(file.bytes, password, {
      ...options,
      name: file.shown,
      secretKind: secret.kind === 'password' ? 'password' : 'password shares',
    });
    const kcv = shareCheckValue(opened);
    if (kcv !== share.shareKcv) {
      opened.fill(0);
      throw wrongShare(file.shown, share, kcv, domainShares);
    }
    return opened;
  } catch (error) {
    if (error instanceof DkekShareError)
      throw new Refusal('invalid-input', `${error.message}. Nothing was imported.`);
    throw error;
  } finally {
    password.fill(0);
  }
}

/**
 * A share file that opens (with its holder's secret) to another share than the record's share n,
 * refused before the device: when it is another of the domain's shares, a second import of it
 * would cancel it out and leave an all-zero DKEK (issue 10 "a share imported twice is refused
 * before it reaches the device"; check values: first 8 bytes of SHA-256, spec §3).
 */
function wrongShare(
  shown: string,
  share: DkekShareFileRecord,
  kcv: string,
  domainShares: readonly DkekShareFileRecord[],
): Refusal {
  const n = share.number;
  const other = domainShares.find((entry) => entry.shareKcv === kcv && entry.number !== n);
  const given = `The file given as share ${n} (${basename(shown)})`;
  return new Refusal(
    'invalid-input',
    other
      ? `${given} opens to share ${other.number} (check value ${kcv}), which is already one of this domain's shares: importing it again would cancel it out and leave an all-zero DKEK. Nothing was imported; bring share ${n}'s own file.`
      : `${given} opens to a share with check value ${kcv}, but the record's share ${n} has ${share.shareKcv}: it is another ceremony's share file, not this domain's share ${n}. Nothing was imported; bring share ${n}'s own file.`,
  );
}

export function missing(folder: DkekCeremonyFolder, imported: number[]): number[] {
  return folder.record.dkek.shareFiles.map((s) => s.number).filter((n) => !imported.includes(n));
}

export function describeStatus(status: DkekStatus | undefined): string {
  if (!status) return 'never initialised';
  switch (status.state) {
    case 'no-dkek':
      return 'initialised without a DKEK';
    case 'pending':
      return `${status.total} total, ${status.outstanding} outstanding`;
    default:
      return `its DKEK is complete, ${status.total} share${status.total === 1 ? '' : 's'}`;
  }
}

/**
 * The device holds the whole DKEK the record names (same KCV, same share count) though the record
 * misses some of its imports: the answer to an import was lost (the card pulled just after it,
 * issue 14). Importing again would cancel a share out, so the device's word is recorded instead.
 */
function landedUnrecorded(
  folder: DkekCeremonyFolder,
  status: DkekStatus | undefined,
): status is Extract<DkekStatus, { state: 'complete' }> {
  const record = folder.record;
  return (
    status?.state === 'complete' &&
    !status.sameShareTwice &&
    record.dkek.kcv !== undefined &&
    status.kcv === record.dkek.kcv &&
    status.total === record.dkek.shareCount
  );
}

async function recordLanded(
  folder: DkekCeremonyFolder,
  share: DkekShareFileRecord,
  status: Extract<DkekStatus, { state: 'complete' }>,
  serial: string,
  session: 'sequential-import' | 'clone',
): Promise<ImportResult> {
  const before = importedOn(folder, serial);
  const landed = missing(folder, before);
  const at = new Date().toISOString();
  await folder.update((current) => ({
    ...current,
    imports: [
      ...current.imports,
      ...landed.map((shareNumber) => ({
        shareNumber,
        deviceSerial: serial,
        at,
        session,
        outstandingAfter: 0,
      })),
    ],
  }));
  for (const shareNumber of landed)
    await folder.log('share-imported', {
      shareNumber,
      deviceSerial: serial,
      session,
      total: status.total,
      outstanding: 0,
      seenOnDevice: true,
    });
  return { share, total: status.total, outstanding: 0, before, kcv: status.kcv };
}
