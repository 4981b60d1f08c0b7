// Atomic file writes: a reader sees the old file or the new one, never half of either.
// Write a temporary file in the same folder, flush it to disk, rename it over the target,
// then flush the folder so the rename itself survives a power cut. "Never overwrite" links the
// temporary file to the target instead: link() fails with EEXIST when the target exists, in one
// step, so two writers racing for the same name cannot both win (a check before a rename can).

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o600: ceremony files are for their owner). */
  mode?: number;
  /** Refuse to replace an existing file (fails with EEXIST) instead of overwriting it. */
  exclusive?: boolean;
}

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
    options.mode ?? 0o600,
  );
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (options.exclusive) await linkExclusive(temporary, path);
    else await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
  await syncFolder(folder);
}

/** Filesystems without hard links (FAT and exFAT media) answer link() with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** Puts the written temporary file at `path` only if nothing is there, atomically. */
async function linkExclusive(temporary: string, path: string): Promise<void> {
  try {
    await link(temporary, path);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw alreadyExists(path);
    if (!NO_HARD_LINKS.has(code ?? '')) throw error;
  }
  // No hard links here: claim the name with an exclusive create (atomic too), then rename the
  // finished file over the claim; a reader may briefly see the claim empty, never half a file.
  let claim;
  try {
    claim = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyExists(path);
    throw error;
  }
  await claim.close();
  await rename(temporary, path);
}

function alreadyExists(path: string): Error {
  return Object.assign(new Error(`${path} already exists and will not be overwritten`), {
    code: 'EEXIST',
  });
}

async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
