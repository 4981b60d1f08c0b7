// What a custodian types in the confirm phase, worked out from the share the reveal showed:
// the groups a spot check asks for, or every line with its check character. The headless
// rehearsal answers with it; tests use it to play the custodian.

import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import type { SharesView } from './share-turns';

export function confirmationAnswers(reveal: InitSnapshot, confirm: InitSnapshot): string[] {
  if (reveal.view.step !== 'shares' || confirm.view.step !== 'shares')
    throw new Error('the snapshots are not at the shares step');
  return answersFor(reveal.view, confirm.view);
}

/** The same, from a share turn's views (any ceremony that shows shares: init, reshare). */
export function answersFor(reveal: SharesView, confirm: SharesView): string[] {
  if (!reveal.share) throw new Error('the first view does not show a share');
  if (!confirm.confirmation) throw new Error('the second view asks for no confirmation');
  const lines = reveal.share.lines;
  const asked = confirm.confirmation;
  if (asked.mode === 'full') return lines.map((line) => `${line.groups.join(' ')} ${line.check}`);
  return asked.groups.map(({ line, group }) => lines[line - 1]!.groups[group - 1]!);
}
