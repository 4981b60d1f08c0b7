// What the frame's buttons do at each point of the ceremony, worked out from the snapshot alone:
// the one forward action of the step (or none, when the step's own buttons move it on), whether
// Back is open, and what cancelling would mean right now.

import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';

export type ForwardIntent =
  'to-plan' | 'to-review' | 'begin' | 'leave-verification' | 'run-device-steps' | 'done';

export interface ForwardAction {
  readonly intent: ForwardIntent;
  readonly label: string;
  /** Why it cannot be pressed yet, in a sentence; null when it can. */
  readonly blocked: string | null;
}

export function forwardAction(snapshot: InitSnapshot): ForwardAction | null {
  if (snapshot.stopped) return null;
  const view = snapshot.view;
  switch (view.step) {
    case 'preflight': {
      const fresh = view.primary?.state === 'factory-fresh';
      return {
        intent: 'to-plan',
        label: 'Go on to the plan',
        blocked: fresh ? null : 'Choose a factory-fresh primary first.',
      };
    }
    case 'plan': {
      const count = view.errors.length;
      const blocked =
        count === 0
          ? null
          : `${count === 1 ? 'One thing' : `${count} things`} in the plan ${count === 1 ? 'needs' : 'need'} fixing first; each is marked where it is.`;
      return { intent: 'to-review', label: 'Review the plan', blocked };
    }
    case 'review':
      return { intent: 'begin', label: 'Begin ceremony', blocked: null };
    case 'shares':
      // Each turn moves on with its own buttons, one custodian at a time.
      return null;
    case 'verification':
      if (view.phase !== 'result' || !view.result?.allMatch) return null;
      return { intent: 'leave-verification', label: 'Go on to the device steps', blocked: null };
    case 'device-steps': {
      const untouched = view.tasks.every(
        (task) => task.status === 'pending' || task.status === 'skipped',
      );
      if (!untouched || snapshot.busy) return null;
      return { intent: 'run-device-steps', label: 'Write to the primary', blocked: null };
    }
    case 'record':
      return { intent: 'done', label: 'Done', blocked: null };
  }
}

/** Main reopens the plan from the review and preflight from the plan; nothing after "Begin". */
export function canGoBack(snapshot: InitSnapshot): boolean {
  return (
    !snapshot.stopped &&
    !snapshot.busy &&
    (snapshot.steps.current === 'plan' || snapshot.steps.current === 'review')
  );
}

export function canCancel(snapshot: InitSnapshot): boolean {
  if (snapshot.stopped || snapshot.steps.current === 'record') return false;
  // Main refuses to stop in the middle of a device command; the run ends on its own first.
  return !(
    snapshot.view.step === 'device-steps' &&
    snapshot.view.tasks.some((task) => task.status === 'running')
  );
}

/** The device steps have begun: some task ran, so the primary may hold something new. */
export function deviceStarted(snapshot: InitSnapshot): boolean {
  return (
    snapshot.view.step === 'device-steps' &&
    snapshot.view.tasks.some(
      (task) => task.status === 'done' || task.status === 'failed' || task.status === 'running',
    )
  );
}

/** What cancelling means now, for the confirmation dialog. */
export function cancelWarning(snapshot: InitSnapshot | null): string {
  if (!snapshot)
    return 'Nothing has been created: no key, no share, nothing on a device or in a ceremony folder.';
  const step = snapshot.steps.current;
  if (step === 'preflight' || step === 'plan' || step === 'review') {
    return 'Nothing has been created yet: no wrap key, no share, nothing on the primary or in a ceremony folder. Only the plan as typed is lost; save it to a plan file first if you want to keep it.';
  }
  if (deviceStarted(snapshot) && snapshot.view.step === 'device-steps') {
    return `The primary is partly set up. ${snapshot.view.deviceState} Cancelling leaves it like that: the record will say the ceremony failed, and the primary must be reset before it is initialized again.`;
  }
  return 'Nothing has been written to the primary, but shares have been made. If you cancel, the record says the ceremony was abandoned and every share shown so far is worthless: destroy any copy of it.';
}
