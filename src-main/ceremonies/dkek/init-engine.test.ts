// The DKEK initialisation engine driven as the screens drive it, on a simulated SmartCard-HSM in
// memory: a password share reaches a snapshot only in the answer while its custodian holds it
// (never in a pushed event); a custodian who gives up mid-turn leaves the share unrecorded and
// can come back; a wrong spot check is named; a ceremony cancelled during the turns leaves the
// device untouched and the record saying so.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { SimulatedSmartCardHsm } from '../../hsm/smartcard-hsm/simulator/simulated-smartcard-hsm';
import { SimulatorCardTransport } from '../../hsm/smartcard-hsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import {
  AIR_GAP_WARNINGS,
  airGapSurveys,
  expectBothSurveys,
  expectSurveysBefore,
  transcriptEvents,
} from '../common/testing/air-gap-surveys';
import { readPreflight } from './device';
import { DkekInitEngine } from './init-engine';
import { resolvePlan } from './plan-file';
import { DkekCeremonyFolder } from './record';
import { importedOn, importShareAtSite, missing } from './sequential-import';

let folder: string;
let card: SimulatedSmartCardHsm;
const opened = () => ({
  transport: new SimulatorCardTransport(card, 'simulated SmartCard-HSM (test)'),
  simulated: true,
  reader: 'simulated SmartCard-HSM (test)',
  close: async () => undefined,
});

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-dkek-engine-'));
  card = await SimulatedSmartCardHsm.open();
});
afterEach(async () => {
  await card.close();
  await rm(folder, { recursive: true, force: true });
});

function engine(airGap = airGapSurveys().source) {
  return new DkekInitEngine({
    cards: { open: async () => opened() },
    logger: createLogger({ sinks: [] }),
    toolVersion: 'test',
    iterations: 1,
    airGap,
  });
}

const pw = (text: string) => new Uint8Array(Buffer.from(text));

async function toTurns(dkek: DkekInitEngine): Promise<DkekInitSnapshot> {
  await dkek.start('sim');
  await dkek.toPlan();
  const plan = resolvePlan(
    {
      ceremony: 'Rehearsal',
      pinRetries: 3,
      printSheets: false,
      dkek: {
        mode: 'shares',
        shares: [{ custodian: 'Alice' }, { custodians: ['Bob', 'Carol', 'Dan'], threshold: 2 }],
      },
    },
    folder,
    join(folder, 'ceremony'),
  );
  await dkek.setPlan({
    plan,
    folder: join(folder, 'ceremony'),
    soPin: '3537363231383830',
    soPinConfirmation: '3537363231383830',
    pin: '648219',
    pinConfirmation: '648219',
    passwords: [
      {
        shareNumber: 1,
        password: pw('alice long password'),
        confirmation: pw('alice long password'),
      },
    ],
  });
  return dkek.toShares();
}

describe('the DKEK initialisation engine', () => {
  it('shows a password share only to its custodian, and never in an event', async () => {
    const dkek = engine();
    const events: (DkekInitSnapshot | null)[] = [];
    dkek.onSnapshot((snapshot) => events.push(snapshot));
    const atTurns = await toTurns(dkek);
    expect(atTurns.shares!.turn).toMatchObject({ custodian: 'Bob', id: 1, phase: 'handover' });
    expect(atTurns.shares!.turn!.reveal).toBeUndefined();
    const shown = await dkek.takeTurn();
    const reveal = shown.shares!.turn!.reveal!;
    expect(reveal).toMatchObject({ id: 1, threshold: 2, total: 3, fileName: 'dkek-share-2.pbe' });
    expect(reveal.value).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2})*$/);
    // Bob gives up mid-turn (Esc): the share goes away unrecorded; he may come back.
    const left = await dkek.leaveTurn('escape');
    expect(left.shares!.turn).toMatchObject({ phase: 'handover', leftBecause: 'escape' });
    expect(left.shares!.turn!.reveal).toBeUndefined();
    const again = (await dkek.takeTurn()).shares!.turn!.reveal!;
    expect(again.value).toBe(reveal.value);
    await dkek.turnRecorded();
    await expect(dkek.confirmTurn('00:11')).rejects.toThrow(
      /That is not Bob's share value as shown/,
    );
    const confirmed = await dkek.confirmTurn(reveal.value);
    expect(confirmed.shares!.turn!.phase).toBe('cleared');
    for (const event of events) expect(JSON.stringify(event)).not.toContain(reveal.value);
    expect((await dkek.nextTurn()).shares!.turn).toMatchObject({ custodian: 'Carol', id: 2 });
    await expect(dkek.proveShares()).rejects.toThrow(/Carol has not had their turn yet/);
    await dkek.close();
  });

  it('cancelled during the turns: the device is untouched, the record says so', async () => {
    const surveys = airGapSurveys();
    const dkek = engine(surveys.source);
    await toTurns(dkek);
    await dkek.takeTurn();
    await dkek.cancel('Carol did not come');
    const lines = await transcriptEvents(join(folder, 'ceremony'));
    expectBothSurveys(lines, surveys.taken);
    expectSurveysBefore(lines, 'ceremony-abandoned');
    const record = JSON.parse(await readFile(join(folder, 'ceremony', 'ceremony.json'), 'utf8'));
    expect(record).toMatchObject({ status: 'abandoned', stage: 'shares' });
    expect(record.statusReason).toMatch(/Carol did not come; the device was not touched/);
    expect((await readPreflight(opened())).initialised).toBe(false);
    await dkek.close();
  });

  it('completes, with the KCV of the files on the device and two rehearsal keys', async () => {
    const surveys = airGapSurveys();
    const dkek = engine(surveys.source);
    let snapshot = await toTurns(dkek);
    expect(snapshot.airGapWarnings).toEqual(AIR_GAP_WARNINGS);
    while (snapshot.shares?.turn) {
      const value = (await dkek.takeTurn()).shares!.turn!.reveal!.value;
      await dkek.turnRecorded();
      await dkek.confirmTurn(value);
      snapshot = await dkek.nextTurn();
    }
    const proven = await dkek.proveShares();
    await dkek.toDevice();
    await dkek.initialiseDevice();
    expect((await dkek.importNextShare()).device).toMatchObject({ total: 2, outstanding: 1 });
    const complete = await dkek.importNextShare();
    expect(complete.device).toMatchObject({ outstanding: 0, kcv: proven.shares!.kcv });
    expect(complete.device!.rehearsalKeys).toEqual(['Rehearsal EC P-256', 'Rehearsal RSA-2048']);
    const done = await dkek.finish();
    expect(done.record!.kcv).toBe(proven.shares!.kcv);
    const lines = await transcriptEvents(join(folder, 'ceremony'));
    expectBothSurveys(lines, surveys.taken);
    expectSurveysBefore(lines, 'ceremony-finished');
    const preflight = await readPreflight(opened());
    expect(preflight.dkek).toMatchObject({ state: 'complete', kcv: proven.shares!.kcv });
    expect(preflight.keys.map((key) => key.label)).toEqual([
      'Rehearsal EC P-256',
      'Rehearsal RSA-2048',
    ]);
    await dkek.close();
  });

  it('ends with a share outstanding: the record names its holders and a later import completes it', async () => {
    const dkek = engine();
    let snapshot = await toTurns(dkek);
    const kept: { id: number; prime: string; value: string }[] = [];
    while (snapshot.shares?.turn) {
      const reveal = (await dkek.takeTurn()).shares!.turn!.reveal!;
      kept.push({ id: reveal.id, prime: reveal.prime, value: reveal.value });
      await dkek.turnRecorded();
      await dkek.confirmTurn(reveal.value);
      snapshot = await dkek.nextTurn();
    }
    const proven = await dkek.proveShares();
    await dkek.toDevice();
    await dkek.initialiseDevice();
    await expect(dkek.finish()).rejects.toThrow(/still waits for 2 shares; import them first/);
    await dkek.importNextShare();
    const ended = await dkek.finish({ leaveOutstanding: true });
    expect(ended.record!.outstanding).toEqual([
      {
        number: 2,
        holders: { kind: 'password-split', custodians: ['Bob', 'Carol', 'Dan'], threshold: 2 },
        file: join(folder, 'ceremony', 'dkek-share-2.pbe'),
      },
    ]);
    await dkek.close();
    const ceremony = await DkekCeremonyFolder.open(join(folder, 'ceremony'));
    expect(ceremony.record).toMatchObject({ status: 'complete', stage: 'finished' });
    expect(ceremony.record.statusReason).toContain(
      'share 2: any 2 of Bob, Carol, Dan (their password shares)',
    );
    // What `dkek status` and `dkek import` read: share 1 is in, share 2 still to come.
    const serial = (await readPreflight(opened())).device.serial;
    expect(importedOn(ceremony, serial)).toEqual([1]);
    expect(missing(ceremony, [1])).toEqual([2]);
    expect((await readPreflight(opened())).dkek).toMatchObject({
      state: 'pending',
      outstanding: 1,
    });
    // Another day: Carol and Dan bring their password shares.
    const file = join(folder, 'ceremony', 'dkek-share-2.pbe');
    const imported = await importShareAtSite(
      ceremony,
      opened(),
      { path: file, bytes: new Uint8Array(await readFile(file)), shown: 'dkek-share-2.pbe' },
      {
        kind: 'password-shares',
        shares: kept.slice(1).map((share) => ({
          prime: BigInt(`0x${share.prime.replace(/:/g, '')}`),
          id: share.id,
          value: BigInt(`0x${share.value.replace(/:/g, '')}`),
          source: `share ${share.id}`,
        })),
      },
      { iterations: 1 },
    );
    expect(imported).toMatchObject({ outstanding: 0, kcv: proven.shares!.kcv });
  });
});
