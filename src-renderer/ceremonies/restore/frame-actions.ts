// What the restore frame's buttons do at each point, from the snapshot alone: the step's one
// forward action (or none, when the custodians' own buttons move it on), whether Back is open
// (main allows it until the first share is accepted), and what cancelling would mean now.

import type { RestoreSnapshot } from '../../../shared/ceremony/restore-snapshot';

export type RestoreForwardIntent = 'to-shares' | 'run-device-steps' | 'next-secondary' | 'done';

export interface RestoreForwardAction {
  readonly intent: RestoreForwardIntent;
  readonly label: string;
  readonly blocked: string | null;
}

export function forwardAction(snapshot: RestoreSnapshot): RestoreForwardAction | null {
  if (snapshot.stopped) return null;
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
      return null;
    case 'secondary': {
      const state = view.check?.state;
      const ready =
        (state === 'factory-fresh' || state === 'resume') && snapshot.secondary !== undefined;
      return {
        intent: 'to-shares',
        label: state === 'resume' ? 'Resume: go on to the shares' : 'Go on to the shares',
        blocked: ready
          ? null
          : 'Choose a factory-fresh secondary first (or one holding a partial restore of this ceremony).',
      };
    }
    case 'shares':
      if (view.phase !== 'recombined') return null;
      return {
        intent: 'run-device-steps',
        label: 'Write to the secondary',
        blocked:
          view.recombined?.matchesRecord === false
            ? 'The rebuilt wrap key does not match the record: it must not be put on the secondary.'
            : null,
      };
    case 'device-steps':
      if (!view.canRetry || snapshot.busy) return null;
      if (view.applicationKey.passwordNeeded) {
        // The factory key was kept for the password: main runs the steps again only once it is given again.
        return {
          intent: 'run-device-steps',
          label: 'Run the device steps again',
          blocked: view.applicationKey.passwordGiven
            ? null
            : 'Give the application key’s password again first.',
        };
      }
      return { intent: 'run-device-steps', label: 'Resume the device steps', blocked: null };
    case 'finished':
      // Several secondaries in one sitting: the next one, while main still holds the key.
      if (view.nextSecondary)
        return {
          intent: 'next-secondary',
          label: `Restore the next secondary (${view.nextSecondary.number} of ${view.nextSecondary.of})`,
          blocked: null,
        };
      return { intent: 'done', label: 'Done', blocked: null };
  }
}

export function canGoBack(snapshot: RestoreSnapshot): boolean {
  if (snapshot.stopped || snapshot.busy) return false;
  const view = snapshot.view;
  // A later secondary of the sitting: the folder stays the one the key was rebuilt for.
  if (view.step === 'secondary') return (snapshot.sitting?.restored.length ?? 0) === 0;
  return view.step === 'shares' && view.phase === 'handover' && view.accepted.length === 0;
}

/** The device steps have begun: some task ran, so the secondary may hold something new. */
export function deviceStarted(snapshot: RestoreSnapshot): boolean {
  return (
    snapshot.view.step === 'device-steps' &&
    snapshot.view.tasks.some((task) => task.status !== 'pending')
  );
}

/** What cancelling means now, for the confirmation dialog; null when Cancel is not offered. */
export function cancelWarning(snapshot: RestoreSnapshot | null): string | null {
  if (!snapshot) return 'Nothing has been read or written.';
  if (snapshot.stopped) return null;
  const view = snapshot.view;
  if (view.step === 'finished') {
    if (!view.nextSecondary) return null;
    return `${view.nextSecondary.number - 1} of ${view.nextSecondary.of} secondaries are restored. Cancelling wipes the rebuilt wrap key from memory: the others would need the custodians to enter their shares again.`;
  }
  const restored = snapshot.sitting?.restored.length ?? 0;
  if (restored > 0 && view.step !== 'device-steps')
    return `${restored} of ${snapshot.sitting!.planned} secondaries are restored and nothing has been written to this one. Cancelling wipes the rebuilt wrap key from memory: the others would need the custodians to enter their shares again.`;
  if (view.step === 'device-steps') {
    // Main refuses to stop in the middle of a device command; the run ends on its own first.
    if (snapshot.busy || view.tasks.some((task) => task.status === 'running')) return null;
    if (deviceStarted(snapshot)) {
      return `The secondary is partly restored. ${view.deviceState} Cancelling records the restore as failed; start a new restore onto the same secondary later to resume it, or reset it.`;
    }
  }
  if (view.step === 'shares' && view.phase === 'recombined') {
    return 'Nothing has been written to the secondary. The rebuilt wrap key is wiped from memory; the custodians would have to enter their shares again.';
  }
  if (view.step === 'shares' && view.accepted.length > 0) {
    return 'Nothing has been written to the secondary. The shares entered so far are forgotten; the custodians keep their own records and enter them again in a new restore.';
  }
  return 'Nothing has been written to the secondary and no share has been entered.';
}

/** The stopped screen's words about the secondary. */
export function stoppedDeviceSentence(stopped: NonNullable<RestoreSnapshot['stopped']>): string {
  return stopped.deviceTouched
    ? 'The secondary was written to before the restore stopped. Start a new restore onto it to resume (what is already there is recognised and skipped), or reset it to factory state.'
    : 'Nothing was written to the secondary.';
}
