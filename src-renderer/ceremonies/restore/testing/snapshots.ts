// Restore snapshots shaped as main sends them, for render, store and frame tests. The shares are
// real yubihsm-setup-shaped texts with their real checked lines.

import type {
  RestoreSharesView,
  RestoreSnapshot,
  RestoreView,
} from '../../../../shared/ceremony/restore-snapshot';
import { RESTORE_STEP_IDS } from '../../../../shared/ceremony/restore-steps';
import { lineLengths } from '../../../../shared/shares/checked-lines';

/** Bob's share (2 of a 2-of-3 set): what a custodian types; never in a snapshot. */
export const BOB_SHARE =
  '2-2-Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDRA';

export const CUSTODIANS = [
  { index: 1, name: 'Alice Andersen' },
  { index: 2, name: 'Bob Brandt' },
  { index: 3, name: 'Carol Cruz' },
];

export function sharesView(
  phase: RestoreSharesView['phase'],
  extra: Partial<RestoreSharesView> = {},
): RestoreSharesView {
  return {
    step: 'shares',
    threshold: 2,
    format: 'yubihsm-setup',
    lineLengths: lineLengths(BOB_SHARE.length),
    phase,
    turn: 2,
    ...(phase === 'entry' || phase === 'cleared'
      ? { atKeyboard: { index: 2, name: 'Bob Brandt' } }
      : {}),
    custodians: CUSTODIANS.map((custodian) => ({ ...custodian, entered: custodian.index === 1 })),
    accepted: [{ shareNumber: 1, name: 'Alice Andersen' }],
    idleSeconds: 60,
    setProblems: [],
    ...extra,
  };
}

export function restoreSnapshot(
  view: RestoreView,
  extra: Partial<RestoreSnapshot> = {},
): RestoreSnapshot {
  const index = RESTORE_STEP_IDS.indexOf(view.step);
  return {
    ceremonyId: '8c0b0f1e-4a5d-4f1b-9d0e-7a2b3c4d5e6f',
    rehearsal: true,
    steps: { current: view.step, done: RESTORE_STEP_IDS.slice(0, index), skipped: [] },
    source: {
      folder: '/ceremonies/root-ca-2025',
      mode: 'record',
      ceremony: {
        id: '5d1f3a52-0b7e-4f6c-9d55-2c4e1b0a9f11',
        name: 'Root CA 2025',
        rehearsal: true,
        primarySerial: 7550001,
        kcv: 'E676BF',
        threshold: 2,
        shareCount: 3,
        shareFormat: 'yubihsm-setup',
        wrapKeyId: 2,
        custodians: CUSTODIANS,
      },
      files: [{ file: '0x0003-authentication-key.yhw', objectId: 3, type: 'authentication-key' }],
    },
    ...(index >= 2
      ? { secondary: { deviceId: 'sim:secondary', serial: 7550002, simulated: true } }
      : {}),
    view,
    ...extra,
  };
}
