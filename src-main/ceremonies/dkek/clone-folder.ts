// The DKEK ceremony folder as the back-up, clone and verification open it: the folder `dkek init`
// wrote (record.ts: ceremony.json and its transcript), with the back-ups this file's callers add.

import { resolve } from 'node:path';
import { Refusal } from '../../refusal/refusal';
import { backupsOf } from './backup-record';
import { DkekCeremonyFolder } from './record';

export function openDkekFolder(path: string): Promise<DkekCeremonyFolder> {
  return DkekCeremonyFolder.open(resolve(path));
}

/** The folder, for the steps that need a back-up to have been made. */
export async function openBackedUpFolder(path: string): Promise<DkekCeremonyFolder> {
  const folder = await openDkekFolder(path);
  if (backupsOf(folder.record).length === 0)
    throw new Refusal(
      'not-found',
      `${folder.path} holds no back-up of keys yet; back up the primary first (custos dkek backup).`,
    );
  return folder;
}
