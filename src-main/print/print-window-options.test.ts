import { describe, expect, it } from 'vitest';
import { appWebPreferences } from '../hosts/electron/window-options';
import {
  PRINT_PARTITION,
  dialogPrintOptions,
  pdfOptions,
  previewGeometry,
  previewWindowOptions,
  printWindowWebPreferences,
  sheetDataUrl,
  suggestedPdfName,
} from './print-window-options';

describe('print window', () => {
  it('keeps every hardening setting of the main window, and differs only where a static sheet needs less', () => {
    const main = appWebPreferences({ preload: '/app/preload.cjs', packaged: true, contract: 'x' });
    const print = printWindowWebPreferences();
    const differences = Object.keys({ ...main, ...print }).filter(
      (key) =>
        JSON.stringify(main[key as keyof typeof main]) !==
        JSON.stringify(print[key as keyof typeof print]),
    );
    expect(differences.sort()).toEqual(
      [
        'additionalArguments',
        'backgroundThrottling',
        'disableDialogs',
        'javascript',
        'partition',
        'preload',
      ].sort(),
    );
    expect(print).toMatchObject({
      javascript: false,
      devTools: false,
      disableDialogs: true,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(print.preload).toBeUndefined();
  });

  it('uses an in-memory session (no "persist:" prefix), so nothing is cached to disk', () => {
    expect(printWindowWebPreferences().partition).toBe(PRINT_PARTITION);
    expect(PRINT_PARTITION.startsWith('persist:')).toBe(false);
  });

  it('loads the sheet from a data: URL that decodes to the exact HTML', () => {
    const html = '<!doctype html><p>Grace Hopper · share 2 of 5 — “quotes”</p>';
    const url = sheetDataUrl(html);
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe(html);
  });

  it('prints on the sheet paper with its own margins, and saves PDFs exactly as the Chromium tests print them', () => {
    expect(dialogPrintOptions('a4')).toMatchObject({
      silent: false,
      pageSize: 'A4',
      printBackground: true,
      margins: { marginType: 'default' },
    });
    expect(dialogPrintOptions('letter').pageSize).toBe('Letter');
    expect(pdfOptions('letter')).toEqual({
      pageSize: 'Letter',
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: false,
      landscape: false,
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
    });
  });

  it('suggests a PDF name with the share number only', () => {
    expect(suggestedPdfName(3, 'a4')).toBe('share-sheet-3-a4.pdf');
    expect(suggestedPdfName(5, 'letter')).toBe('share-sheet-5-letter.pdf');
  });

  it('previews with the print window’s hardening, never taking the focus or blocking the main window’s buttons', () => {
    const options = previewWindowOptions({ width: 600, height: 849, zoomFactor: 0.756 });
    expect(options).toMatchObject({
      modal: false,
      focusable: false,
      show: false,
      skipTaskbar: true,
      useContentSize: true,
      width: 600,
      height: 849,
    });
    expect(options.webPreferences).toEqual({ ...printWindowWebPreferences(), zoomFactor: 0.756 });
    expect(options.webPreferences?.javascript).toBe(false);
    expect(options.webPreferences?.preload).toBeUndefined();
    expect(options.parent).toBeUndefined();
  });

  it('fits the whole page, margins included, on the screen, and never above print size', () => {
    // A 1080p screen: the A4 page (297 mm = 1122.5 px) is shrunk to 90 % of the height.
    const a4 = previewGeometry('a4', { width: 1920, height: 1040 });
    expect(a4.zoomFactor).toBe(0.834);
    expect(a4).toEqual({
      width: Math.ceil(793.7 * 0.834),
      height: Math.ceil(1122.52 * 0.834),
      zoomFactor: 0.834,
    });
    // US Letter is shorter and wider than A4.
    expect(previewGeometry('letter', { width: 1920, height: 1040 }).zoomFactor).toBe(0.886);
    // A large screen shows it at print size, not larger.
    expect(previewGeometry('a4', { width: 3840, height: 2100 })).toEqual({
      width: 794,
      height: 1123,
      zoomFactor: 1,
    });
    // A very small screen still gets a readable page.
    expect(previewGeometry('a4', { width: 800, height: 400 }).zoomFactor).toBe(0.4);
  });
});
