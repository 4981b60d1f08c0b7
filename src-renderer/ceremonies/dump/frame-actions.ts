// What the back-up frame's buttons do at each point, worked out from the snapshot alone: the
// step's one forward action (or none, when the step's own form moves it on), and what
// cancelling would mean right now (or null when there is nothing left to cancel).

import type { DumpSnapshot } from '../../../shared/ceremony/dump-session';

export type DumpForwardIntent = 'run' | 'done';

export interface DumpForwardAction {
  readonly intent: DumpForwardIntent;
  readonly label: string;
  readonly blocked: string | null;
}

export function forwardAction(snapshot: DumpSnapshot): DumpForwardAction | null {
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
    case 'primary':
      // The folder form and the application key form move these steps on.
      return null;
    case 'review': {
      const exporting = view.objects.filter((object) => object.status === 'export').length;
      const blocked = snapshot.busy ? 'Wait until Custos has finished on the primary.' : null;
      return { intent: 'run', label: exporting === 0 ? 'Record the back-up (nothing new to export)' : `Export ${exporting} object${exporting === 1 ? '' : 's'}`, blocked };
    }
    case 'export':
      if (view.finished) return { intent: 'done', label: 'Done', blocked: null };
      // A run that stopped part-way (primary unplugged) can be run again; one under way cannot.
      if (snapshot.busy || !snapshot.problem) return null;
      return { intent: 'run', label: 'Run the export again', blocked: null };
  }
}

export function cancelWarning(snapshot: DumpSnapshot | null): string | null {
  if (!snapshot) return 'Nothing has been exported.';
  const view = snapshot.view;
  if (view.step === 'export' && view.finished) return null;
  if (snapshot.busy && view.step === 'export') return null;
  const keys = view.step === 'review' && view.sampleKeys.generated.length > 0 ? ' The rehearsal keys generated on the simulated primary stay on it.' : '';
  if (view.step === 'export') {
    return `The export stopped part-way. Files written so far stay in the ceremony folder and the record says which; run the back-up again later to finish it.${keys}`;
  }
  return `Nothing has been exported: the ceremony folder is unchanged.${keys}`;
}
