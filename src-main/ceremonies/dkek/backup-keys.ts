// Backing up a SmartCard-HSM's keys under its DKEK (issue 10 "Back up keys under the DKEK"):
// each key wrapped on the device into the file `sc-hsm-tool --wrap-key` writes (spec §6: the
// blob, the PRKD, the certificate or CV request), named by key reference and label, created
// atomically and never over an existing file; the record lists each with the blob's KCV and the
// key's public key (verify proves the clone's keys against it). A key that cannot be wrapped is
// said with the device's reason. The record is written after every file, so a card pulled out
// part-way leaves a folder whose record names exactly the files in it.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SmartCardHsmClientError,
  SmartCardHsmStatusError,
  type SmartCardHsmClient,
} from '../../hsm/smartcard-hsm/client';
import { parseWrapFile } from '../../hsm/smartcard-hsm/protocol/wrap-file';
import { checkValueHex } from '../../hsm/smartcard-hsm/protocol/dkek-keys';
import { writeFileAtomic } from '../../files/atomic-write';
import { Refusal } from '../../refusal/refusal';
import { backupsOf, type BackedUpKey, type BackupEntry, type CardRecord } from './backup-record';
import type { DkekCeremonyFolder } from './record';
import type { DeviceKey } from './key-inventory';

export type BackupOutcome =
  | { status: 'written'; key: DeviceKey; file: string; blobKcv: string }
  | { status: 'kept'; key: DeviceKey; file: string; reason: string }
  | { status: 'not-wrapped'; key: DeviceKey; reason: string };

/** `key-001-issuing-ca.wrapped`: the reference first (sorts), then the label in file-safe form. */
export function wrapFileName(key: { keyReference: number; label?: string | undefined }): string {
  const slug = (key.label ?? '')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 48);
  return `key-${String(key.keyReference).padStart(3, '0')}${slug ? `-${slug}` : ''}.wrapped`;
}

const REFERENCED_DATA_NOT_FOUND = 0x6a88;

/** Why the device would not wrap this key, in a sentence; undefined when it is not a refusal. */
function wrapRefusal(error: unknown): string | undefined {
  if (error instanceof SmartCardHsmStatusError) {
    if (error.sw === REFERENCED_DATA_NOT_FOUND)
      return 'the device has no complete DKEK to wrap it with, or the key is not exportable (status 6A88)';
    return error.message;
  }
  if (error instanceof SmartCardHsmClientError && error.code !== 'malformed-response')
    return error.message;
  return undefined;
}

export interface BackupRun {
  client: SmartCardHsmClient;
  folder: DkekCeremonyFolder;
  keys: readonly DeviceKey[];
  kcv: string;
  device: CardRecord;
  clock: () => Date;
  onProgress?: (outcomes: readonly BackupOutcome[]) => void;
}

/**
 * Wraps every key; the record gains one back-up entry, rewritten after each file, and the
 * transcript one line per key.
 */
export async function backUpKeys(run: BackupRun): Promise<{ outcomes: BackupOutcome[] }> {
  const entry: BackupEntry = {
    at: run.clock().toISOString(),
    device: run.device,
    kcv: run.kcv,
    keys: [],
    notWrapped: [],
  };
  const earlier = new Map<string, BackedUpKey>();
  for (const backup of backupsOf(run.folder.record))
    for (const key of backup.keys) earlier.set(key.file, key);
  const index = run.folder.record.backups?.length ?? 0;
  const save = async (event: string, data: Record<string, unknown>) => {
    await run.folder.update((record) => {
      const backups = [...(record.backups ?? [])];
      backups[index] = structuredClone(entry);
      return { ...record, backups };
    });
    await run.folder.log(event, data);
  };
  await save('dkek-backup-started', { device: run.device, kcv: run.kcv, keys: run.keys.length });
  const folderPath = run.folder.path;

  const outcomes: BackupOutcome[] = [];
  for (const key of run.keys) {
    const file = wrapFileName(key);
    let bytes: Uint8Array;
    try {
      bytes = await run.client.exportKey(key.keyReference);
    } catch (error) {
      const reason = wrapRefusal(error);
      if (reason === undefined) throw error;
      entry.notWrapped.push({
        keyReference: key.keyReference,
        ...(key.label ? { label: key.label } : {}),
        reason,
      });
      outcomes.push({ status: 'not-wrapped', key, reason });
      await save('dkek-key-not-wrapped', { keyReference: key.keyReference, reason });
      run.onProgress?.(outcomes);
      continue;
    }
    const blobKcv = checkValueHex(parseWrapFile(bytes).blob.subarray(0, 8));
    if (blobKcv !== run.kcv)
      throw new Refusal(
        'device-error',
        `The device wrapped key ${key.keyReference} under the DKEK with check value ${blobKcv}, not its own ${run.kcv}; nothing was written for it. Read the device's DKEK status again.`,
      );
    try {
      await writeFileAtomic(join(folderPath, file), bytes, { exclusive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new Refusal(
          'io-error',
          `${file} could not be written in ${folderPath}; check the folder is writable and has room. The files written so far are recorded.`,
          { cause: error },
        );
      const recorded = earlier.get(file);
      const there = await readFile(join(folderPath, file)).catch(() => undefined);
      const before =
        recorded &&
        recorded.keyReference === key.keyReference &&
        recorded.publicKey === key.publicKey &&
        there !== undefined &&
        createHash('sha256').update(there).digest('hex') === recorded.fileSha256
          ? recorded
          : undefined;
      const reason = before
        ? `${file} is already in the folder from an earlier back-up of this key; it was kept, never overwritten.`
        : `${file} is already in the folder and is not this key's earlier back-up; it was kept, never overwritten. Move it elsewhere and run the back-up again to wrap key ${key.keyReference}.`;
      outcomes.push({ status: 'kept', key, file, reason });
      if (before) entry.keys.push(before);
      else
        entry.notWrapped.push({
          keyReference: key.keyReference,
          ...(key.label ? { label: key.label } : {}),
          reason,
        });
      await save('dkek-key-file-kept', { keyReference: key.keyReference, file, reason });
      run.onProgress?.(outcomes);
      continue;
    }
    entry.keys.push({
      keyReference: key.keyReference,
      ...(key.label ? { label: key.label } : {}),
      type: key.type,
      ...(key.certificateSubject ? { certificateSubject: key.certificateSubject } : {}),
      ...(key.publicKey ? { publicKey: key.publicKey } : {}),
      file,
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      blobKcv,
    });
    outcomes.push({ status: 'written', key, file, blobKcv });
    await save('dkek-key-wrapped', {
      keyReference: key.keyReference,
      file,
      blobKcv,
      fileSha256: entry.keys.at(-1)!.fileSha256,
    });
    run.onProgress?.(outcomes);
  }
  await run.folder.log('dkek-backup-finished', {
    wrapped: outcomes.filter((o) => o.status === 'written').length,
    kept: outcomes.filter((o) => o.status === 'kept').length,
    notWrapped: outcomes.filter((o) => o.status === 'not-wrapped').length,
  });
  return { outcomes };
}
