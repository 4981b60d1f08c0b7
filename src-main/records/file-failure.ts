// What a failed file operation is called when it is told to a person. Node's error text names
// system calls, errno codes and whatever path the call had ("EACCES: permission denied, open
// '/…/.x.tmp'"); that is for the log. IPC answers and snapshots carry a Custos sentence chosen by
// the error's code, about the thing the person knows (the ceremony folder, the record, a file).

/** A sentence fragment (no capital, no full stop) saying why `what` could not be used. */
export function fileFailureReason(error: unknown, what: string): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return `${what} is not there (it may have been moved, or the media pulled out)`;
    case 'EACCES':
    case 'EPERM':
      return `Custos is not allowed to use ${what}; check its permissions`;
    case 'EROFS':
      return `${what} is on read-only media; use media that can be written`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `there is no space left for ${what}; free some space or use other media`;
    case 'ENOTDIR':
    case 'EISDIR':
      return `${what} is not what Custos expected there (a file where a folder should be, or the other way round)`;
    case 'EIO':
      return `the disk reported an error while using ${what}; check the media`;
    case 'EMFILE':
    case 'ENFILE':
      return `too many files are open to use ${what} now; try again`;
    case 'ENAMETOOLONG':
      return `the path of ${what} is too long; choose a shorter folder`;
    default:
      return `${what} could not be used; check the media and try again`;
  }
}

/**
 * Why a ceremony folder could not be opened: the folder's own sentence when it is one (those
 * name the folder and the file), else the reason by code.
 */
export function ceremonyFolderReason(error: unknown, folder: string): string {
  if (error instanceof Error && error.name === 'CeremonyFolderError') return error.message;
  return fileFailureReason(error, `the ceremony folder ${folder}`);
}
