// Where a share's file is, as the ceremony's record names it, and — in a rehearsal on simulated
// cards only — what its holders would have typed: the password or the password shares
// `dkek init --rehearsal-shares-dir` wrote (`share-<n>/password.txt`, or `share-<n>/<id>-<name>.txt`
// in sc-hsm-tool's three lines). Either way the share is opened the one way every import opens
// it (sequential-import.ts openRecordedShare), inside a holder's turn (holder-turn.ts).

import { readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { DkekCeremonyRecord } from '../../../shared/records/dkek-ceremony-record';
import { DkekShareError } from '../../dkek/dkek-share-error';
import { readSharePasswordFile } from '../../dkek/password-file';
import { readPasswordShareFiles } from '../../dkek/share-files';
import { Refusal } from '../../refusal/refusal';
import type { ShareSecret } from './sequential-import';

/** The .pbe of share n: where the person said, or `dkek-share-<n>.pbe` in the ceremony folder. */
export function shareFileOf(folder: string, given: ReadonlyMap<number, string>, n: number): string {
  return given.get(n) ?? join(folder, `dkek-share-${n}.pbe`);
}

/** The rehearsal's password or password shares for share n; the caller wipes a password. */
export async function rehearsalSecret(dir: string, n: number): Promise<ShareSecret> {
  const folder = join(dir, `share-${n}`);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.txt')).sort();
  } catch {
    throw new Refusal(
      'not-found',
      `${folder} is not there: the rehearsal's shares folder holds no password for share ${n}. Give the folder dkek init wrote with --rehearsal-shares-dir.`,
    );
  }
  try {
    if (names.includes('password.txt')) {
      const path = join(folder, 'password.txt');
      return { kind: 'password', password: await readSharePasswordFile(path, path, false) };
    }
    const shares = await readPasswordShareFiles(
      names.map((name) => join(folder, name)),
      { shown: (path) => path },
    );
    return { kind: 'password-shares', shares };
  } catch (error) {
    if (error instanceof DkekShareError)
      throw new Refusal('invalid-input', `Share ${n}: ${error.message}.`, { cause: error });
    throw error;
  }
}

/** Where share n's `.pbe` is, as the ceremony's record names it (relative to the folder). */
export function recordedShareFile(record: DkekCeremonyRecord, folder: string, n: number): string {
  const file = record.dkek.shareFiles.find((share) => share.number === n)?.file;
  if (file === undefined) return join(folder, `dkek-share-${n}.pbe`);
  return isAbsolute(file) ? file : join(folder, file);
}
