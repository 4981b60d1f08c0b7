// Who holds a DKEK share, said the same way on the device screen, the record screen and in the
// record's statusReason when a ceremony ends with shares outstanding (issue 10 "Sequential import
// across sites": the next holders must be named plainly).

import type { DkekShareHolders } from '../records/dkek-ceremony-record';

/** "Alice (the share file and its password)", "any 2 of Bob, Carol, Dan (password shares)". */
export function holdersInWords(holders: DkekShareHolders): string {
  return holders.kind === 'password'
    ? `${holders.custodian} (the share file and its password)`
    : `any ${holders.threshold} of ${holders.custodians.join(', ')} (their password shares)`;
}

/** One sentence naming every share still to be imported and who holds it. */
export function outstandingInWords(
  shares: readonly { number: number; holders: DkekShareHolders }[],
): string {
  const each = shares.map((share) => `share ${share.number}: ${holdersInWords(share.holders)}`);
  return `${shares.length === 1 ? 'One share is' : `${shares.length} shares are`} still to be imported — ${each.join('; ')}.`;
}
