// The views of the two custodian steps, named for the screens that render them.

import type { InitView } from '../../../../shared/ceremony/init-snapshot';

export type SharesView = Extract<InitView, { step: 'shares' }>;
export type VerificationView = Extract<InitView, { step: 'verification' }>;

/** "Alice (custodian 2 of 3)" */
export function custodianTitle(custodian: { index: number; name: string }, count: number): string {
  return `${custodian.name} (custodian ${custodian.index} of ${count})`;
}

/** Why the share went off the screen last time, said to the custodian. */
export const HIDDEN_BECAUSE: Readonly<Record<NonNullable<SharesView['hiddenBecause']>, string>> = {
  idle: 'Your share was hidden because nothing happened on the screen for a while.',
  blur: 'Your share was hidden because this window lost the focus.',
  escape: 'Your share was hidden because Esc was pressed.',
  user: 'Your share was hidden, as you asked.',
};
