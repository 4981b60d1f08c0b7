// What the rotation frame's buttons do at each point, from the snapshot alone (and whether the
// primary is plugged in, for the step that draws the new key's random half from it): the step's
// one forward action, whether Back is open, and what cancelling would mean now.

import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';

export type RotationForwardIntent = 'to-shares' | 'make-new-shares' | 'resume-devices' | 'done';

export interface RotationForwardAction {
  readonly intent: RotationForwardIntent;
  readonly label: string;
  readonly blocked: string | null;
}

export function forwardAction(
  snapshot: RotationSnapshot,
  primaryPresent: boolean,
): RotationForwardAction | null {
  if (snapshot.stopped) return null;
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
      return {
        intent: 'to-shares',
        label: snapshot.ceremony?.resuming
          ? 'Go on to the new shares'
          : 'Go on to the current shares',
        blocked: !snapshot.ceremony
          ? 'Choose the ceremony folder first.'
          : !view.rotationKeyGiven
            ? 'Give the password of the key that manages wrap keys first.'
            : null,
      };
    case 'authorize':
      if (view.phase !== 'recombined') return null;
      if (view.set === 'new')
        return { intent: 'resume-devices', label: 'Go on to the devices', blocked: null };
      return {
        intent: 'make-new-shares',
        label: 'Make the new wrap key and shares',
        blocked: primaryPresent
          ? null
          : `Plug in the primary (serial ${snapshot.ceremony?.primarySerial ?? '?'}): the new wrap key’s random half comes from it.`,
      };
    case 'new-shares':
    case 'devices':
      return null;
    case 'finished':
      return { intent: 'done', label: 'Done', blocked: null };
  }
}

export function canGoBack(snapshot: RotationSnapshot): boolean {
  if (snapshot.stopped || snapshot.busy) return false;
  const view = snapshot.view;
  return view.step === 'authorize' && view.phase === 'handover' && view.accepted.length === 0;
}

/** What cancelling means now, for the confirmation dialog; null when Cancel is not offered. */
export function cancelWarning(snapshot: RotationSnapshot | null): string | null {
  if (!snapshot) return 'Nothing has been read or written.';
  if (snapshot.stopped || snapshot.view.step === 'finished' || snapshot.busy) return null;
  const view = snapshot.view;
  if (view.step === 'devices') {
    const old = view.devices.filter((d) => d.stage !== 'new-key');
    return `The rotation stays in progress in the record: ${old.map((d) => `the ${d.role} (serial ${d.serial})`).join(', ')} still ${old.length === 1 ? 'holds' : 'hold'} the old wrap key. The custodians’ new shares resume it later; keep them.`;
  }
  if (view.step === 'new-shares')
    return 'No device has been changed. The new shares handed out so far are worthless: the new key is wiped, and those custodians destroy what they wrote down.';
  if (view.step === 'authorize' && view.accepted.length > 0)
    return 'Nothing has been written to any device. The shares entered so far are forgotten.';
  return 'Nothing has been written to any device.';
}
