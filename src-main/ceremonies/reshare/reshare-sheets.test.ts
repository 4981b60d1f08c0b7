// A new custodian's share sheet in the reshare: init's sheet, made from the record as it reads
// with the new set, so it names the custodian whose turn it is, holds their new share (checked
// against its commitment) and no other custodian's share or name; printing it asks for the
// scan-back as in init, and the transcript says a sheet went out without ever holding a share.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReshareSnapshot } from '../../../shared/ceremony/audit-snapshot';
import { toCheckedLines } from '../../../shared/shares/checked-lines';
import { createLogger } from '../../log/logger';
import { CeremonyFolder, TRANSCRIPT_FILE } from '../../records/ceremony-folder';
import { Refusal } from '../../refusal/refusal';
import { makeShareCeremony, type TestCeremony } from '../audit/testing/share-ceremony';
import { answersFor } from '../init/share-answers';
import { ManualTimers } from '../init/testing/manual-timers';
import { PreviewPrinter } from '../init/testing/preview-printer';
import { ReshareEngine } from './reshare-engine';

const NEW = ['Alan Turing', 'Barbara Liskov', 'Claude Shannon'];

let parent: string;
let ceremony: TestCeremony;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'custos-reshare-sheets-'));
  ceremony = await makeShareCeremony(parent);
});

afterEach(async () => rm(parent, { recursive: true, force: true }));

async function atNewShares(printer?: PreviewPrinter): Promise<ReshareEngine> {
  const reshare = new ReshareEngine({
    logger: createLogger({ sinks: [] }),
    timers: new ManualTimers(),
    ...(printer ? { sheetPrinting: { printer } } : {}),
  });
  await reshare.start();
  await reshare.chooseFolder(ceremony.path);
  await reshare.setPlan({ custodians: NEW, threshold: 2 });
  await reshare.toOldShares();
  for (const index of [0, 2]) {
    await reshare.beginTurn(index + 1);
    await reshare.submitShare({ text: ceremony.shares[index]! });
    await reshare.nextCustodian();
  }
  const split = await reshare.splitAgain();
  expect(split.view.step).toBe('new-shares');
  return reshare;
}

function turns(snapshot: ReshareSnapshot) {
  if (snapshot.view.step !== 'new-shares') throw new Error(`at ${snapshot.view.step}`);
  return snapshot.view.turns;
}

async function refusedWith(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Refusal);
  expect((error as Refusal).message).toMatch(message);
}

describe("the reshare's share sheets", () => {
  it("prints the sheet of the new custodian whose turn it is, and no one else's share or name", async () => {
    const preview = new PreviewPrinter();
    const reshare = await atNewShares(preview);

    // Alan's turn, without a sheet: his share is what Barbara's sheet must not hold.
    const alanReveal = await reshare.revealShare();
    const alan = turns(alanReveal).share!.canonical;
    expect(turns(alanReveal).sheet).toMatchObject({ available: true, open: false });
    const alanRecorded = await reshare.shareRecorded();
    await reshare.confirmShare(answersFor(turns(alanReveal), turns(alanRecorded)));
    await reshare.nextNewCustodian();

    const revealed = await reshare.revealShare();
    const barbara = turns(revealed).share!.canonical;
    const { opened, snapshot } = await reshare.openSheet('a4');
    expect(opened).toEqual({ kind: 'preview-window' });
    expect(turns(snapshot).sheet).toMatchObject({ open: true, view: 'preview-window' });

    const sheet = preview.last.sheet;
    expect(sheet).toMatchObject({ paper: 'a4', shareNumber: 2 });
    const html = sheet.html;
    expect(html.includes('Barbara Liskov'), 'Barbara Liskov').toBe(true);
    for (const other of ['Alan Turing', 'Claude Shannon', ...ceremony.custodians])
      expect(html.includes(other), other).toBe(false);
    for (const group of toCheckedLines(barbara).flatMap((line) => line.groups))
      expect(html.includes(`<span>${group}</span>`), group).toBe(true);
    // No group of Alan's share that Barbara's lacks is on her sheet.
    const barbaraGroups = new Set(toCheckedLines(barbara).flatMap((line) => line.groups));
    const alanOnly = toCheckedLines(alan)
      .flatMap((line) => line.groups)
      .filter((group) => !barbaraGroups.has(group));
    expect(alanOnly.length).toBeGreaterThan(10);
    for (const group of alanOnly) expect(html.includes(`<span>${group}</span>`), group).toBe(false);
    const record = (await CeremonyFolder.open(ceremony.path)).record;
    expect(html.includes(record.id), 'ceremony id').toBe(true);
    expect(html.includes(ceremony.kcv), 'KCV').toBe(true);
    expect(html).toMatch(/2-of-3|2 of 3/);

    // Printed: the turn asks for the scan-back, and the sheet's own share passes it.
    const printing = reshare.printSheet();
    expect(await preview.dialogShown()).toBe('print');
    preview.answer({ done: true });
    expect(turns(await printing).sheet).toMatchObject({ printed: true });
    const recorded = await reshare.shareRecorded();
    expect(turns(recorded)).toMatchObject({ phase: 'confirm', scanBack: { available: true } });
    const scanned = await reshare.scanBack(barbara);
    expect(scanned.problem).toBeUndefined();
    expect(turns(scanned).phase).toBe('cleared');

    const transcript = await readFile(join(ceremony.path, TRANSCRIPT_FILE), 'utf8');
    expect(transcript).toContain('"share-sheet-printed"');
    expect(transcript).toContain('"share-scan-back-matched"');
    for (const share of [alan, barbara]) expect(transcript.includes(share)).toBe(false);
    await reshare.cancel();
  });

  it('refuses a sheet while the share is hidden, and on a host that cannot print', async () => {
    const preview = new PreviewPrinter();
    const reshare = await atNewShares(preview);
    await refusedWith(reshare.openSheet('a4'), /^Show your share first/);
    await reshare.revealShare();
    await reshare.openSheet('letter');
    // Hiding the share tears its sheet's preview down.
    const hidden = await reshare.hideShare('escape');
    expect(preview.last.closed).toBe(true);
    expect(turns(hidden).sheet).toMatchObject({ open: false });
    await reshare.cancel();

    const unprintable = await atNewShares();
    await unprintable.revealShare();
    await refusedWith(unprintable.openSheet('a4'), /cannot print share sheets/);
    await unprintable.cancel();
  });
});
