// Creating and checking DKEK share files on disk, for the CLI (`custos dkek share …`) and later
// the DKEK ceremonies: every file written atomically and never over an existing one, every
// failure a sentence, and no share or password left in memory or on disk when it fails.

import { lstat, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { isSameOrWithin } from '../records/folder-within';
import { shareCheckValue } from './check-value';
import type { DeriveOptions } from './derive-in-worker';
import { DkekShareError } from './dkek-share-error';
import { formatPasswordShareText, parsePasswordShareText } from './password-share-text';
import {
  checkSplitLimits,
  newSharePassword,
  reconstructPassword,
  splitPassword,
  type ReadPasswordShare,
} from './password-shares';
import { PBE_FILE_LENGTH, createShareFile, openShareFile, parsePbeFile } from './pbe-file';

export interface Shown {
  /** How sentences name a path: relative to where the person typed the command. */
  shown: (path: string) => string;
}

export interface CreatedShare {
  checkValue: string;
  /** The password share files, in ID order (threshold sets only). */
  passwordShareFiles: string[];
}

/** A new share file under a typed password. */
export async function createPasswordShareFile(
  out: string,
  password: Uint8Array,
  options: DeriveOptions & Shown,
): Promise<CreatedShare> {
  await refuseMissingFolder(out, options.shown);
  await refuseExisting([out], options.shown);
  const created = await createShareFile(password, options);
  await writeNew(out, created.file, options.shown);
  return { checkValue: created.checkValue, passwordShareFiles: [] };
}

export interface ThresholdOptions extends DeriveOptions, Shown {
  threshold: number;
  total: number;
  allowIdsOver9?: boolean;
  /** Folder for <id>.txt, one per custodian; created if missing. */
  sharesDirectory: string;
}

/** The password share files of a set: <id>.txt. */
export function passwordShareFileName(id: number): string {
  return `${id}.txt`;
}

/**
 * A new share file whose random 8-byte password is split t-of-n into password share files.
 * Everything is checked before the seconds of key derivation; the share files are written
 * before the `.pbe`, and if anything fails, what was written is removed again.
 */
export async function createThresholdShareFile(
  out: string,
  options: ThresholdOptions,
): Promise<CreatedShare> {
  checkSplitLimits(options);
  await refuseSharesBesideFile(out, options.sharesDirectory, options);
  const shareFiles = Array.from({ length: options.total }, (_, index) =>
    join(options.sharesDirectory, passwordShareFileName(index + 1)),
  );
  await refuseMissingFolder(out, options.shown);
  await refuseExisting([out, ...shareFiles], options.shown);
  const password = newSharePassword();
  const written: string[] = [];
  try {
    const shares = splitPassword(password, options);
    const set = { threshold: options.threshold, total: options.total, fileName: basename(out) };
    const texts = shares.map((share) => formatPasswordShareText(share, set));
    proveTextsRebuild(texts, password, options.threshold);
    const created = await createShareFile(password, options);
    await mkdir(options.sharesDirectory, { recursive: true, mode: 0o700 });
    for (const [index, text] of texts.entries()) {
      await writeNew(shareFiles[index]!, text, options.shown);
      written.push(shareFiles[index]!);
    }
    await writeNew(out, created.file, options.shown);
    return { checkValue: created.checkValue, passwordShareFiles: shareFiles };
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  } finally {
    password.fill(0);
  }
}

/** The first t and the last t share texts, read back as a custodian's file would be, rebuild it. */
function proveTextsRebuild(texts: string[], password: Uint8Array, threshold: number): void {
  const read = texts.map((text, index) => parsePasswordShareText(text, `share ${index + 1}`));
  for (const subset of [read.slice(0, threshold), read.slice(-threshold)]) {
    const rebuilt = reconstructPassword(subset);
    const same = rebuilt.every((byte, index) => byte === password[index]);
    rebuilt.fill(0);
    if (!same) throw new Error('the password shares do not rebuild the password');
  }
}

/**
 * Refuses password shares in the folder of the `.pbe` they open, inside it, or around it: whoever
 * copies or backs up that folder would carry file and shares together, which is what splitting
 * the password is meant to prevent. They belong on separate media, one per custodian.
 */
async function refuseSharesBesideFile(
  out: string,
  sharesDirectory: string,
  { shown }: Shown,
): Promise<void> {
  const folder = dirname(out);
  if (
    (await isSameOrWithin(sharesDirectory, folder)) ||
    (await isSameOrWithin(folder, sharesDirectory))
  )
    throw new DkekShareError(
      `The password shares folder ${shown(sharesDirectory)} and ${shown(out)} would share a folder: anyone copying one would carry the file and enough shares to open it. Give --password-shares-dir a folder apart from the .pbe file's (for example on the medium you hand out). Nothing was written`,
    );
}

/** The `.pbe` file's folder must exist: a mistyped path should not make folders of its own. */
async function refuseMissingFolder(out: string, shown: Shown['shown']): Promise<void> {
  const folder = dirname(out);
  const isFolder = await stat(folder).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isFolder)
    throw new DkekShareError(
      `The folder ${shown(folder)} for ${shown(out)} does not exist; create it or choose another path. Nothing was written`,
    );
}

async function refuseExisting(paths: string[], shown: Shown['shown']): Promise<void> {
  for (const path of paths) {
    const exists = await lstat(path).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
    );
    if (exists)
      throw new DkekShareError(
        `${shown(path)} already exists and is never overwritten: a share file replaced is a share lost. Choose another name. Nothing was written`,
      );
  }
}

async function writeNew(path: string, data: string | Uint8Array, shown: Shown['shown']) {
  try {
    await writeFileAtomic(path, data, { exclusive: true, mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DkekShareError(
      code === 'EEXIST'
        ? `${shown(path)} appeared while the share was being made and was not overwritten. Nothing was kept`
        : `${shown(path)} could not be written (${code ?? 'error'}); check that its folder exists and is writable. Nothing was kept`,
    );
  }
}

export interface CheckedShare {
  checkValue: string;
  /** Bytes after the 64 sc-hsm-tool reads, ignored as it ignores them. */
  ignoredBytes: number;
}

/**
 * Reads a `.pbe` file's first 64 bytes, the only ones sc-hsm-tool reads (so a wrong path to a
 * large file costs nothing), refusing a missing, truncated or foreign file with a sentence.
 */
export async function readShareFile(
  path: string,
  { shown }: Shown,
): Promise<{ bytes: Uint8Array; ignoredBytes: number }> {
  let bytes: Uint8Array;
  let size: number;
  try {
    const handle = await open(path, 'r');
    try {
      size = (await handle.stat()).size;
      bytes = new Uint8Array(Math.min(size, PBE_FILE_LENGTH));
      await handle.read(bytes, 0, bytes.length, 0);
    } finally {
      await handle.close();
    }
  } catch {
    throw new DkekShareError(`${shown(path)} cannot be read; check the path`);
  }
  parsePbeFile(bytes, shown(path));
  return { bytes, ignoredBytes: size - PBE_FILE_LENGTH };
}

/** Opens the file with a password and names its share by check value. */
export async function checkShareFileWithPassword(
  path: string,
  password: Uint8Array,
  options: DeriveOptions & Shown,
): Promise<CheckedShare> {
  const { bytes, ignoredBytes } = await readShareFile(path, options);
  return checked(
    ignoredBytes,
    await openShareFile(bytes, password, { ...options, name: options.shown(path) }),
  );
}

/** Reads password share files; each is checked (check word, fields) as it is read. */
export async function readPasswordShareFiles(
  paths: string[],
  { shown }: Shown,
): Promise<ReadPasswordShare[]> {
  const shares: ReadPasswordShare[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw new DkekShareError(
        `The password share file ${shown(path)} cannot be read; check the path`,
      );
    }
    shares.push(parsePasswordShareText(text, shown(path)));
  }
  return shares;
}

/** Opens the file with the password the shares rebuild and names its share by check value. */
export async function checkShareFileWithPasswordShares(
  path: string,
  sharePaths: string[],
  options: DeriveOptions & Shown,
): Promise<CheckedShare> {
  const { bytes, ignoredBytes } = await readShareFile(path, options);
  const shares = await readPasswordShareFiles(sharePaths, options);
  const password = reconstructPassword(shares);
  try {
    const share = await openShareFile(bytes, password, {
      ...options,
      name: options.shown(path),
      secretKind: 'password shares',
    });
    return checked(ignoredBytes, share);
  } finally {
    password.fill(0);
  }
}

function checked(ignoredBytes: number, share: Uint8Array): CheckedShare {
  try {
    return { checkValue: shareCheckValue(share), ignoredBytes };
  } finally {
    share.fill(0);
  }
}
