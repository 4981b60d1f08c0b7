import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InitPlanInput } from '../../../shared/ceremony/init-plan';
import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import { CHANNELS } from '../../../shared/ipc/contract';
import { toCheckedLines } from '../../../shared/shares/checked-lines';
import { Refusal } from '../../refusal/refusal';
import { createLogger, memorySink } from '../../log/logger';
import { REHEARSAL_WATERMARK } from '../../print/sheet-html';
import { pageSheetPrinter } from '../../print/sheet-printer';
import { createSheetServer, type SheetServer } from '../../print/sheet-server';
import { InitEngine } from './init-engine';
import { confirmationAnswers } from './share-answers';
import { driveToReview, view } from './testing/drive';
import { ManualTimers } from './testing/manual-timers';
import { PreviewPrinter } from './testing/preview-printer';
import { TestDevices } from './testing/test-devices';

const CUSTODIANS = ['Ann Archer', 'Bob Brandt', 'Cy Cruz'];
const PLAN: InitPlanInput = {
  ceremony: 'Payments HSM',
  custodians: CUSTODIANS,
  threshold: 2,
  domains: [1],
  wrapKey: { id: 0 },
  applicationKey: { id: 0 },
  contact: 'Security desk, +1 555 0100',
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'custos-sheets-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A loopback server that answers only the sheet server's paths, as the browser host mounts it. */
async function serve(sheets: SheetServer): Promise<string> {
  const http: Server = createServer((request, response) => {
    if (!sheets.handle(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

type Printer = 'preview' | 'page' | 'none';

async function atShares(printer: Printer, plan: Partial<InitPlanInput> = {}) {
  const devices = await TestDevices.create();
  const timers = new ManualTimers();
  const logs = memorySink();
  const preview = new PreviewPrinter();
  const sheets = createSheetServer();
  cleanups.push(() => sheets.close());
  const sheetPrinting =
    printer === 'preview'
      ? { printer: preview }
      : printer === 'page'
        ? { printer: pageSheetPrinter(sheets) }
        : undefined;
  const engine = new InitEngine({
    devices,
    logger: createLogger({ sinks: [logs], level: 'debug' }),
    toolVersion: '0.0.0-test',
    network: () => ({ airGapped: true, interfaces: [] }),
    timers,
    sheetPrinting,
  });
  const folder = join(tempFolder(), 'ceremony');
  // Transcript writes from main's timer finish before the folder is removed.
  cleanups.push(() => engine.idle());
  await driveToReview(engine, devices.id, {
    plan: { ...PLAN, ...plan },
    applicationPassword: 'correct horse',
    folder,
  });
  await engine.begin();
  const origin = printer === 'page' ? await serve(sheets) : '';
  const transcript = async () => {
    await engine.idle();
    return readFileSync(join(folder, 'transcript.jsonl'), 'utf8');
  };
  return { engine, timers, preview, sheets, origin, transcript, logs, folder };
}

async function expectConflict(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Refusal);
  expect((error as Refusal).code).toBe('conflict');
  expect((error as Refusal).message).toMatch(message);
}

function shares(snapshot: InitSnapshot) {
  return view(snapshot, 'shares');
}

/** The parts of a share a leak could show: the whole text, each line, and each full group. */
function sharePieces(share: string): string[] {
  const lines = toCheckedLines(share);
  return [
    share,
    ...lines.map((line) => line.text),
    ...lines
      .flatMap((line) => line.groups)
      // A group of four lower-case hex characters turns up by chance in the digests and ids
      // the transcript rightly holds (1 group in 256 is one), so only the others are evidence.
      .filter(
        (group) => group.length === 4 && !/^\d-\d-$/.test(group) && !/^[0-9a-f]{4}$/.test(group),
      ),
  ];
}

describe('opening a custodian’s sheet', () => {
  it('is offered only while the share is shown, and shows only that custodian’s sheet', async () => {
    const { engine, preview } = await atShares('preview');
    expect(shares(engine.current()!).sheet).toEqual({
      available: true,
      open: false,
      printing: false,
      printed: false,
    });
    await expectConflict(
      engine.openSheet('a4'),
      /^Show your share first: you can print your sheet only while it is on the screen\.$/,
    );

    const revealed = await engine.revealShare();
    const ann = shares(revealed).share!.canonical;
    const answer = await engine.openSheet('letter');
    // What the router sends is exactly what the contract names.
    expect(CHANNELS['init/open-sheet'].response.parse(answer)).toEqual(answer);
    const { opened, snapshot } = answer;
    expect(opened).toEqual({ kind: 'preview-window' });
    expect(shares(snapshot).sheet).toEqual({
      available: true,
      open: true,
      view: 'preview-window',
      paper: 'letter',
      printing: false,
      printed: false,
    });
    expect(shares(snapshot).share?.canonical).toBe(ann);

    const html = preview.last.sheet.html;
    expect(preview.last.sheet).toMatchObject({ paper: 'letter', shareNumber: 1 });
    expect(html.includes('Ann Archer'), 'Ann Archer').toBe(true);
    expect(html.includes('Bob Brandt'), 'Bob Brandt').toBe(false);
    expect(html.includes('Cy Cruz'), 'Cy Cruz').toBe(false);
    for (const group of toCheckedLines(ann).flatMap((line) => line.groups))
      expect(html.includes(`<span>${group}</span>`), `<span>${group}</span>`).toBe(true);
    expect(html.includes(REHEARSAL_WATERMARK), REHEARSAL_WATERMARK).toBe(true);
    expect(html.includes('Security desk, +1 555 0100'), 'Security desk, +1 555 0100').toBe(true);
    expect(html.includes('size:letter portrait'), 'size:letter portrait').toBe(true);

    // Another paper replaces the preview rather than adding a second one.
    await engine.openSheet('a4');
    expect(preview.opened.map((entry) => entry.closes)).toEqual([1, 0]);
    expect(preview.last.sheet.html.includes('size:A4 portrait'), 'size:A4 portrait').toBe(true);

    const recorded = await engine.shareRecorded();
    await expectConflict(engine.openSheet('a4'), /^Show your share first/);
    await expectConflict(
      engine.printSheet(),
      /^Show your share first: you can print your sheet only/,
    );
    await expectConflict(
      engine.saveSheetPdf(),
      /^Show your share first: you can save your sheet as a PDF only/,
    );
    await engine.confirmShare(confirmationAnswers(revealed, recorded));
    await expectConflict(
      engine.openSheet('a4'),
      /^Ann Archer's turn is over; the sheet can no longer be printed\.$/,
    );

    // The next custodian's sheet is theirs alone, with a fresh sheet state.
    const handover = await engine.nextCustodian();
    expect(shares(handover).sheet).toEqual({
      available: true,
      open: false,
      printing: false,
      printed: false,
    });
    await engine.revealShare();
    await engine.openSheet('a4');
    expect(preview.last.sheet.shareNumber).toBe(2);
    expect(preview.last.sheet.html.includes('Bob Brandt'), 'Bob Brandt').toBe(true);
    expect(preview.last.sheet.html.includes('Ann Archer'), 'Ann Archer').toBe(false);
  });

  it('says when this host cannot print, and the screens see no printing offered', async () => {
    const { engine } = await atShares('none');
    await engine.revealShare();
    expect(shares(engine.current()!).sheet?.available).toBe(false);
    await expectConflict(
      engine.openSheet('a4'),
      /^This Custos window cannot print share sheets; write the share down by hand from the screen\.$/,
    );
  });
});

describe('tearing the sheet down whenever the share leaves the screen', () => {
  const hides: [string, (engine: InitEngine, timers: ManualTimers) => Promise<unknown>][] = [
    ['idle (renderer)', (engine) => engine.hideShare('idle')],
    ['window blur', (engine) => engine.hideShare('blur')],
    ['Esc', (engine) => engine.hideShare('escape')],
    ['the hide button', (engine) => engine.hideShare('user')],
    ["main's timer", async (_engine, timers) => timers.fireAll()],
    ['"I have recorded it"', (engine) => engine.shareRecorded()],
    ['the custodian closing it', (engine) => engine.closeSheet()],
    ['cancelling the ceremony', (engine) => engine.cancel()],
  ];

  for (const [why, hide] of hides) {
    it(`closes the preview window on ${why}`, async () => {
      const { engine, timers, preview } = await atShares('preview');
      await engine.revealShare();
      await engine.openSheet('a4');
      expect(preview.last.closed).toBe(false);
      await hide(engine, timers);
      expect(preview.last.closes).toBe(1);
      const snapshot = engine.current()!;
      if (!snapshot.stopped) expect(shares(snapshot).sheet).toMatchObject({ open: false });
    });
  }

  it('withdraws the browser page before it is fetched, so its link no longer works', async () => {
    const { engine, origin } = await atShares('page');
    await engine.revealShare();
    const { opened } = await engine.openSheet('a4');
    if (opened.kind !== 'page') throw new Error('expected a page');
    await engine.hideShare('blur');
    const answer = await fetch(origin + opened.url);
    expect(answer.status).toBe(404);
    await engine.revealShare();
    await engine.shareRecorded();
    // Nothing left Custos, so there is no printed sheet to scan back.
    expect(shares(engine.current()!).scanBack).toEqual({ available: false });
  });
});

describe('printing and saving from the preview window', () => {
  it('runs the print dialog without holding up the ceremony, and records that the sheet was printed', async () => {
    const { engine, preview, transcript } = await atShares('preview');
    await engine.revealShare();
    await engine.openSheet('a4');
    const printing = engine.printSheet();
    expect(await preview.dialogShown()).toBe('print');
    expect(shares(engine.current()!).sheet).toMatchObject({ printing: true });
    await expectConflict(
      engine.saveSheetPdf(),
      /^A print or save dialog for this sheet is already open/,
    );
    // Esc while the dialog is up still hides the share, and the preview with it.
    expect(shares(await engine.hideShare('escape')).phase).toBe('handover');
    expect(preview.last.closed).toBe(true);
    preview.answer({ done: true });
    const printed = shares(await printing);
    expect(printed.sheet).toMatchObject({ printed: true, printing: false, open: false });
    expect(await transcript()).toContain(
      '"event":"share-sheet-printed","data":{"custodian":"Ann Archer","shareNumber":1,"paper":"a4"}',
    );
  });

  it('tears the preview down once the sheet is printed, leaving the share on screen', async () => {
    const { engine, preview } = await atShares('preview');
    await engine.revealShare();
    await engine.openSheet('a4');
    const printing = engine.printSheet();
    await preview.dialogShown();
    expect(preview.last.closed).toBe(false);
    preview.answer({ done: true });
    const printed = await printing;
    expect(preview.last.closes).toBe(1);
    expect(shares(printed)).toMatchObject({
      phase: 'reveal',
      sheet: { open: false, printed: true },
    });
    expect(shares(printed).share).toBeDefined();
  });

  it('says so when printing is cancelled, and leaves the sheet unprinted', async () => {
    const { engine, preview, transcript } = await atShares('preview');
    await engine.revealShare();
    await engine.openSheet('a4');
    const printing = engine.printSheet();
    await preview.dialogShown();
    preview.answer({
      done: false,
      reason: 'cancelled',
      message: 'Printing was cancelled; the sheet was not printed.',
    });
    const after = await printing;
    expect(after.problem).toEqual({
      field: 'sheet',
      message: 'Printing was cancelled; the sheet was not printed.',
    });
    expect(shares(after).sheet).toMatchObject({ printed: false, open: true });
    expect(shares(after).share).toBeDefined();
    expect(await transcript()).toContain(
      '"event":"share-sheet-not-printed","data":{"custodian":"Ann Archer","shareNumber":1,"reason":"cancelled"}',
    );
  });

  it('records where a PDF was saved, since that file is a copy of the share', async () => {
    const { engine, preview, transcript } = await atShares('preview');
    await engine.revealShare();
    await engine.openSheet('letter');
    const saving = engine.saveSheetPdf();
    expect(await preview.dialogShown()).toBe('pdf');
    preview.answer({ done: true, path: '/media/usb/share-sheet-1-letter.pdf' });
    const saved = await saving;
    expect(shares(saved).sheet).toMatchObject({
      printed: true,
      open: false,
      pdfPath: '/media/usb/share-sheet-1-letter.pdf',
    });
    expect(preview.last.closed).toBe(true);
    // The share is still on screen: the custodian goes on from here.
    expect(shares(saved).share).toBeDefined();
    expect(CHANNELS['init/save-sheet-pdf'].response.parse(saved)).toEqual(saved);
    expect(await transcript()).toContain(
      '"event":"share-sheet-saved-as-pdf","data":{"custodian":"Ann Archer","shareNumber":1,"paper":"letter","path":"/media/usb/share-sheet-1-letter.pdf"}',
    );
  });

  it('has no print or save of its own in the browser host: the page is printed from its own window', async () => {
    const { engine } = await atShares('page');
    await engine.revealShare();
    await expectConflict(engine.printSheet(), /^Open your sheet first/);
    await engine.openSheet('a4');
    await expectConflict(
      engine.printSheet(),
      /^Print from the sheet’s own window \(Ctrl\+P, or ⌘P on a Mac\)/,
    );
  });
});

describe('the browser host’s sheet page', () => {
  it('serves the current custodian’s sheet once, and counts it as printed once the browser has it', async () => {
    const { engine, origin, transcript } = await atShares('page');
    const revealed = await engine.revealShare();
    const share = shares(revealed).share!.canonical;
    const answer = await engine.openSheet('a4');
    expect(CHANNELS['init/open-sheet'].response.parse(answer)).toEqual(answer);
    const { opened, snapshot } = answer;
    if (opened.kind !== 'page') throw new Error('expected a page');
    expect(opened.url).toMatch(/^\/print\/sheet\/[A-Za-z0-9_-]{43}$/);
    expect(shares(snapshot).sheet).toMatchObject({ open: true, view: 'page', printed: false });

    const page = await fetch(origin + opened.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store, max-age=0');
    const html = await page.text();
    expect(html.includes('Ann Archer'), 'Ann Archer').toBe(true);
    expect(html.includes('Bob Brandt'), 'Bob Brandt').toBe(false);
    const secondGroup = toCheckedLines(share)[0]!.groups[1]!;
    expect(html.includes(`<span>${secondGroup}</span>`), secondGroup).toBe(true);
    expect((await fetch(origin + opened.url)).status).toBe(404);

    const recorded = await engine.shareRecorded();
    expect(shares(recorded).scanBack).toEqual({ available: true });
    expect(shares(recorded).sheet).toMatchObject({ printed: true, open: false });
    expect(await transcript()).toContain(
      '"event":"share-sheet-delivered","data":{"custodian":"Ann Archer","shareNumber":1,"paper":"a4","to":"browser page"}',
    );
  });
});

describe('scan-back', () => {
  async function printedAndRecorded(plan: Partial<InitPlanInput> = {}) {
    const context = await atShares('preview', plan);
    const { engine, preview } = context;
    const revealed = await engine.revealShare();
    const share = shares(revealed).share!.canonical;
    await engine.openSheet('a4');
    const printing = engine.printSheet();
    await preview.dialogShown();
    preview.answer({ done: true });
    await printing;
    const recorded = await engine.shareRecorded();
    return { ...context, share, revealed, recorded };
  }

  it('confirms the turn when the scanned QR code is the custodian’s share', async () => {
    const { engine, share, recorded, transcript } = await printedAndRecorded();
    expect(shares(recorded)).toMatchObject({ phase: 'confirm', scanBack: { available: true } });
    // A handheld scanner types the text and Enter.
    const confirmed = await engine.scanBack(`${share}\r\n`);
    expect(shares(confirmed).phase).toBe('cleared');
    expect(confirmed.problem).toBeUndefined();
    const lines = await transcript();
    expect(lines).toContain(
      '"event":"share-scan-back-matched","data":{"custodian":"Ann Archer","shareNumber":1}',
    );
    expect(lines).toContain(
      '"event":"share-confirmed","data":{"custodian":"Ann Archer","shareNumber":1,"check":"scan-back"}',
    );
  });

  it('refuses a mangled scan, saying where it differs without quoting it, and lets the custodian print again', async () => {
    const { engine, share, transcript, preview } = await printedAndRecorded();
    const mangled = share.slice(0, 36) + (share[36] === 'A' ? 'B' : 'A') + share.slice(37);
    const refused = await engine.scanBack(mangled);
    expect(CHANNELS['init/scan-back'].response.parse(refused)).toEqual(refused);
    expect(shares(refused).phase).toBe('confirm');
    expect(refused.problem).toEqual({
      field: 'scanBack',
      message:
        'The scanned text differs from your share at character 37: compare that character on your sheet. If the printed sheet itself is wrong, show your share again and print a new sheet.',
    });
    for (const piece of sharePieces(share)) expect(refused.problem!.message).not.toContain(piece);

    const notAShare = await engine.scanBack('https://example.com/not-a-share');
    expect(notAShare.problem?.message).toMatch(
      /^This is not a share: it does not read threshold-number-data/,
    );
    const otherSplit = await engine.scanBack(
      '3-1-WRG84kPE+1kj9MtDBONBI8XWYvSDWDnH59YahMwq1ujvOZXLU9Xp8BDGylQc+uEf/+lFGw',
    );
    expect(otherSplit.problem?.message).toMatch(
      /^The scanned text is a share from another split \(any 3 restore it; yours needs 2\)/,
    );

    // Print again: show the share, print, and the new sheet is checked the same way.
    await engine.revealShare();
    await engine.openSheet('a4');
    const again = engine.printSheet();
    await preview.dialogShown();
    preview.answer({ done: true });
    await again;
    await engine.shareRecorded();
    expect(shares(await engine.scanBack(share)).phase).toBe('cleared');

    const lines = await transcript();
    expect(lines).toContain(
      '"event":"share-scan-back-refused","data":{"custodian":"Ann Archer","shareNumber":1,"verdict":"differs","position":37}',
    );
    expect(lines).toContain(
      '"event":"share-scan-back-refused","data":{"custodian":"Ann Archer","shareNumber":1,"verdict":"not-a-share"}',
    );
  });

  it('still checks a printed sheet when the plan asks no check, before the custodian leaves', async () => {
    const { engine, share, recorded, transcript } = await printedAndRecorded({
      shareConfirmation: 'none',
    });
    expect(shares(recorded)).toMatchObject({ phase: 'confirm', scanBack: { available: true } });
    expect(shares(recorded).confirmation).toBeUndefined();
    await expectConflict(
      engine.confirmShare(['AAAA', 'BBBB']),
      /^The plan asks no typed check; scan the QR code of your printed sheet/,
    );
    const mangled = share.slice(0, 40) + (share[40] === 'A' ? 'B' : 'A') + share.slice(41);
    expect(shares(await engine.scanBack(mangled)).phase).toBe('confirm');
    expect(shares(await engine.scanBack(share)).phase).toBe('cleared');
    const lines = await transcript();
    expect(lines).toContain(
      '"event":"share-confirmed","data":{"custodian":"Ann Archer","shareNumber":1,"check":"scan-back"}',
    );
    expect(lines).not.toContain('"check":"none"');

    // Bob writes his share down by hand: no sheet, no check, as the plan asks.
    await engine.nextCustodian();
    await engine.revealShare();
    expect(shares(await engine.shareRecorded()).phase).toBe('cleared');
    expect(await transcript()).toContain(
      '"event":"share-confirmed","data":{"custodian":"Bob Brandt","shareNumber":2,"check":"none"}',
    );
  });

  it('with no check asked, waits for a sheet still printing, and lets the custodian go on without one if it never comes out', async () => {
    const { engine, preview } = await atShares('preview', { shareConfirmation: 'none' });
    await engine.revealShare();
    await engine.openSheet('a4');
    const printing = engine.printSheet();
    await preview.dialogShown();
    const recorded = await engine.shareRecorded();
    expect(shares(recorded)).toMatchObject({
      phase: 'confirm',
      scanBack: { available: false },
      sheet: { printing: true },
    });
    preview.answer({
      done: false,
      reason: 'cancelled',
      message: 'Printing was cancelled; the sheet was not printed.',
    });
    expect(shares(await printing)).toMatchObject({
      phase: 'confirm',
      scanBack: { available: false },
      sheet: { printing: false, printed: false },
    });
    // Nothing went to paper: show the share again and say it is recorded, and the turn ends.
    await engine.revealShare();
    expect(shares(await engine.shareRecorded()).phase).toBe('cleared');
  });

  it('is only for the confirm phase of a turn whose sheet was printed', async () => {
    const { engine } = await atShares('preview');
    const revealed = await engine.revealShare();
    const share = shares(revealed).share!.canonical;
    await expectConflict(
      engine.scanBack(share),
      /^Scan your sheet after saying your share is recorded/,
    );
    const recorded = await engine.shareRecorded();
    expect(shares(recorded).scanBack).toEqual({ available: false });
    await expectConflict(
      engine.scanBack(share),
      /^The scan-back check is for a sheet printed during this turn/,
    );
    // The spot check still works as before.
    expect(shares(await engine.confirmShare(confirmationAnswers(revealed, recorded))).phase).toBe(
      'cleared',
    );
  });
});

describe('secrets', () => {
  it('keeps every share out of the transcript, the record, the log and every snapshot event', async () => {
    const { engine, preview, transcript, logs, folder } = await atShares('preview');
    const events: (InitSnapshot | null)[] = [];
    engine.onSnapshot((snapshot) => events.push(snapshot));
    const seen: string[] = [];
    for (let turn = 0; turn < CUSTODIANS.length; turn++) {
      const revealed = await engine.revealShare();
      const share = shares(revealed).share!.canonical;
      seen.push(share);
      await engine.openSheet(turn % 2 === 0 ? 'a4' : 'letter');
      const printing = turn === 1 ? engine.saveSheetPdf() : engine.printSheet();
      await preview.dialogShown();
      preview.answer(turn === 1 ? { done: true, path: '/tmp/sheet.pdf' } : { done: true });
      await printing;
      await engine.shareRecorded();
      await engine.scanBack(share.slice(0, 20));
      await engine.scanBack(share);
      await engine.nextCustodian();
    }
    const written = (await transcript()) + readFileSync(join(folder, 'ceremony.json'), 'utf8');
    const logged = logs.lines.join('\n');
    const pushed = JSON.stringify(events);
    for (const share of seen) {
      for (const piece of sharePieces(share)) {
        expect(written).not.toContain(piece);
        expect(logged).not.toContain(piece);
        expect(pushed).not.toContain(piece);
      }
    }
    expect(written).toContain('share-scan-back-matched');
  });
});
