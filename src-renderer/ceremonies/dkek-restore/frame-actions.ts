// What the DKEK clone's (and sequential import's) frame buttons do, from the snapshot alone (the
// step table's order: folder, device, shares, unwrap). The folder, device and a holder's turn
// have their own buttons, so the frame offers nothing there; with every share in but the KCV not
// yet compared (a resumed clone), it offers the comparison.

import type { DkekRestoreSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';

export type DkekRestoreForwardIntent = 'check-kcv' | 'unwrap' | 'done';

export interface DkekRestoreForwardAction {
  readonly intent: DkekRestoreForwardIntent;
  readonly label: string;
  readonly blocked: string | null;
}

export function forwardAction(snapshot: DkekRestoreSnapshot): DkekRestoreForwardAction | null {
  if (snapshot.stopped || snapshot.finished)
    return { intent: 'done', label: snapshot.stopped ? 'Close' : 'Done', blocked: null };
  const wait = snapshot.busy ? 'Wait until Custos has finished.' : null;
  switch (snapshot.steps.current) {
    case 'folder':
    case 'device':
      return null;
    case 'shares':
      if (snapshot.shares.turn) return null;
      return { intent: 'check-kcv', label: 'Compare the DKEK with the record', blocked: wait };
    case 'unwrap':
      return {
        intent: 'unwrap',
        label: snapshot.files.length === 0 ? 'Unwrap the keys' : 'Unwrap the remaining keys',
        blocked: wait,
      };
  }
}

export function cancelWarning(snapshot: DkekRestoreSnapshot | null): string | null {
  if (!snapshot) return 'Nothing has been read or written yet.';
  if (snapshot.finished || snapshot.stopped || snapshot.busy) return null;
  const imported = snapshot.shares.imported.length;
  if (snapshot.mode === 'import')
    return imported > 0
      ? `The ${imported} share${imported === 1 ? ' already on the device stays' : 's already on the device stay'} there and in the record; the next holder carries on later.`
      : 'Nothing has been imported yet; the device is not changed.';
  if (snapshot.steps.current === 'unwrap')
    return 'The secondary holds the DKEK; keys already unwrapped stay on it. Run the clone again later to unwrap the rest (keys already there are recognised).';
  if (imported > 0)
    return `The secondary keeps the ${imported} share${imported === 1 ? '' : 's'} imported; run the clone again to carry on where it stopped.`;
  return 'Nothing has been written to the secondary yet.';
}
