// The DKEK ceremony folder as the back-up, clone and verification open it: a folder the person
// chose, its key record (dkek-keys.json) when a back-up was made, and the domain facts the
// ceremony's own record holds (its KCV and share count) when one is there.

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Refusal } from '../../refusal/refusal';
import { readKeysRecord, type KeysRecord } from './backup-record';

export interface DkekFolder {
  path: string;
  keys: KeysRecord | undefined;
}

export async function openDkekFolder(path: string): Promise<DkekFolder> {
  const folder = resolve(path);
  let isFolder: boolean;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch {
    throw new Refusal(
      'not-found',
      `${folder} does not exist; choose the DKEK ceremony folder (the one dkek init wrote).`,
    );
  }
  if (!isFolder)
    throw new Refusal(
      'invalid-input',
      `${folder} is a file, not a folder; choose the ceremony folder.`,
    );
  return { path: folder, keys: await readKeysRecord(folder) };
}

/** The folder's record, for the steps that need a back-up to have been made. */
export function requireBackup(folder: DkekFolder): KeysRecord {
  if (!folder.keys || folder.keys.backups.length === 0)
    throw new Refusal(
      'not-found',
      `${folder.path} holds no back-up of keys yet (dkek-keys.json is missing); back up the primary first (custos dkek backup).`,
    );
  return folder.keys;
}
