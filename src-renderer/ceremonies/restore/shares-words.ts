// How the shares step names people and counts shares, in the ceremony's own words.

import type { RestoreSharesView } from '../../../shared/ceremony/restore-session';

/** "Alice Andersen (share 1)", or the turn's name in interop mode ("Custodian 2"). */
export function custodianLabel(custodian: { index?: number | undefined; name: string }): string {
  return custodian.index === undefined ? custodian.name : `${custodian.name} (share ${custodian.index})`;
}

/** "1 of the 2 shares needed are in", or, before the threshold is known, how many are in. */
export function progressSentence(view: Pick<RestoreSharesView, 'threshold' | 'accepted'>): string {
  const count = view.accepted.length;
  if (view.threshold === null) {
    return count === 0 ? 'No share is in yet. The first share says how many are needed.' : `${count} share${count === 1 ? ' is' : 's are'} in.`;
  }
  return `${count} of the ${view.threshold} shares needed ${count === 1 ? 'is' : 'are'} in.`;
}

/** Enough shares are in to rebuild the wrap key: the cleared screen's button says so. */
export function enoughShares(view: Pick<RestoreSharesView, 'threshold' | 'accepted'>): boolean {
  return view.threshold !== null && view.accepted.length >= view.threshold;
}
