// A DKEK password share's printed sheet, printed for real: each custodian's sheet of a 2-of-3
// split (made by the real split code) is rendered to PDF in /usr/bin/chromium, rasterised with
// pdftoppm and its QR code decoded with zbarimg, which must give the share value exactly as
// printed; the three lines and the check word are on the page, the rehearsal watermark only on
// a rehearsal's sheet, one page, no other custodian's name, no request but the sheet itself.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordShareCheckWord } from '../../dkek/check-word';
import { formatHexBytes, newSharePassword, splitPassword } from '../../dkek/password-shares';
import { loadSheetFonts, type EmbeddedFont } from '../../print/sheet-fonts';
import { REHEARSAL_WATERMARK } from '../../print/sheet-html';
import {
  openSheetPdfPrinter,
  pdfInfo,
  pdfTextCompact,
  scanQrCodes,
  type SheetPdfPrinter,
} from '../../print/testing/chromium-pdf';
import { renderPasswordShareSheet } from './password-share-sheet';

const scratch = mkdtempSync(join(tmpdir(), 'custos-dkek-sheets-'));
const CUSTODIANS = ['Bob', 'Carol', 'Dan'];
const shares = splitPassword(newSharePassword(), { threshold: 2, total: 3 });
let printer: SheetPdfPrinter;
let fonts: EmbeddedFont[];

beforeAll(async () => {
  printer = await openSheetPdfPrinter();
  fonts = await loadSheetFonts();
}, 60_000);
afterAll(async () => {
  await printer?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const compact = (text: string) => text.replace(/\s+/g, '');

async function print(index: number, rehearsal: boolean, name: string) {
  const html = renderPasswordShareSheet(
    {
      ceremonyName: 'HSM backup domain 2026',
      ceremonyId: '5f0c7a52-3c1e-4b8e-9d51-2a6f4e0b9c11',
      custodian: CUSTODIANS[index]!,
      shareNumber: 2,
      fileName: 'dkek-share-2.pbe',
      threshold: 2,
      total: 3,
      deviceSerial: 'DECM0102330',
      rehearsal,
      toolVersion: '0.0.0-test',
      share: shares[index]!,
    },
    { paper: 'a4', fonts },
  );
  const folder = join(scratch, name);
  mkdirSync(folder);
  return { folder, ...(await printer.render(html, join(folder, 'sheet.pdf'))) };
}

describe('DKEK password share sheets', () => {
  for (const index of [0, 1, 2]) {
    it(`${CUSTODIANS[index]}'s rehearsal sheet: QR decodes to the printed value, three lines, check word, watermark`, async () => {
      const share = shares[index]!;
      const { file, folder, requests } = await print(index, true, `rehearsal-${index + 1}`);
      expect(requests).toEqual(['https://sheet.custos.invalid/']);
      expect(pdfInfo(file).pages).toBe(1);
      const value = formatHexBytes(share.value);
      const [symbols] = scanQrCodes(file, folder);
      expect(symbols).toHaveLength(1);
      expect(symbols![0]!.toString('latin1')).toBe(value);
      const text = pdfTextCompact(file);
      expect(text).toContain(compact(`Prime${formatHexBytes(share.prime)}`));
      expect(text).toContain(compact(`ShareID${share.id}`));
      expect(text).toContain(compact(`Sharevalue${value}`));
      expect(text).toContain(compact(passwordShareCheckWord(share.prime, share.id, share.value)));
      expect(text.split(compact(REHEARSAL_WATERMARK)).length - 1).toBe(2);
      expect(text).toContain(CUSTODIANS[index]!);
      for (const other of CUSTODIANS.filter((_, i) => i !== index))
        expect(text).not.toContain(other);
    }, 60_000);
  }

  it('a sheet for a real device carries no watermark', async () => {
    const { file, folder } = await print(0, false, 'real');
    expect(pdfTextCompact(file)).not.toContain(compact(REHEARSAL_WATERMARK));
    expect(scanQrCodes(file, folder)[0]![0]!.toString('latin1')).toBe(
      formatHexBytes(shares[0]!.value),
    );
  }, 60_000);
});
