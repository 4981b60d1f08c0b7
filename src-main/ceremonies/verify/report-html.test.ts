// The witness's verification report: labels are text, never markup; the page loads nothing; and
// it prints in Chromium (the engine both hosts use) on A4 with its fonts embedded and the
// verdict and every row readable by pdftotext.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationRecord } from '../../../shared/records/ceremony-record';
import { loadSheetFonts, type EmbeddedFont } from '../../print/sheet-fonts';
import { SHEET_CSP } from '../../print/sheet-policy';
import {
  openSheetPdfPrinter,
  pdfFonts,
  pdfInfo,
  pdfTextLayout,
  type SheetPdfPrinter,
} from '../../print/testing/chromium-pdf';
import { renderVerificationReport } from './report-html';

const ENTRY: VerificationRecord = {
  at: '2026-06-01T10:10:00.000Z',
  device: { serial: 7550002, firmware: '2.4.0', transport: 'simulator', simulated: true },
  against: 'record',
  primarySerial: 7550001,
  authKeyId: 3,
  allMatch: false,
  objects: [
    { objectId: 2, type: 'wrap-key', label: 'Wrap key', status: 'match', differences: [] },
    {
      objectId: 3,
      type: 'authentication-key',
      label: 'Application auth key',
      status: 'match',
      differences: [],
    },
    {
      objectId: 0x10,
      type: 'asymmetric-key',
      label: '<script>alert(1)</script>',
      status: 'mismatch',
      differences: [{ field: 'domains', expected: '1', actual: '1:2' }],
    },
    {
      objectId: 0x11,
      type: 'asymmetric-key',
      label: 'Code signing',
      status: 'missing',
      differences: [],
    },
  ],
  signatures: [
    {
      objectId: 0x10,
      algorithm: 'ecp256',
      status: 'failed',
      detail:
        "ECDSA with SHA-256 over a 32-byte random challenge: the signature does not verify with the primary's public key, so the clone holds a different key.",
    },
  ],
  report: 'verification-20260601-101000-7550002.html',
};

let fonts: EmbeddedFont[];
let printer: SheetPdfPrinter;
let folder: string;

beforeAll(async () => {
  fonts = await loadSheetFonts();
  printer = await openSheetPdfPrinter();
  folder = mkdtempSync(join(tmpdir(), 'custos-report-'));
}, 60_000);
afterAll(async () => {
  await printer.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the verification report', () => {
  it('is one self-contained page: strict CSP, no script, labels escaped', () => {
    const html = renderVerificationReport(
      ENTRY,
      {
        ceremonyName: 'Payments & <HSM>',
        ceremonyId: 'c0ffee',
        toolVersion: '0.1.0',
        rehearsal: true,
      },
      fonts,
    );
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${SHEET_CSP}">`);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Payments &amp; &lt;HSM&gt;');
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
  });

  it(
    'prints on A4 in Chromium with embedded fonts, the verdict, the mismatches and the signature failure readable',
    { timeout: 60_000 },
    async () => {
      const html = renderVerificationReport(
        ENTRY,
        {
          ceremonyName: 'Payments HSM',
          ceremonyId: 'c0ffee',
          toolVersion: '0.1.0',
          rehearsal: true,
          transcriptHead: 'ab'.repeat(32),
        },
        fonts,
      );
      const pdf = await printer.render(html, join(folder, 'report.pdf'));
      expect(pdf.requests).toEqual(['https://sheet.custos.invalid/']);
      const info = pdfInfo(pdf.file);
      expect(info.pages).toBe(1);
      expect(Math.round(info.widthPt)).toBe(595);
      expect(pdfFonts(pdf.file).every((font) => font.embedded)).toBe(true);
      const text = pdfTextLayout(pdf.file).replace(/\s+/g, ' ');
      expect(text).toContain('The clone does NOT match the primary');
      expect(text).toContain('MISMATCH');
      expect(text).toContain('MISSING on the clone');
      expect(text).toContain('expected 1, clone has 1:2');
      expect(text).toContain('FAILED');
      expect(text).toContain('REHEARSAL');
      expect(text).toContain('7550002 (simulated)');
    },
  );
});
