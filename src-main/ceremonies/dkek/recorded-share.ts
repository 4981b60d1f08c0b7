// The share a holder opened for a clone is the share the record names under that number (issue 10
// "a share imported twice is refused before it reaches the device"): its check value (the first
// 8 bytes of SHA-256 of the share, spec §3) is compared with the one recorded when it was made. A copy of another share's file (or its password) would otherwise go in
// a second time and cancel that share out, leaving an all-zero DKEK on the secondary.

import type { DkekCeremonyRecord } from '../../../shared/records/dkek-ceremony-record';
import { shareCheckValue } from '../../dkek/check-value';
import { Refusal } from '../../refusal/refusal';

export function checkRecordedShare(record: DkekCeremonyRecord, n: number, share: Uint8Array): void {
  const opened = shareCheckValue(share);
  const expected = record.dkek.shareFiles.find((file) => file.number === n)?.shareKcv;
  if (expected === undefined || opened === expected) return;
  const other = record.dkek.shareFiles.find((file) => file.shareKcv === opened);
  throw new Refusal(
    'invalid-input',
    other
      ? `The file given as share ${n} opens to share ${other.number} (check value ${opened}), which is already one of this domain's shares: importing it again would cancel it out and leave an all-zero DKEK. Nothing was sent to the secondary; bring share ${n}'s own file.`
      : `The file given as share ${n} opens to a share with check value ${opened}, but the record's share ${n} has ${expected}: it is not this domain's share ${n}. Nothing was sent to the secondary; bring share ${n}'s own file.`,
  );
}
