// How the shares step names people and counts shares, in the ceremony's own words.

import type { Recombined, RestoreSharesView } from '../../../shared/ceremony/restore-snapshot';

/** "Alice Andersen (share 1)", or the turn's name in interop mode ("Custodian 2"). */
export function custodianLabel(custodian: { index?: number | undefined; name: string }): string {
  return custodian.index === undefined
    ? custodian.name
    : `${custodian.name} (share ${custodian.index})`;
}

/** "1 of the 2 shares needed are in", or, before the threshold is known, how many are in. */
export function progressSentence(view: Pick<RestoreSharesView, 'threshold' | 'accepted'>): string {
  const count = view.accepted.length;
  if (view.threshold === null) {
    return count === 0
      ? 'No share is in yet. The first share says how many are needed.'
      : `${count} share${count === 1 ? ' is' : 's are'} in.`;
  }
  return `${count} of the ${view.threshold} shares needed ${count === 1 ? 'is' : 'are'} in.`;
}

/** Enough shares are in to rebuild the wrap key: the cleared screen's button says so. */
export function enoughShares(view: Pick<RestoreSharesView, 'threshold' | 'accepted'>): boolean {
  return view.threshold !== null && view.accepted.length >= view.threshold;
}

/**
 * Whose shares rebuilt the wrap key: "Rebuilt from the shares of Alice Andersen (1) and Bob
 * Brandt (2).", or by number alone without a record ("Rebuilt from shares 1 and 3.").
 */
export function rebuiltFromSentence(used: Recombined['used']): string {
  if (used.length === 0) return '';
  if (used.every((share) => share.custodian !== undefined)) {
    return `Rebuilt from the shares of ${listOf(used.map((share) => `${share.custodian} (${share.number})`))}.`;
  }
  return `Rebuilt from share${used.length === 1 ? '' : 's'} ${listOf(used.map((share) => (share.custodian ? `${share.number} (${share.custodian})` : String(share.number))))}.`;
}

/** How long an entry may sit untouched, in words: "1 minute", "90 seconds". */
export function idlePeriod(seconds: number): string {
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}

function listOf(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}
