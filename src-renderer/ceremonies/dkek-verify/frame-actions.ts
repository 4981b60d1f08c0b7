// What the DKEK verification frame's buttons do, from the snapshot alone (folder, device,
// result). The folder and the clone with its PIN have their own forms; the result is "Done".
// The verification only reads the clone, so leaving early only closes it.

import type { DkekVerifySnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';

export type DkekVerifyForwardIntent = 'done';

export interface DkekVerifyForwardAction {
  readonly intent: DkekVerifyForwardIntent;
  readonly label: string;
  readonly blocked: string | null;
}

export function forwardAction(snapshot: DkekVerifySnapshot): DkekVerifyForwardAction | null {
  if (snapshot.stopped) return { intent: 'done', label: 'Close', blocked: null };
  if (snapshot.steps.current === 'result') return { intent: 'done', label: 'Done', blocked: null };
  return null;
}

export function cancelWarning(snapshot: DkekVerifySnapshot | null): string | null {
  if (snapshot?.finished || snapshot?.stopped || snapshot?.busy) return null;
  return 'Nothing has been compared yet and nothing is written: the verification only reads the clone.';
}
