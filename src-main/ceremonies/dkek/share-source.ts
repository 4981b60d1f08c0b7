// Where a clone's DKEK shares come from: each share's `.pbe` file opened with its typed password
// or with its custodians' password shares (spec §2, §4). In a rehearsal on simulated cards, the
// passwords and password shares `dkek init --rehearsal-shares-dir` wrote are read back from that
// folder (`share-<n>/password.txt`, or `share-<n>/<id>-<name>.txt`, sc-hsm-tool's three lines).
// The share is handed to the caller, who imports it and wipes it; the password is wiped here.

import { readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { DkekCeremonyRecord } from '../../../shared/records/dkek-ceremony-record';
import type { DeriveOptions } from '../../dkek/derive-in-worker';
import { DkekShareError } from '../../dkek/dkek-share-error';
import { readSharePasswordFile } from '../../dkek/password-file';
import { reconstructPassword } from '../../dkek/password-shares';
import { readPasswordShare, type TypedPasswordShare } from '../../dkek/password-share-text';
import { openShareFile } from '../../dkek/pbe-file';
import { readPasswordShareFiles, readShareFile } from '../../dkek/share-files';
import { Refusal } from '../../refusal/refusal';

export interface ShareSource {
  /** The share numbered `n` (1-based), 32 bytes; the caller wipes it. */
  open(n: number, options?: DeriveOptions): Promise<Uint8Array>;
}

/** The .pbe of share n: where the person said, or `dkek-share-<n>.pbe` in the ceremony folder. */
export function shareFileOf(folder: string, given: ReadonlyMap<number, string>, n: number): string {
  return given.get(n) ?? join(folder, `dkek-share-${n}.pbe`);
}

export function rehearsalShareSource(options: {
  dir: string;
  shareFile: (n: number) => string;
  derive?: DeriveOptions;
}): ShareSource {
  const shown = (path: string) => path;
  return {
    async open(n, derive) {
      const folder = join(options.dir, `share-${n}`);
      let names: string[];
      try {
        names = (await readdir(folder)).filter((name) => name.endsWith('.txt')).sort();
      } catch {
        throw new Refusal(
          'not-found',
          `${folder} is not there: the rehearsal's shares folder holds no password for share ${n}. Give the folder dkek init wrote with --rehearsal-shares-dir.`,
        );
      }
      const path = options.shareFile(n);
      try {
        const { bytes } = await readShareFile(path, { shown });
        const settings = { ...options.derive, ...derive, name: path };
        if (names.includes('password.txt')) {
          const password = await readSharePasswordFile(
            join(folder, 'password.txt'),
            shown(join(folder, 'password.txt')),
            false,
          );
          try {
            return await openShareFile(bytes, password, settings);
          } finally {
            password.fill(0);
          }
        }
        const shares = await readPasswordShareFiles(
          names.map((name) => join(folder, name)),
          { shown },
        );
        const password = reconstructPassword(shares);
        try {
          return await openShareFile(bytes, password, {
            ...settings,
            secretKind: 'password shares',
          });
        } finally {
          password.fill(0);
        }
      } catch (error) {
        if (error instanceof DkekShareError)
          throw new Refusal('invalid-input', `Share ${n}: ${error.message}.`, { cause: error });
        throw error;
      }
    },
  };
}

/**
 * One share holder's turn on the screen: their share file opened with the password they typed,
 * or with the password shares their custodians typed (each checked as it is read). The typed
 * password is turned into bytes here and wiped once the file is open.
 */
export function typedShareSource(options: {
  shareFile: (n: number) => string;
  password?: string;
  passwordShares?: readonly TypedPasswordShare[];
}): ShareSource {
  return {
    async open(n, derive) {
      const path = options.shareFile(n);
      try {
        const { bytes } = await readShareFile(path, { shown: (p) => p });
        if (options.password !== undefined) {
          const password = new Uint8Array(Buffer.from(options.password, 'utf8'));
          try {
            return await openShareFile(bytes, password, { ...derive, name: path });
          } finally {
            password.fill(0);
          }
        }
        const shares = (options.passwordShares ?? []).map((typed, index) =>
          readPasswordShare(typed, `password share ${index + 1}`),
        );
        const password = reconstructPassword(shares);
        try {
          return await openShareFile(bytes, password, {
            ...derive,
            name: path,
            secretKind: 'password shares',
          });
        } finally {
          password.fill(0);
        }
      } catch (error) {
        if (error instanceof DkekShareError)
          throw new Refusal('invalid-input', `Share ${n}: ${error.message}.`, { cause: error });
        throw error;
      }
    },
  };
}

/** Where share n's `.pbe` is, as the ceremony's record names it (relative to the folder). */
export function recordedShareFile(record: DkekCeremonyRecord, folder: string, n: number): string {
  const file = record.dkek.shareFiles.find((share) => share.number === n)?.file;
  if (file === undefined) return join(folder, `dkek-share-${n}.pbe`);
  return isAbsolute(file) ? file : join(folder, file);
}
