// End-to-end check of the printed sheet: every sheet of a 3-of-5 rehearsal is printed to PDF in
// Chromium, rasterised, and its QR code decoded by zbarimg and compared byte for byte with the
// share; page count, paper size, watermark, fonts, text and network use are read from the PDF.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCheckedLines } from '../../shared/shares/checked-lines';
import { checkScannedShare } from './scan-back';
import { shareSheetContent } from './sheet-content';
import { loadSheetFonts, type EmbeddedFont } from './sheet-fonts';
import { REHEARSAL_WATERMARK, renderShareSheet } from './sheet-html';
import { PAPER, type PaperSize } from './sheet-policy';
import {
  openSheetPdfPrinter,
  pdfFonts,
  pdfInfo,
  pdfTextCompact,
  pdfTextLayout,
  scanQrCodes,
  type SheetPdfPrinter,
} from './testing/chromium-pdf';
import {
  CUSTODIANS,
  SPEC_THREE_OF_FIVE,
  createThreeOfFiveCeremony,
  type FixtureCeremony,
} from './testing/rehearsal-ceremony';

const scratch = mkdtempSync(join(tmpdir(), 'custos-sheets-'));
let printer: SheetPdfPrinter;
let fonts: EmbeddedFont[];
let rehearsal: FixtureCeremony;
let real: FixtureCeremony;

beforeAll(async () => {
  printer = await openSheetPdfPrinter();
  fonts = await loadSheetFonts();
  rehearsal = await createThreeOfFiveCeremony(join(scratch, 'rehearsal'));
  real = await createThreeOfFiveCeremony(join(scratch, 'real'), {
    rehearsal: false,
    simulated: false,
    name: 'Payments HSM 2026',
  });
}, 60_000);

afterAll(async () => {
  await printer?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const compact = (text: string) => text.replace(/\s+/g, '');

async function printSheet(
  ceremony: FixtureCeremony,
  shareNumber: number,
  paper: PaperSize,
  name: string,
  screenNote?: string,
) {
  const html = renderShareSheet(
    shareSheetContent(ceremony.record, shareNumber, ceremony.shares[shareNumber - 1]!),
    { paper, fonts, ...(screenNote ? { screenNote } : {}) },
  );
  const folder = join(scratch, name);
  mkdirSync(folder);
  const printed = await printer.render(html, join(folder, 'sheet.pdf'));
  return { html, folder, ...printed };
}

function expectPaper(file: string, paper: PaperSize): void {
  const info = pdfInfo(file);
  expect(info.pages, 'one sheet, one page').toBe(1);
  expect(info.widthPt).toBeCloseTo(PAPER[paper].widthPt, 0);
  expect(info.heightPt).toBeCloseTo(PAPER[paper].heightPt, 0);
}

describe('printed share sheets', () => {
  it('the fixture is the spec §3.5 3-of-5 vector, made by the real share code', () => {
    expect(rehearsal.shares).toEqual(SPEC_THREE_OF_FIVE);
  });

  for (const shareNumber of [1, 2, 3, 4, 5]) {
    it(`rehearsal sheet ${shareNumber} of 5 on A4: one page, QR decodes to the share, watermark, own name only, no request`, async () => {
      const share = rehearsal.shares[shareNumber - 1]!;
      const { file, folder, requests } = await printSheet(
        rehearsal,
        shareNumber,
        'a4',
        `rehearsal-a4-${shareNumber}`,
      );

      expect(requests).toEqual(['https://sheet.custos.invalid/']);
      expectPaper(file, 'a4');

      const [symbols] = scanQrCodes(file, folder);
      expect(symbols).toHaveLength(1);
      expect(
        symbols![0]!.equals(Buffer.from(share, 'ascii')),
        'QR bytes equal the canonical share',
      ).toBe(true);
      expect(checkScannedShare(symbols![0]!.toString('latin1'), share).verdict).toBe('matches');

      const text = pdfTextCompact(file);
      // Once in the banner, once diagonally across the page.
      expect(text.split(compact(REHEARSAL_WATERMARK)).length - 1).toBe(2);
      const own = CUSTODIANS[shareNumber - 1]!;
      expect(text).toContain(compact(own));
      for (const other of CUSTODIANS.filter((name) => name !== own)) {
        expect(text, `sheet ${shareNumber} must not name ${other}`).not.toContain(
          compact(other.split(' ')[1]!),
        );
      }
      expect(text).toContain(rehearsal.kcv);
      expect(text).toContain(rehearsal.record.id);
      expect(text).toContain('12345678(simulated)');
    }, 60_000);
  }

  it('prints every share line with its groups and check character as on screen', async () => {
    const { file } = await printSheet(rehearsal, 2, 'a4', 'lines');
    const layout = pdfTextLayout(file);
    for (const line of toCheckedLines(rehearsal.shares[1]!)) {
      expect(layout).toMatch(
        new RegExp(
          `\\b${line.number}\\s+${escapeRegExp(line.groups.join(' '))}\\s+${escapeRegExp(line.check)}\\b`,
        ),
      );
    }
  }, 60_000);

  it('keeps the QR code readable from a coarse 75 dpi greyscale scan of a rehearsal sheet', async () => {
    const { file, folder } = await printSheet(rehearsal, 3, 'a4', 'coarse-scan');
    const [symbols] = scanQrCodes(file, folder, 75);
    expect(symbols![0]!.equals(Buffer.from(rehearsal.shares[2]!, 'ascii'))).toBe(true);
  }, 60_000);

  it('embeds its own fonts: every font in the PDF is JetBrains Mono or IBM Plex Sans, embedded', async () => {
    const { file } = await printSheet(rehearsal, 4, 'letter', 'fonts');
    const used = pdfFonts(file);
    expect(used.length).toBeGreaterThan(0);
    for (const font of used) {
      expect(font.name).toMatch(/^(JetBrainsMono|IBMPlexSans)-/);
      expect(font.embedded).toBe(true);
    }
    expect(new Set(used.map((font) => font.name.split('-')[0]))).toEqual(
      new Set(['JetBrainsMono', 'IBMPlexSans']),
    );
  }, 60_000);

  for (const shareNumber of [1, 5]) {
    it(`real ceremony sheet ${shareNumber} on US Letter: letter size, no watermark, QR decodes`, async () => {
      const { file, folder, requests } = await printSheet(
        real,
        shareNumber,
        'letter',
        `real-letter-${shareNumber}`,
      );
      expect(requests).toEqual(['https://sheet.custos.invalid/']);
      expectPaper(file, 'letter');
      const text = pdfTextCompact(file);
      expect(text).not.toContain('REHEARSAL');
      expect(text).not.toContain('(simulated)');
      expect(text).toContain('PaymentsHSM2026');
      const [symbols] = scanQrCodes(file, folder);
      expect(symbols![0]!.equals(Buffer.from(real.shares[shareNumber - 1]!, 'ascii'))).toBe(true);
    }, 60_000);
  }

  it('never prints the on-screen note that says how to print', async () => {
    const { file, folder, html } = await printSheet(
      rehearsal,
      2,
      'letter',
      'screen-note',
      'Press Ctrl+P to print this sheet, then close this window.',
    );
    expect(html).toContain(
      '<p class="screen-note">Press Ctrl+P to print this sheet, then close this window.</p>',
    );
    expectPaper(file, 'letter');
    expect(pdfTextCompact(file)).not.toContain('PressCtrl+P');
    const [symbols] = scanQrCodes(file, folder);
    expect(symbols![0]!.equals(Buffer.from(rehearsal.shares[1]!, 'ascii'))).toBe(true);
  }, 60_000);

  it('keeps the longest names and contact line the plan allows on one page of either paper', async () => {
    const longest = await createThreeOfFiveCeremony(join(scratch, 'longest'), {
      name: `${'Quarterly signing-key escrow ceremony '.repeat(3)}`.slice(0, 80),
      custodians: CUSTODIANS.map((name) => `${name} `.repeat(8).slice(0, 60).trim()),
      contact: `${'Security operations desk, +44 20 7946 0000, ext. 4410, '.repeat(3)}`.slice(
        0,
        120,
      ),
    });
    for (const paper of ['a4', 'letter'] as const) {
      const { file, folder } = await printSheet(longest, 3, paper, `longest-${paper}`);
      expectPaper(file, paper);
      const [symbols] = scanQrCodes(file, folder);
      expect(symbols![0]!.equals(Buffer.from(longest.shares[2]!, 'ascii'))).toBe(true);
    }
  }, 60_000);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
