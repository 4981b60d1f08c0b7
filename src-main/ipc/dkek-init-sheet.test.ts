// The DKEK custodian's sheet in the Electron host's kind of printer (a preview window with print
// and save dialogs), over IPC through the whole app's router: print and save-as-PDF only for the
// open preview of the custodian whose share is on screen, strict payloads (the page never names a
// PDF's path: main's save dialog does), a cancelled dialog told and the turn still usable, and
// the transcript saying a sheet was printed or saved (and where the PDF went), never the share.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DkekInitSnapshot } from '../../shared/ceremony/dkek-init-snapshot';
import type { Channel } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { searchForSecrets, textNeedles } from '../../e2e/support/secrets-search';
import { PreviewPrinter } from '../ceremonies/init/testing/preview-printer';
import { DKEK_TRANSCRIPT_FILE } from '../ceremonies/dkek/record';
import { createCustosApp, type CustosApp } from '../services/custos-app';
import { startServices, type RunningServices } from '../services/lifecycle';
import { createSimulator } from '../services/simulator-factory';
import type { IpcSender } from './sender';

const SENDER: IpcSender = { kind: 'socket', authenticated: true };
const PASSWORD = 'alice-typed-dkek-password-2026';

let root: string;
let chosen: string;
let app: CustosApp;
let running: RunningServices;
const preview = new PreviewPrinter();
const events: string[] = [];

function send(channel: Channel, payload: unknown = {}): Promise<Result<unknown>> {
  return app.router.dispatch(channel, payload, SENDER);
}

async function must(channel: Channel, payload: unknown = {}): Promise<DkekInitSnapshot> {
  const result = await send(channel, payload);
  if (!result.ok) throw new Error(`${channel} answered ${result.code}: ${result.message}`);
  return result.data as DkekInitSnapshot;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'custos-dkek-sheet-ipc-'));
  chosen = join(root, 'ceremony');
  app = createCustosApp({
    host: 'browser',
    version: '0.0.0-test',
    userDataFolder: join(root, 'user-data'),
    createSimulator,
    usb: false,
    pcsc: false,
    logToStderr: false,
    dkekIterations: 1,
    sheetPrinting: { printer: preview },
  });
  running = await startServices(app.services, app.logger);
  app.events.subscribe((event, payload) => {
    if (event === 'dkek-init/snapshot') events.push(JSON.stringify(payload));
  });
  await must('dkek-init/start', { deviceId: 'sim-schsm:primary' });
  await must('dkek-init/to-plan');
  await must('dkek-init/set-plan', {
    plan: {
      ceremony: 'DKEK sheets over IPC',
      pinRetries: 3,
      mode: 'shares',
      printSheets: true,
      shares: [
        { custodian: 'Alan Turing' },
        { custodians: ['Barbara Liskov', 'Claude Shannon', 'Dana Scott'], threshold: 2 },
      ],
    },
    folder: chosen,
    soPin: '3537363231383830',
    soPinConfirmation: '3537363231383830',
    pin: '648219',
    pinConfirmation: '648219',
    passwords: [{ shareNumber: 1, password: PASSWORD, confirmation: PASSWORD }],
  });
  await must('dkek-init/to-shares');
}, 60_000);

afterAll(async () => {
  await running?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Takes the turn, opens the sheet's preview, and checks the custodian is the only one named. */
async function revealWithPreview(custodian: string, others: string[]) {
  const inHand = await must('dkek-init/take-turn');
  const value = inHand.shares!.turn!.reveal!.value;
  const opened = await send('dkek-init/open-sheet', { paper: 'a4' });
  expect(opened).toMatchObject({ ok: true, data: { opened: { kind: 'preview-window' } } });
  const html = preview.last.sheet.html;
  expect(html.includes(custodian), custodian).toBe(true);
  for (const other of others) expect(html.includes(other), other).toBe(false);
  expect((await must('dkek-init/current')).shares).toMatchObject({
    sheetOpen: true,
    sheetView: 'preview-window',
    sheetPrinting: false,
    sheetPrinted: false,
  });
  return value;
}

async function handOver(value: string) {
  await must('dkek-init/turn-recorded');
  await must('dkek-init/confirm-turn', { value });
  await must('dkek-init/next-turn');
}

describe("the DKEK custodian's sheet in a preview window", () => {
  it('prints and saves only the open preview of the share on screen, and records only that', async () => {
    // Nothing to print before the share is shown, nor before its sheet is open.
    expect(await send('dkek-init/print-sheet')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Show your password share first/),
    });
    await must('dkek-init/take-turn');
    expect(await send('dkek-init/save-sheet-pdf')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Open your sheet first/),
    });
    await must('dkek-init/leave-turn', { reason: 'user' });

    const barbara = await revealWithPreview('Barbara Liskov', [
      'Alan Turing',
      'Claude Shannon',
      'Dana Scott',
    ]);
    // The page never names where a PDF goes: the payload is empty or refused.
    for (const payload of [{ path: join(root, 'barbara.pdf') }, { paper: 'a4' }])
      expect(await send('dkek-init/save-sheet-pdf', payload)).toMatchObject({
        ok: false,
        code: 'invalid-request',
      });
    // A cancelled print dialog is told, the preview stays, and printing again works.
    const cancelled = send('dkek-init/print-sheet');
    expect(await preview.dialogShown()).toBe('print');
    expect((await must('dkek-init/current')).shares?.sheetPrinting).toBe(true);
    expect(await send('dkek-init/save-sheet-pdf')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/dialog for this sheet is already open/),
    });
    preview.answer({ done: false, reason: 'cancelled', message: 'Printing was cancelled.' });
    const told = (await cancelled) as Result<DkekInitSnapshot>;
    expect(told.ok && told.data.problem).toEqual({
      field: 'sheet',
      message: 'Printing was cancelled.',
    });
    expect(told.ok && told.data.shares).toMatchObject({ sheetOpen: true, sheetPrinted: false });
    const printing = must('dkek-init/print-sheet');
    expect(await preview.dialogShown()).toBe('print');
    preview.answer({ done: true });
    const printed = await printing;
    expect(printed.shares).toMatchObject({ sheetPrinted: true, sheetOpen: false });
    expect(printed.shares?.turn?.phase).toBe('in-hand');
    expect(preview.last.closed).toBe(true);
    await handOver(barbara);

    // Claude saves his as a PDF where she chose in main's dialog; the screen says where it went.
    const claude = await revealWithPreview('Claude Shannon', [
      'Alan Turing',
      'Barbara Liskov',
      'Dana Scott',
    ]);
    const pdf = join(root, 'chosen-by-claude.pdf');
    const saving = must('dkek-init/save-sheet-pdf');
    expect(await preview.dialogShown()).toBe('pdf');
    preview.answer({ done: true, path: pdf });
    expect((await saving).shares).toMatchObject({ sheetPrinted: true, sheetPdfPath: pdf });
    await handOver(claude);

    // Dana's share leaves the screen while his dialog is up: the preview goes with it, the
    // dialog's end is still recorded, and her turn goes on.
    const dana = await revealWithPreview('Dana Scott', [
      'Alan Turing',
      'Barbara Liskov',
      'Claude Shannon',
    ]);
    const late = send('dkek-init/print-sheet');
    await preview.dialogShown();
    const away = await must('dkek-init/leave-turn', { reason: 'escape' });
    expect(away.shares).toMatchObject({ sheetOpen: false, turn: { phase: 'handover' } });
    expect(preview.last.closed).toBe(true);
    preview.answer({ done: false, reason: 'failed', message: 'The printer is offline.' });
    expect(await late).toMatchObject({ ok: true });
    await must('dkek-init/take-turn');
    await handOver(dana);
    expect((await must('dkek-init/prove-shares')).shares?.kcv).toMatch(/^[0-9A-F]{16}$/);

    const transcript = readFileSync(join(chosen, DKEK_TRANSCRIPT_FILE), 'utf8');
    const logged = transcript
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; data?: Record<string, unknown> });
    const sheetEvents = logged.filter((entry) => entry.event.startsWith('password-share-sheet-'));
    expect(sheetEvents.map((entry) => entry.event)).toEqual([
      'password-share-sheet-opened',
      'password-share-sheet-not-printed',
      'password-share-sheet-printed',
      'password-share-sheet-opened',
      'password-share-sheet-saved-as-pdf',
      'password-share-sheet-opened',
      'password-share-sheet-not-printed',
    ]);
    expect(sheetEvents[4]?.data).toMatchObject({ custodian: 'Claude Shannon', path: pdf });
    // No share, password or sheet anywhere on disk or in a pushed event.
    const needles = [
      ...textNeedles("Alan's password", PASSWORD),
      ...[barbara, claude, dana].flatMap((value, index) => [
        ...textNeedles(`password share ${index + 1}`, value),
        ...textNeedles(`password share ${index + 1} (bare)`, value.replace(/[\s:]/g, '')),
      ]),
    ];
    const { hits, filesSearched } = searchForSecrets(
      [root],
      { events: events.join('\n') },
      needles,
    );
    expect(filesSearched.length).toBeGreaterThan(3);
    expect(hits).toEqual([]);
    expect(transcript).not.toContain('<html');
  });
});
