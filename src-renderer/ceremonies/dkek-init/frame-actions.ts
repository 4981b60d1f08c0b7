// What the DKEK initialisation frame's forward button does, from the snapshot alone (the step
// table's order: preflight, plan, shares, device, record). Steps whose screen has its own
// buttons (the plan form, a custodian's turn) offer none here.

import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';

export type DkekInitForwardIntent =
  'to-plan' | 'to-shares' | 'prove' | 'to-device' | 'initialise' | 'import' | 'finish' | 'done';

export interface DkekInitForwardAction {
  readonly intent: DkekInitForwardIntent;
  readonly label: string;
  readonly blocked: string | null;
}

export function forwardAction(snapshot: DkekInitSnapshot): DkekInitForwardAction | null {
  if (snapshot.stopped) return { intent: 'done', label: 'Close', blocked: null };
  const wait = snapshot.busy ? 'Wait until Custos has finished.' : null;
  switch (snapshot.wizard.current) {
    case 'preflight':
      return {
        intent: 'to-plan',
        label: 'Go on to the plan',
        blocked:
          snapshot.preflight?.reinitialise === 'needs-confirmation'
            ? 'Confirm the re-initialisation first, or choose another device.'
            : wait,
      };
    case 'plan':
      return snapshot.plan
        ? {
            intent: 'to-shares',
            label: snapshot.plan.mode === 'shares' ? 'Make the share files' : 'Go on to the device',
            blocked: wait,
          }
        : null;
    case 'shares': {
      const shares = snapshot.shares;
      if (!shares) return null;
      if (shares.turnsDone < shares.turnsTotal) return null;
      if (!shares.proven)
        return { intent: 'prove', label: 'Prove the share files open', blocked: wait };
      return { intent: 'to-device', label: 'Go on to the device', blocked: wait };
    }
    case 'device': {
      const device = snapshot.device;
      if (!device) return null;
      if (!device.initialised)
        return { intent: 'initialise', label: 'Initialise the device', blocked: wait };
      if (device.outstanding > 0)
        return {
          intent: 'import',
          label: `Import share ${device.total - device.outstanding + 1}`,
          blocked: wait,
        };
      return { intent: 'finish', label: 'Write the record', blocked: wait };
    }
    case 'record':
      return { intent: 'done', label: 'Done', blocked: null };
  }
}

export function cancelWarning(snapshot: DkekInitSnapshot | null): string | null {
  if (!snapshot || snapshot.finished || snapshot.stopped || snapshot.busy) return null;
  const current = snapshot.wizard.current;
  if (current === 'preflight' || current === 'plan' || current === 'shares')
    return 'Nothing has been written to the device yet. Share files already made stay in the ceremony folder, and the record says the ceremony was abandoned.';
  return 'The device may already be initialised for these shares; the record says the ceremony was abandoned, and the shares not yet imported can still be imported later.';
}
