// Several secondaries in one sitting (issue 12 item 4), against real simulators: the custodians
// enter their shares once, the rebuilt wrap key is held while each secondary is checked,
// restored and recorded in turn, and it is zero once the last one is done — or once the sitting
// is cancelled. Headless (the CLI's path) and through the engine the screens drive.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RestoreSnapshotSchema } from '../../../shared/ceremony/restore-snapshot';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { checkTranscript } from '../../records/transcript';
import {
  APP_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
  simulatorAccess,
  type InitializedCeremony,
} from '../common/testing/initialized-ceremony';
import { ShareCollector } from '../common/share-collection';
import { RestoreEngine } from './restore-engine';
import { restoreSecondariesFromFiles } from './restore-from-files';

const THIRD_SERIAL = 7_550_003;

let dir: string;
let ceremony: InitializedCeremony;
let first: SimulatedYubiHsm;
let second: SimulatedYubiHsm;
/** Every wrap key the shares rebuilt (the real recombination runs; this keeps a reference). */
let rebuilt: Uint8Array[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-restore-sitting-'));
  ceremony = await initializeCeremony(join(dir, 'ceremony'));
  first = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  second = await SimulatedYubiHsm.create({ serial: THIRD_SERIAL });
  rebuilt = [];
  const recombine = ShareCollector.prototype.recombine;
  vi.spyOn(ShareCollector.prototype, 'recombine').mockImplementation(async function (
    this: ShareCollector,
    ...args
  ) {
    const result = await recombine.apply(this, args);
    if (result.ok) rebuilt.push(result.secret.key);
    return result;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const access = () =>
  simulatorAccess({
    'sim:first': { device: first },
    'sim:second': { device: second },
    'sim:primary': { device: ceremony.primary },
  });

const isZero = (bytes: Uint8Array) => bytes.every((byte) => byte === 0);

/** The application key opens a session on the clone (the factory key is gone). */
async function clonedWith(device: SimulatedYubiHsm): Promise<number[]> {
  const objects = await inSession(new SimulatorTransport(device), 3, APP_PASSWORD, (session) =>
    session.listObjects(),
  );
  return objects
    .filter((o) => o.type === ObjectType.AuthenticationKey)
    .map((o) => o.id)
    .sort();
}

describe('several secondaries in one sitting, headless', () => {
  it('rebuilds the key once, restores each secondary in turn, names the one refused, and wipes the key at the end', async () => {
    const run = await restoreSecondariesFromFiles({
      folderPath: ceremony.folderPath,
      access: access(),
      deviceIds: ['sim:first', 'sim:primary', 'sim:second'],
      shares: [
        { path: 'shares/1-ada.txt', text: ceremony.shares[0]! },
        { path: 'shares/3-kat.txt', text: ceremony.shares[2]! },
      ],
      proof: { credential: { password: APP_PASSWORD } },
    });
    expect(rebuilt).toHaveLength(1);
    expect(isZero(rebuilt[0]!)).toBe(true);
    expect(run.kcv).toBe(ceremony.kcv);
    const [one, primary, two] = run.secondaries;
    expect(one).toMatchObject({ serial: SECONDARY_SERIAL, result: { complete: true } });
    expect(primary).toMatchObject({ deviceId: 'sim:primary' });
    expect(primary && 'failure' in primary && primary.failure).toMatch(
      /is the primary of this ceremony/,
    );
    expect(two).toMatchObject({ serial: THIRD_SERIAL, result: { complete: true } });
    expect(await clonedWith(first)).toEqual([3, 4]);
    expect(await clonedWith(second)).toEqual([3, 4]);

    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.restores?.map((r) => [r.device.serial, r.status])).toEqual([
      [SECONDARY_SERIAL, 'completed'],
      [THIRD_SERIAL, 'completed'],
    ]);
    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    expect(transcript.ok).toBe(true);
    expect(
      transcript.ok &&
        transcript.lines.filter((l) => l.event === 'restore-started').map((l) => l.data.device),
    ).toMatchObject([{ serial: SECONDARY_SERIAL }, { serial: THIRD_SERIAL }]);
  });
});

describe('several secondaries in one sitting, through the engine', () => {
  let engine: RestoreEngine;
  beforeEach(() => {
    engine = new RestoreEngine({ devices: access(), logger: createLogger({ sinks: [] }) });
  });

  async function sharesOnce(): Promise<void> {
    await engine.start();
    await engine.chooseFolder(ceremony.folderPath);
    expect((await engine.planSecondaries(2)).sitting).toEqual({ planned: 2, restored: [] });
    await engine.chooseSecondary('sim:first');
    await engine.toShares();
    await engine.beginTurn(1);
    await engine.submitShare({ text: ceremony.shares[0]! });
    await engine.nextCustodian();
    await engine.beginTurn(2);
    await engine.submitShare({ text: ceremony.shares[1]! });
    await engine.nextCustodian();
    await engine.setApplicationKey(APP_PASSWORD);
  }

  it('keeps the key for the second secondary without calling the custodians back, and wipes it after the last', async () => {
    await sharesOnce();
    const firstDone = await engine.runDeviceSteps();
    expect(firstDone.view).toMatchObject({
      step: 'finished',
      status: 'completed',
      nextSecondary: { number: 2, of: 2 },
    });
    expect(firstDone.sitting?.restored).toMatchObject([
      { serial: SECONDARY_SERIAL, complete: true },
    ]);
    expect(isZero(rebuilt[0]!)).toBe(false);
    // Not finished yet: the sitting goes on, so it cannot be closed, only cancelled.
    await expect(engine.close()).rejects.toThrow(/still under way/);

    const next = await engine.nextSecondary();
    expect(next.steps).toEqual({ current: 'secondary', done: ['source'], skipped: [] });
    await expect(engine.back()).rejects.toThrow(/stays the same for every secondary/);
    // The first secondary, restored, is refused like any configured device.
    expect((await engine.chooseSecondary('sim:first')).view).toMatchObject({
      check: { state: 'refused' },
    });
    await expect(engine.toShares()).rejects.toThrow(/passes the check/);
    await engine.chooseSecondary('sim:second');
    const carried = await engine.toShares();
    expect(carried.view).toMatchObject({
      step: 'shares',
      phase: 'recombined',
      recombined: { kcv: ceremony.kcv },
      applicationKeyGiven: true,
    });
    await expect(engine.beginTurn(3)).rejects.toThrow(/shares step is at recombined/);

    const secondDone = await engine.runDeviceSteps();
    expect(secondDone.view).toMatchObject({ step: 'finished', status: 'completed' });
    expect(secondDone.view.step === 'finished' && secondDone.view.nextSecondary).toBe(undefined);
    expect(rebuilt).toHaveLength(1);
    expect(isZero(rebuilt[0]!)).toBe(true);
    expect(await clonedWith(second)).toEqual([3, 4]);
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.restores?.map((r) => [r.device.serial, r.shareNumbers])).toEqual([
      [SECONDARY_SERIAL, [1, 2]],
      [THIRD_SERIAL, [1, 2]],
    ]);
    for (const snapshot of [firstDone, next, carried, secondDone])
      expect(RestoreSnapshotSchema.safeParse(snapshot).success).toBe(true);
    await expect(engine.close()).resolves.toBeNull();
  });

  it('wipes the key when the sitting is cancelled between two secondaries', async () => {
    await sharesOnce();
    await engine.runDeviceSteps();
    await engine.nextSecondary();
    expect(isZero(rebuilt[0]!)).toBe(false);
    const cancelled = await engine.cancel();
    expect(cancelled.stopped).toMatchObject({ status: 'abandoned', deviceTouched: false });
    expect(isZero(rebuilt[0]!)).toBe(true);
  });

  it('refuses a number of secondaries once the sitting has begun, or out of range', async () => {
    await engine.start();
    await engine.chooseFolder(ceremony.folderPath);
    await expect(engine.planSecondaries(0)).rejects.toThrow(/a whole number from 1 to 8/);
    await expect(engine.planSecondaries(9)).rejects.toThrow(/a whole number from 1 to 8/);
    await engine.chooseSecondary('sim:first');
    await engine.toShares();
    await expect(engine.planSecondaries(2)).rejects.toThrow(/only say how many secondaries/);
  });
});
