// Test harness: prints sheet HTML to PDF in the system Chromium (the engine both hosts use)
// and reads the result back with poppler and zbar, the way an auditor's tools would.

import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** A harmless address only this harness answers; the sheet itself is fulfilled from memory. */
const SHEET_ADDRESS = 'https://sheet.custos.invalid/';

export interface RenderedPdf {
  file: string;
  /** Every request Chromium tried to make while loading and printing the sheet. */
  requests: string[];
}

export interface SheetPdfPrinter {
  render(html: string, file: string): Promise<RenderedPdf>;
  close(): Promise<void>;
}

export async function openSheetPdfPrinter(): Promise<SheetPdfPrinter> {
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    async render(html, file) {
      // No script runs on a sheet in either host, so none runs here either.
      const context = await browser.newContext({ javaScriptEnabled: false });
      const requests: string[] = [];
      context.on('request', (request) => requests.push(request.url()));
      await context.route('**/*', (route) =>
        route.request().url() === SHEET_ADDRESS
          ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
          : route.abort('blockedbyclient'),
      );
      try {
        const page = await context.newPage();
        await page.goto(SHEET_ADDRESS, { waitUntil: 'load' });
        writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      } finally {
        await context.close();
      }
      return { file, requests };
    },
    close: () => browser.close(),
  };
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

export interface PdfInfo {
  pages: number;
  widthPt: number;
  heightPt: number;
}

export function pdfInfo(file: string): PdfInfo {
  const text = run('pdfinfo', [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(text)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(text);
  return { pages, widthPt: Number(size?.[1]), heightPt: Number(size?.[2]) };
}

/** The page text in content-stream order with all whitespace removed (rotated text included). */
export function pdfTextCompact(file: string): string {
  return run('pdftotext', ['-raw', file, '-']).replace(/\s+/g, '');
}

/** The page text laid out as on paper. */
export function pdfTextLayout(file: string): string {
  return run('pdftotext', ['-layout', file, '-']);
}

/** Names of the fonts in the PDF and whether each is embedded. */
export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  return run('pdffonts', [file])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      return { name: columns[0]!.replace(/^[A-Z]{6}\+/, ''), embedded: columns.at(-5) === 'yes' };
    });
}

/**
 * Rasterises every page (pdftoppm, 150 dpi greyscale, as a modest office scanner would) and
 * decodes every QR code on it with zbarimg, returning each symbol's bytes exactly.
 */
export function scanQrCodes(file: string, folder: string, dpi = 150): Buffer[][] {
  const prefix = join(folder, 'page');
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', file, prefix]);
  const pages = readdirSync(folder)
    .filter((name) => name.startsWith('page') && name.endsWith('.png'))
    .sort();
  return pages.map((page) => {
    // --raw with -Sbinary prints the symbol's bytes unchanged, with no newline or charset
    // conversion; two symbols on one page would run together and fail any comparison.
    const output = execFileSync(
      'zbarimg',
      ['--quiet', '--raw', '-Sbinary', '-Sdisable', '-Sqrcode.enable', join(folder, page)],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return output.length === 0 ? [] : [output];
  });
}
