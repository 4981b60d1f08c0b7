// Sentences under the wizard's buttons saying why one of them is disabled.

import type { WizardMove, WizardTable } from '../../shared/ceremony/wizard';
import { findStep } from '../../shared/ceremony/wizard';

/** Why Back is closed, when that is not obvious (on the first step it is). */
export function backHint<Id extends string>(
  table: WizardTable<Id>,
  move: WizardMove<Id>,
): string | null {
  if (move.moved || move.reason !== 'locked') return null;
  return `Back is closed: “${findStep(table, move.lockedBy).title}” is done and cannot be undone.`;
}

/**
 * Why Next (or Finish) is disabled: the step's own reason first, then steps the table says
 * must come first, then a last step with nothing to finish.
 */
export function nextHint<Id extends string>(
  table: WizardTable<Id>,
  move: WizardMove<Id>,
  blockedReason: string | null,
  canFinish: boolean,
): string | null {
  if (blockedReason !== null) return blockedReason;
  if (move.moved) return null;
  if (move.reason === 'missing-prerequisites') {
    return `First finish: ${move.missing.map((id) => findStep(table, id).title).join(', ')}.`;
  }
  if (move.reason === 'last-step' && !canFinish) return 'This ceremony cannot be finished yet.';
  return null;
}
