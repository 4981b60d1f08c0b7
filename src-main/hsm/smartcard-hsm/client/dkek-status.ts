// The answer of MANAGE KEY DOMAIN (spec §5.1): total shares, outstanding shares, KCV. Read into
// the states a ceremony shows, so a zero KCV is never shown as a value (a Pico HSM seals it
// without a PIN in the session, spec §7.1) and a DKEK made of one share imported twice is named
// (spec §3: KCV 66687AADF862BD77) for the ceremony to refuse.

import { ZERO_DKEK_CHECK_VALUE } from '../../../dkek/check-value';
import { KCV_LENGTH } from '../protocol/constants';
import { checkValueHex } from '../protocol/dkek-keys';

export type DkekStatus =
  /** Initialised without DKEK shares: no wrap or unwrap is possible. */
  | { state: 'no-dkek' }
  /** Shares still to import; a KCV read now means nothing (spec §7.1), so none is given. */
  | { state: 'pending'; total: number; outstanding: number; imported: number }
  /** Every share is in. `sameShareTwice`: the DKEK is all zeros, the ceremony must refuse it. */
  | { state: 'complete'; total: number; kcv: string; sameShareTwice: boolean }
  /** Every share is in but the device did not reveal the KCV (a Pico HSM without a PIN). */
  | { state: 'complete-kcv-hidden'; total: number; explanation: string };

export const HIDDEN_KCV_EXPLANATION =
  'The device reports its DKEK as complete but shows no check value: a Pico HSM reveals it only after the user PIN has been verified in the same card session. Verify the PIN, then read the status again; the zeros it shows now are not the check value.';

export function readDkekStatus(data: Uint8Array): DkekStatus {
  if (data.length < 2 + KCV_LENGTH)
    throw new RangeError(`the DKEK status is ${2 + KCV_LENGTH} bytes, not ${data.length}`);
  const total = data[0]!;
  const outstanding = data[1]!;
  const kcv = data.subarray(2, 2 + KCV_LENGTH);
  // A Pico HSM may append the XKEK domain id after the 10 bytes (spec §5.3): ignored.
  if (total === 0 && outstanding === 0) return { state: 'no-dkek' };
  if (outstanding > 0)
    return { state: 'pending', total, outstanding, imported: Math.max(0, total - outstanding) };
  if (kcv.every((byte) => byte === 0))
    return { state: 'complete-kcv-hidden', total, explanation: HIDDEN_KCV_EXPLANATION };
  const hex = checkValueHex(kcv);
  return { state: 'complete', total, kcv: hex, sameShareTwice: hex === ZERO_DKEK_CHECK_VALUE };
}
