// Whether one folder is another or lies inside it, for refusing to put shares in a ceremony
// folder (which must never hold a share). Neither folder needs to exist yet: the part of each
// path that exists is resolved through symbolic links, so a link into the ceremony folder is
// caught too; on Windows and macOS, whose usual file systems ignore case, case is ignored.

import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The real path of the longest existing prefix of `path`, with the rest appended. */
async function realPathSoFar(path: string): Promise<string> {
  const missing: string[] = [];
  let existing = resolve(path);
  for (;;) {
    try {
      return join(await realpath(existing), ...missing.reverse());
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return resolve(path);
      missing.push(basename(existing));
      existing = parent;
    }
  }
}

/** Whether `inner` is the folder `outer` or lies anywhere inside it. */
export async function isSameOrWithin(
  inner: string,
  outer: string,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  const fold =
    platform === 'win32' || platform === 'darwin'
      ? (path: string) => path.toLowerCase()
      : (path: string) => path;
  const path = relative(fold(await realPathSoFar(outer)), fold(await realPathSoFar(inner)));
  // relative() leads with ".." exactly when `inner` is outside `outer` (an absolute path: another drive).
  return path === '' || (!isAbsolute(path) && path.split(sep)[0] !== '..');
}
