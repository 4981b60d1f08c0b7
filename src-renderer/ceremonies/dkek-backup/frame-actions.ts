// What the DKEK back-up frame's buttons do, from the snapshot alone (the step table's order:
// folder, device, review, wrap). The folder and device steps have their own buttons (the folder
// field, the card and PIN form), so the frame offers nothing there.

import type { DkekBackupSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';

export type DkekBackupForwardIntent = 'run' | 'done';

export interface DkekBackupForwardAction {
  readonly intent: DkekBackupForwardIntent;
  readonly label: string;
  readonly blocked: string | null;
}

export function forwardAction(snapshot: DkekBackupSnapshot): DkekBackupForwardAction | null {
  if (snapshot.stopped) return { intent: 'done', label: 'Close', blocked: null };
  const wait = snapshot.busy ? 'Wait until Custos has finished.' : null;
  switch (snapshot.steps.current) {
    case 'folder':
    case 'device':
      return null;
    case 'review': {
      const count = snapshot.keys.length;
      return {
        intent: 'run',
        label:
          count === 1 ? 'Wrap the key under the DKEK' : `Wrap the ${count} keys under the DKEK`,
        blocked: count === 0 ? 'The primary holds no keys, so there is nothing to back up.' : wait,
      };
    }
    case 'wrap':
      // Stopped part-way (the card pulled): run again; what is already in the folder is kept.
      if (!snapshot.finished)
        return { intent: 'run', label: 'Wrap the remaining keys', blocked: wait };
      return { intent: 'done', label: 'Done', blocked: null };
  }
}

export function cancelWarning(snapshot: DkekBackupSnapshot | null): string | null {
  if (!snapshot) return 'Nothing has been read or written yet.';
  if (snapshot.finished || snapshot.stopped || snapshot.busy) return null;
  if (snapshot.steps.current === 'wrap')
    return 'The files already wrapped stay in the ceremony folder; the keys not yet wrapped have no back-up. Run the back-up again later to finish it (files already there are kept).';
  return 'Nothing has been wrapped yet: no file is written and the device is not changed.';
}
