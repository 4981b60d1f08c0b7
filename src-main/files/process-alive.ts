// Whether a process id recorded in a file (a lock, the in-progress list) still names a running
// process, so what a crashed process left behind can be told from what a live one holds.

export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
