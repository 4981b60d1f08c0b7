// What the reveal phase shows of one share: the exact canonical text, the same text in checked
// lines (shared/shares/checked-lines.ts), and the QR code of exactly that text as a module
// matrix, drawn by the share sheet's own encoder (byte mode, level Q) so screen and sheet agree.

import type { RevealedShare } from '../../../shared/ceremony/init-snapshot';
import { toCheckedLines } from '../../../shared/shares/checked-lines';
import { shareQrCode } from '../../print/qr-svg';

export function revealedShare(canonical: string): RevealedShare {
  const qr = shareQrCode(canonical);
  let modules = '';
  for (let row = 0; row < qr.size; row++) {
    for (let column = 0; column < qr.size; column++) modules += qr.dark(row, column) ? '1' : '0';
  }
  return { canonical, lines: toCheckedLines(canonical), qr: { size: qr.size, modules } };
}
