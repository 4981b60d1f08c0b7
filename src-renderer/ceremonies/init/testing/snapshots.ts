// Snapshots shaped as main sends them, for render and store tests. The share is a real
// yubihsm-setup-shaped text with its real checked lines and QR matrix.

import QRCode from 'qrcode';
import type {
  InitSnapshot,
  InitView,
  RevealedShare,
} from '../../../../shared/ceremony/init-snapshot';
import { lineLengths, toCheckedLines } from '../../../../shared/shares/checked-lines';
import type { CustosApi } from '../../../../shared/ipc/api';

export const SHARE = '2-1-q8ZtW3vN0pLr7sYh2XkQbJ9uEfGc4aTdMiOw5nVy1RzBgKjH6lUe8oPxS0ImCfDtAbrQ9A';

export function revealed(canonical = SHARE): RevealedShare {
  const code = QRCode.create(canonical, { errorCorrectionLevel: 'Q' });
  let modules = '';
  for (let row = 0; row < code.modules.size; row++)
    for (let column = 0; column < code.modules.size; column++)
      modules += code.modules.get(row, column) ? '1' : '0';
  return { canonical, lines: toCheckedLines(canonical), qr: { size: code.modules.size, modules } };
}

type SharesView = Extract<InitView, { step: 'shares' }>;

export function sharesView(
  phase: SharesView['phase'],
  extra: Partial<SharesView> = {},
): SharesView {
  return {
    step: 'shares',
    custodian: { index: 1, name: 'Alice' },
    custodianCount: 3,
    threshold: 2,
    kcv: '1A2B3C',
    phase,
    hideSeconds: 60,
    ...(phase === 'reveal' ? { share: revealed() } : {}),
    ...(phase === 'confirm'
      ? {
          confirmation: {
            mode: 'spot-check' as const,
            groups: [
              { line: 2, group: 3 },
              { line: 4, group: 1 },
            ],
            lineLengths: lineLengths(SHARE.length),
          },
        }
      : {}),
    ...extra,
  };
}

export function snapshotAt(view: InitView, extra: Partial<InitSnapshot> = {}): InitSnapshot {
  const order = [
    'preflight',
    'plan',
    'review',
    'shares',
    'verification',
    'device-steps',
    'record',
  ] as const;
  const index = order.indexOf(view.step);
  return {
    ceremonyId: '5d1f3a52-0b7e-4f6c-9d55-2c4e1b0a9f11',
    rehearsal: true,
    steps: { current: view.step, done: order.slice(0, index), skipped: [] },
    primary: { deviceId: 'sim:primary', serial: 7550001, simulated: true },
    view,
    ...extra,
  };
}

/** A window.custos whose every call fails loudly: render tests never call main. */
export const UNREACHABLE_API = new Proxy({} as CustosApi, {
  get: (_target, name) => () => {
    throw new Error(`a render test called custos.${String(name)}`);
  },
});
