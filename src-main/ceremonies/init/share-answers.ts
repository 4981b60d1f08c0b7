// What a custodian types in the confirm phase, worked out from the share the reveal showed:
// the groups a spot check asks for, or every line with its check character. The headless
// rehearsal answers with it; tests use it to play the custodian.

import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';

export function confirmationAnswers(reveal: InitSnapshot, confirm: InitSnapshot): string[] {
  if (reveal.view.step !== 'shares' || !reveal.view.share)
    throw new Error('the first snapshot does not show a share');
  if (confirm.view.step !== 'shares' || !confirm.view.confirmation)
    throw new Error('the second snapshot asks for no confirmation');
  const lines = reveal.view.share.lines;
  const asked = confirm.view.confirmation;
  if (asked.mode === 'full') return lines.map((line) => `${line.groups.join(' ')} ${line.check}`);
  return asked.groups.map(({ line, group }) => lines[line - 1]!.groups[group - 1]!);
}
