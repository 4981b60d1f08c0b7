// The DKEK clone on simulated SmartCard-HSMs: a secondary initialised with the record's share
// count, the rehearsal's shares imported (a typed password, a 2-of-3 password split), the KCV
// compared before any unwrap, every file unwrapped and signing; the wrong secondary refused; a
// card pulled out mid-import and mid-unwrap, then the restore run again; a file of another domain
// skipped with its sentence; shares of another domain stopped before any unwrap.

import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { combineShares, dkekCheckValue } from '../../hsm/smartcard-hsm/protocol/dkek-keys';
import { createLogger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import { DkekBackupEngine } from './backup-engine';
import { clonesOf } from './backup-record';
import { DkekCeremonyFolder } from './record';
import { readKeyInventory } from './key-inventory';
import {
  AIR_GAP_WARNINGS,
  airGapSurveys,
  expectBothSurveys,
  expectSurveysBefore,
  transcriptEvents,
} from '../common/testing/air-gap-surveys';
import { DkekRestoreEngine } from './restore-engine';
import { rehearsalTurn } from './rehearsal-turn';
import {
  PIN,
  SO_PIN,
  TestCards,
  makeCeremonyFolder,
  makePrimary,
  onCard,
  randomShares,
  writeRehearsalShares,
} from './testing/cards';

let dir: string;
let folder: string;
let sharesDir: string;
let primary: string;
let secondary: string;
const shares = randomShares(2);
const kcv = dkekCheckValue(combineShares(shares));
const logger = createLogger({ sinks: [] });

async function backUp(): Promise<void> {
  const backup = new DkekBackupEngine({ cards: new TestCards(), logger });
  await backup.start();
  await backup.chooseFolder(folder);
  await backup.chooseDevice(primary, PIN);
  await backup.run();
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-dkek-restore-'));
  folder = join(dir, 'ceremony');
  sharesDir = join(dir, 'shares');
  primary = join(dir, 'a.json');
  secondary = join(dir, 'b.json');
  await mkdir(folder);
  await makePrimary(primary, shares);
  await writeRehearsalShares({ folder, sharesDir, shares, iterations: 1 });
  await makeCeremonyFolder({ folder, primaryState: primary, shares });
  await backUp();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function restore(cards = new TestCards(), airGap = airGapSurveys().source) {
  const engine = new DkekRestoreEngine({ cards, logger, iterations: 1, airGap });
  expect((await engine.start()).airGapWarnings).toEqual(AIR_GAP_WARNINGS);
  await engine.chooseFolder(folder);
  return engine;
}

describe('DKEK clone', () => {
  it('initialises the secondary, imports the same shares, checks the KCV, unwraps every key, and the clone lists what the primary lists', async () => {
    const surveys = airGapSurveys();
    const engine = await restore(new TestCards(), surveys.source);
    const chosen = await engine.chooseDevice(secondary, PIN, SO_PIN);
    expect(chosen.shares).toMatchObject({ total: 2, imported: [], next: 1 });
    expect(chosen.shares.turn).toMatchObject({ shareNumber: 1, phase: 'handover' });
    const one = await rehearsalTurn(engine, sharesDir);
    expect(one.shares).toMatchObject({ total: 2, imported: [1], next: 2 });
    expect(one.shares.turn).toMatchObject({ shareNumber: 2, phase: 'handover' });
    expect(one.steps.current).toBe('shares');
    const two = await rehearsalTurn(engine, sharesDir);
    expect(two.steps.current).toBe('unwrap');
    expect(two.kcv).toBe(kcv);
    const done = await engine.unwrap();
    expect(done.finished).toBe(true);
    expect(done.files.map((f) => [f.file, f.keyReference, f.outcome])).toEqual([
      ['key-001-issuing-ca-2026.wrapped', 1, 'unwrapped'],
      ['key-002-code-signing.wrapped', 2, 'unwrapped'],
    ]);
    expect(done.summary).toBe('2 keys unwrapped.');
    const [a, b] = await Promise.all([
      onCard(primary, readKeyInventory),
      onCard(secondary, readKeyInventory),
    ]);
    expect(b).toEqual(a);
    const record = (await DkekCeremonyFolder.open(folder)).record;
    const clones = clonesOf(record);
    expect(clones).toHaveLength(1);
    expect(clones[0]).toMatchObject({ sharesImported: [1, 2], kcv, complete: true });
    expect(record.imports.filter((i) => i.session === 'clone').map((i) => i.shareNumber)).toEqual([
      1, 2,
    ]);
    const lines = await transcriptEvents(folder);
    expectBothSurveys(lines, surveys.taken);
    expectSurveysBefore(lines, 'dkek-clone-finished');
  });

  it('cancelled after a share went into the secondary: both air-gap surveys go in with the stop', async () => {
    const surveys = airGapSurveys();
    const engine = await restore(new TestCards(), surveys.source);
    await engine.chooseDevice(secondary, PIN, SO_PIN);
    await rehearsalTurn(engine, sharesDir);
    const stopped = await engine.cancel();
    expect(stopped.stopped).toMatchObject({ deviceTouched: true });
    expectBothSurveys(await transcriptEvents(folder), surveys.taken);
  });

  it('refuses the primary as the secondary, and a card that already holds keys, before anything is changed', async () => {
    const engine = await restore();
    const same = await engine.chooseDevice(primary, PIN, SO_PIN).catch((e: unknown) => e);
    expect(same).toBeInstanceOf(Refusal);
    expect((same as Error).message).toMatch(/^This card is the primary \(serial DESIM/);
    const used = join(dir, 'used.json');
    await makePrimary(used, randomShares(1), [{ ref: 4, algorithm: 'ec-p256', label: 'mine' }]);
    const full = await engine.chooseDevice(used, PIN, SO_PIN).catch((e: unknown) => e);
    expect((full as Error).message).toContain(
      'This card already holds keys of its own (key reference 4',
    );
    expect(await onCard(used, async (c) => (await c.listKeys()).length)).toBe(1);
    expect((await engine.chooseDevice(secondary, PIN, SO_PIN)).steps.current).toBe('shares');
  });

  it('a card pulled out mid-import: the sentence; run again, share 1 is known to be in and only share 2 is asked for', async () => {
    const cards = new TestCards();
    const engine = await restore(cards);
    await engine.chooseDevice(secondary, PIN, SO_PIN);
    await rehearsalTurn(engine, sharesDir);
    // Out of the reader as share 2's import (MANAGE KEY DOMAIN with data) arrives.
    cards.pullOnInstruction(0x52, 0, 37);
    const pulled = await rehearsalTurn(engine, sharesDir).catch((e: unknown) => e);
    expect((pulled as Refusal).code).toBe('device-missing');
    expect((pulled as Error).message).toContain('Insert the card again');
    await onCard(secondary, async (client) => {
      expect(await client.dkekStatus()).toMatchObject({ state: 'pending', outstanding: 1 });
    });

    // Another session, another day: the folder and the card say where it stands.
    const again = await restore();
    const resumed = await again.chooseDevice(secondary, PIN);
    expect(resumed.shares).toMatchObject({ total: 2, imported: [1], next: 2 });
    // Only share 2's passwords are needed now.
    const onlyTwo = join(dir, 'only-two');
    await cp(join(sharesDir, 'share-2'), join(onlyTwo, 'share-2'), { recursive: true });
    expect((await rehearsalTurn(again, onlyTwo)).steps.current).toBe('unwrap');

    // Pulled again, mid-unwrap after the first key: run again, key 1 is recognised.
    const third = new TestCards();
    const engine3 = await restore(third);
    await engine3.chooseDevice(secondary, PIN);
    await rehearsalTurn(engine3, onlyTwo);
    third.pullOnInstruction(0x74, 1);
    const midUnwrap = await engine3.unwrap().catch((e: unknown) => e);
    expect((midUnwrap as Refusal).code).toBe('device-missing');
    const last = await restore();
    await last.chooseDevice(secondary, PIN);
    await rehearsalTurn(last, onlyTwo);
    const done = await last.unwrap();
    expect(done.files.map((f) => f.outcome)).toEqual(['already-present', 'unwrapped']);
    expect(done.finished).toBe(true);
  });

  it('a file of another domain in the folder is skipped with its sentence, never sent to the device', async () => {
    const otherFolder = join(dir, 'other');
    const other = join(dir, 'other.json');
    const otherShares = randomShares(1);
    await makePrimary(other, otherShares, [{ ref: 9, algorithm: 'ec-p256', label: 'foreign' }]);
    await makeCeremonyFolder({ folder: otherFolder, primaryState: other, shares: otherShares });
    const backup = new DkekBackupEngine({ cards: new TestCards(), logger });
    await backup.start();
    await backup.chooseFolder(otherFolder);
    await backup.chooseDevice(other, PIN);
    await backup.run();
    await cp(join(otherFolder, 'key-009-foreign.wrapped'), join(folder, 'key-009-foreign.wrapped'));

    const engine = await restore();
    await engine.chooseDevice(secondary, PIN, SO_PIN);
    await rehearsalTurn(engine, sharesDir);
    await rehearsalTurn(engine, sharesDir);
    const done = await engine.unwrap();
    const foreign = done.files.find((f) => f.file === 'key-009-foreign.wrapped')!;
    expect(foreign.outcome).toBe('skipped');
    expect(foreign.reason).toContain(`but this domain's is ${kcv}: it is a file of another domain`);
    expect(done.problem?.message).toContain('Not every file was unwrapped');
    expect((await onCard(secondary, (c) => c.listKeys())).map((k) => k.keyReference)).toEqual([
      1, 2,
    ]);
  });

  it("a wrong password is named before the card is touched; the holder's turn stays open and the right one imports", async () => {
    const wrongDir = join(dir, 'wrong');
    await mkdir(join(wrongDir, 'share-1'), { recursive: true });
    await writeFile(join(wrongDir, 'share-1', 'password.txt'), 'not-the-password\n');
    const engine = await restore();
    await engine.chooseDevice(secondary, PIN, SO_PIN);
    const refused = await rehearsalTurn(engine, wrongDir).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('The password does not open');
    expect((refused as Error).message).toContain('Nothing was imported');
    expect(engine.current()?.shares).toMatchObject({ imported: [], turn: { phase: 'entry' } });
    expect(engine.current()?.shares.turn?.refusal).toContain('The password does not open');
    // Nothing reached the card: it was not even initialised.
    const fresh = await onCard(secondary, (c) =>
      c.pinStatus().then(
        () => 'initialised',
        () => 'fresh',
      ),
    );
    expect(fresh).toBe('fresh');
    expect((await rehearsalTurn(engine, sharesDir)).shares.imported).toEqual([1]);
  });
});
