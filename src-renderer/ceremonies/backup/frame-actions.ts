// What the back-up frame's buttons do at each point, worked out from the snapshot alone: the
// step's one forward action (or none, when the step's own form moves it on), what cancelling
// would mean right now (or null when there is nothing left to cancel), and what the stopped
// screen says.

import type { BackupSnapshot } from '../../../shared/ceremony/backup-snapshot';

export type BackupForwardIntent = 'run' | 'done';

export interface BackupForwardAction {
  readonly intent: BackupForwardIntent;
  readonly label: string;
  readonly blocked: string | null;
}

export function forwardAction(snapshot: BackupSnapshot): BackupForwardAction | null {
  if (snapshot.stopped) return null;
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
    case 'primary':
      // The folder form and the application key form move these steps on.
      return null;
    case 'review': {
      const exporting = view.objects.filter((object) => object.status === 'export').length;
      const blocked = snapshot.busy ? 'Wait until Custos has finished on the primary.' : null;
      return {
        intent: 'run',
        label:
          exporting === 0
            ? 'Record the back-up (nothing new to export)'
            : `Export ${exporting} object${exporting === 1 ? '' : 's'}`,
        blocked,
      };
    }
    case 'export':
      if (view.finished) return { intent: 'done', label: 'Done', blocked: null };
      // A run that stopped part-way (primary unplugged) can be run again; one under way cannot.
      if (snapshot.busy || !snapshot.problem) return null;
      return { intent: 'run', label: 'Run the export again', blocked: null };
  }
}

export function cancelWarning(snapshot: BackupSnapshot | null): string | null {
  if (!snapshot) return 'Nothing has been exported.';
  if (snapshot.stopped) return null;
  const view = snapshot.view;
  if (view.step === 'export' && view.finished) return null;
  if (snapshot.busy && view.step === 'export') return null;
  const keys =
    view.step === 'review' && view.sampleKeys.generated.length > 0
      ? ' The rehearsal keys generated on the simulated primary stay on it.'
      : '';
  if (view.step === 'export') {
    return `The export stopped part-way. Files written so far stay in the ceremony folder and the record says which; run the back-up again later to finish it.${keys}`;
  }
  return `Nothing has been exported: the ceremony folder is unchanged.${keys}`;
}

type Stopped = NonNullable<BackupSnapshot['stopped']>;

/** The stopped screen's title. */
export function stoppedTitle(stopped: Stopped): string {
  return stopped.status === 'failed'
    ? 'This back-up stopped part-way'
    : 'This back-up was cancelled';
}

/** The stopped screen's words about the ceremony folder (and the primary, when rehearsal keys were made on it). */
export function stoppedFolderSentence(stopped: Stopped): string {
  const keys = stopped.deviceTouched
    ? ' The rehearsal keys generated on the simulated primary stay on it.'
    : '';
  const count = stopped.written.length;
  if (count === 0) return `Nothing was written to the ceremony folder.${keys}`;
  const total = count + stopped.notWritten.length;
  return `${count} of the ${total} file${total === 1 ? '' : 's'} this back-up was to write ${count === 1 ? 'was' : 'were'} written to the ceremony folder before it stopped. They stay there, and the record and the transcript list them. Start a new back-up to write the rest: the files already in the folder are kept.${keys}`;
}

/** Stopped before anything was written or changed: nothing to read, so the screen goes straight home. */
export function stoppedWithNothingToSay(stopped: Stopped): boolean {
  return stopped.written.length === 0 && !stopped.deviceTouched && stopped.status === 'abandoned';
}
