// What the verification frame's buttons do, from the snapshot alone: "Verify the clone" once the
// secondary, the password (and, without a record, the live primary) are given; "Done" on the
// result. The verification writes to no device, so leaving it early only closes it.

import type { VerifySnapshot } from '../../../shared/ceremony/verify-snapshot';

export type VerifyForwardIntent = 'run' | 'done';

export interface VerifyForwardAction {
  readonly intent: VerifyForwardIntent;
  readonly label: string;
  readonly blocked: string | null;
}

export function forwardAction(snapshot: VerifySnapshot): VerifyForwardAction | null {
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
      return null;
    case 'devices':
      return { intent: 'run', label: 'Verify the clone', blocked: devicesBlocked(snapshot, view) };
    case 'result':
      return { intent: 'done', label: 'Done', blocked: null };
  }
}

function devicesBlocked(
  snapshot: VerifySnapshot,
  view: Extract<VerifySnapshot['view'], { step: 'devices' }>,
): string | null {
  if (!snapshot.secondary) return 'Choose the secondary (the clone) first.';
  if (view.needsPrimary && !snapshot.primary)
    return 'This folder has no Custos record: choose the live primary to compare with.';
  if (!view.passwordGiven) return 'Give the application key’s password first.';
  if (snapshot.busy) return 'Wait until Custos has finished.';
  return null;
}

export function cancelWarning(snapshot: VerifySnapshot | null): string | null {
  if (snapshot?.view.step === 'result' || snapshot?.busy) return null;
  return 'Nothing has been compared yet and nothing is written: the verification only reads the devices.';
}
