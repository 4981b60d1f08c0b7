// The rotation engine's refusals and resumptions (issue 12 §3, tests): a device of another
// ceremony refused with its sentence before anything is written, then the right one rotated; a
// device pulled out mid-rotation at several points and resumed in the same sitting; a rotation
// left part-way (the secondary pulled) resumed later from the custodians' NEW shares; bad share
// input named; a key that may not rotate refused before the device is written.

import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CeremonyRecordSchema } from '../../../shared/records/ceremony-record';
import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { FaultInjectingDevice } from '../../hsm/yubihsm/transport/fault-injection';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { TempFolders } from '../../testing/temp-folders';
import {
  APP_KEY_ID,
  APP_PASSWORD,
  ROTATION_KEY_ID,
  ROTATION_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
  simulatorAccess,
} from '../common/testing/initialized-ceremony';
import type { DeviceAccess } from '../common/device-access';
import { answersFor } from '../init/share-answers';
import { ManualTimers } from '../init/testing/manual-timers';
import { restoreFromFiles } from '../restore/restore-from-files';
import { faultyDevices } from '../faults/faulty-devices';
import { rotateFromFiles } from './rotate-from-files';
import {
  AIR_GAP_WARNINGS,
  airGapSurveys,
  expectBothSurveys,
  expectSurveysBefore,
  transcriptEvents,
} from '../common/testing/air-gap-surveys';
import { RotationEngine } from './rotation-engine';

const temp = new TempFolders('custos-rotation-engine-');
afterEach(() => temp.removeAll());
const logger = createLogger({ sinks: [] });

async function setUp() {
  const root = temp.make();
  const ceremony = await initializeCeremony(join(root, 'ceremony'), { rotationKey: true });
  const secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  await restoreFromFiles({
    folderPath: ceremony.folderPath,
    access: simulatorAccess({ 'sim:secondary': { device: secondary } }),
    deviceId: 'sim:secondary',
    shares: [
      { path: '1.txt', text: ceremony.shares[0]! },
      { path: '2.txt', text: ceremony.shares[1]! },
    ],
    proof: { credential: { password: APP_PASSWORD } },
  });
  return { root, ceremony, secondary };
}

/** Several device sets as one: each id answered by whichever set knows it. */
function joined(...sets: DeviceAccess[]): DeviceAccess {
  return {
    describe: (id) => sets.map((s) => s.describe(id)).find((d) => d !== undefined),
    openTransport: (id) => sets.find((s) => s.describe(id) !== undefined)!.openTransport(id),
  };
}

/** Drives the engine from the folder to the devices step, handing out every new share. */
async function toDevices(
  engine: RotationEngine,
  folder: string,
  shares: readonly (readonly [number, string])[],
) {
  await engine.start();
  await engine.chooseFolder(folder);
  await engine.setRotationKey(ROTATION_PASSWORD, ROTATION_KEY_ID);
  await engine.toShares();
  for (const [number, text] of shares) {
    await engine.beginTurn(number);
    await engine.submitShare({ text });
    await engine.nextCustodian();
  }
  let snapshot: RotationSnapshot = await engine.makeNewShares('sim:primary');
  const newShares: string[] = [];
  while (snapshot.view.step === 'new-shares') {
    const reveal = await engine.revealShare();
    const shown = reveal.view.step === 'new-shares' ? reveal.view.turn : undefined;
    newShares.push(shown!.share!.canonical);
    const recorded = await engine.shareRecorded();
    if (recorded.view.step === 'new-shares' && recorded.view.turn.phase === 'confirm')
      expect((await engine.confirmShare(answersFor(shown!, recorded.view.turn))).problem).toBe(
        undefined,
      );
    snapshot = await engine.nextCustodian();
  }
  expect(snapshot.view.step).toBe('devices');
  return newShares;
}

async function wrapKeysOn(device: SimulatedYubiHsm | FaultInjectingDevice): Promise<number[]> {
  const objects = await inSession(
    new SimulatorTransport(device),
    ROTATION_KEY_ID,
    ROTATION_PASSWORD,
    (s) => s.listObjects(),
  );
  return objects.filter((o) => o.type === ObjectType.WrapKey).map((o) => o.id);
}

function record(folder: string) {
  return CeremonyRecordSchema.parse(
    JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')),
  );
}

describe('the rotation engine', () => {
  it('refuses a device of another ceremony with its sentence, then rotates the right ones', async () => {
    const { ceremony, secondary } = await setUp();
    const stranger = await SimulatedYubiHsm.create({ serial: 7_559_999 });
    const surveys = airGapSurveys();
    const engine = new RotationEngine({
      devices: simulatorAccess({
        'sim:primary': { device: ceremony.primary },
        'sim:secondary': { device: secondary },
        'sim:stranger': { device: stranger },
      }),
      logger,
      timers: new ManualTimers(),
      airGap: surveys.source,
    });
    await toDevices(engine, ceremony.folderPath, [
      [1, ceremony.shares[0]!],
      [2, ceremony.shares[1]!],
    ]);
    const refused = await engine.runDevice('sim:stranger');
    expect(refused.problem?.message).toBe(
      `The device connected (serial 7559999) is not a device of this ceremony: its record knows the primary (serial ${ceremony.primary.serial}) and the secondary (serial ${SECONDARY_SERIAL}). It may belong to another ceremony; nothing was written to it. Plug in one of this ceremony's devices.`,
    );
    // The secondary waits for the primary.
    const early = await engine.runDevice('sim:secondary');
    expect(early.problem?.message).toMatch(/^The primary \(serial \d+\) goes first/);
    expect(await wrapKeysOn(secondary)).toEqual([2]);
    const primaryDone = await engine.runDevice('sim:primary');
    expect(primaryDone.problem).toBeUndefined();
    expect(primaryDone.view).toMatchObject({
      step: 'devices',
      devices: [
        { role: 'primary', stage: 'new-key', next: 'done' },
        { role: 'secondary', stage: 'old-key', next: 'put-new-key' },
      ],
    });
    expect(record(ceremony.folderPath).rotations?.at(-1)?.devices).toMatchObject([
      { stage: 'new-key' },
      { stage: 'old-key' },
    ]);
    const finished = await engine.runDevice('sim:secondary');
    expect(finished.view.step).toBe('finished');
    // Both air-gap surveys, before the rotation's recorded end; the warnings on every snapshot.
    expect(finished.airGapWarnings).toEqual(AIR_GAP_WARNINGS);
    const lines = await transcriptEvents(ceremony.folderPath);
    expectBothSurveys(lines, surveys.taken);
    expectSurveysBefore(lines, 'rotation-completed');
    expect(await wrapKeysOn(stranger).catch(() => 'no session')).toBe('no session');
    await engine.close();
  });

  it('refuses a key that may not put wrap keys before anything is written', async () => {
    const { ceremony, secondary } = await setUp();
    const engine = new RotationEngine({
      devices: simulatorAccess({
        'sim:primary': { device: ceremony.primary },
        'sim:secondary': { device: secondary },
      }),
      logger,
    });
    await engine.start();
    await engine.chooseFolder(ceremony.folderPath);
    await engine.setRotationKey(APP_PASSWORD, APP_KEY_ID);
    await engine.toShares();
    for (const [index, text] of ceremony.shares.slice(0, 2).entries()) {
      await engine.beginTurn(index + 1);
      await engine.submitShare({ text });
      await engine.nextCustodian();
    }
    await expect(engine.makeNewShares('sim:primary')).rejects.toThrow(
      /^Authentication key 0x0003 cannot rotate the wrap key on the primary \(serial \d+\): it lacks put-wrap-key, get-pseudo-random, delete-wrap-key;/,
    );
    // The screen the person is on still works: still at the current shares, the set rebuilt.
    expect(engine.current()?.view).toMatchObject({ step: 'authorize', phase: 'recombined' });
    await engine.cancel();
    expect(await wrapKeysOn(ceremony.primary)).toEqual([2]);
    await engine.close();
  });

  it('names a wrong share by its custodian and keeps the rest of the turn', async () => {
    const { ceremony } = await setUp();
    const engine = new RotationEngine({
      devices: simulatorAccess({ 'sim:primary': { device: ceremony.primary } }),
      logger,
    });
    await engine.start();
    await engine.chooseFolder(ceremony.folderPath);
    await engine.setRotationKey(ROTATION_PASSWORD, ROTATION_KEY_ID);
    await engine.toShares();
    await engine.beginTurn(2);
    const refused = await engine.submitShare({ text: ceremony.shares[0]! });
    expect(refused.view).toMatchObject({ step: 'authorize', phase: 'entry' });
    expect(refused.view.step === 'authorize' && refused.view.refusal?.message).toMatch(
      /holds share 2, but the share typed says number 1/,
    );
    const accepted = await engine.submitShare({ text: ceremony.shares[1]! });
    expect(accepted.view).toMatchObject({ step: 'authorize', phase: 'cleared', accepted: [2] });
    await engine.cancel();
    await engine.close();
  });

  it.each(['primary', 'secondary'] as const)(
    'finishes the %s pulled out at any of several points, run again once it is back',
    { timeout: 300_000 },
    async (role) => {
      // A clean run counts the device's commands; then the pull comes at spread-out points.
      const counts: number[] = [];
      for (const at of [undefined, 0.1, 0.35, 0.6, 0.85, 1]) {
        const { ceremony, secondary } = await setUp();
        const faulty = new FaultInjectingDevice(role === 'primary' ? ceremony.primary : secondary);
        const engine = new RotationEngine({
          devices: joined(
            faultyDevices(`sim:${role}`, faulty),
            role === 'primary'
              ? simulatorAccess({ 'sim:secondary': { device: secondary } })
              : simulatorAccess({ 'sim:primary': { device: ceremony.primary } }),
          ),
          logger,
          timers: new ManualTimers(),
        });
        await toDevices(engine, ceremony.folderPath, [
          [2, ceremony.shares[1]!],
          [3, ceremony.shares[2]!],
        ]);
        if (role === 'secondary')
          expect((await engine.runDevice('sim:primary')).problem).toBeUndefined();
        const k = at === undefined ? undefined : Math.max(1, Math.round(at * counts[0]!));
        faulty.arm(k === undefined ? undefined : { atCommand: k, kind: 'disconnect' });
        let snapshot = await engine.runDevice(`sim:${role}`);
        if (k === undefined) counts.push(faulty.commands);
        const where = `${role} pulled at command ${k} of ${counts[0]}`;
        if (k !== undefined && faulty.faulted && snapshot.problem) {
          expect(snapshot.problem.message, where).toMatch(/stopped answering|not connected/);
          expect(snapshot.view, where).toMatchObject({ step: 'devices', canRetry: true });
          const index = role === 'primary' ? 0 : 1;
          const still = record(ceremony.folderPath).rotations!.at(-1)!.devices[index]!;
          expect(still.stage, where).not.toBe('new-key');
          await faulty.reconnect();
          snapshot = await engine.runDevice(`sim:${role}`);
        }
        expect(snapshot.problem, where).toBeUndefined();
        if (role === 'primary') snapshot = await engine.runDevice('sim:secondary');
        expect(snapshot.view.step, where).toBe('finished');
        // Pulled at the very last command (closing the session), the work was already done.
        await faulty.reconnect();
        expect(await wrapKeysOn(faulty), where).toEqual([6]);
        const rotation = record(ceremony.folderPath).rotations!.at(-1)!;
        expect(rotation.status, where).toBe('completed');
        expect(rotation.files, where).toHaveLength(3);
        await engine.close();
      }
    },
  );

  it(
    'leaves a rotation part-way with the secondary pulled, and finishes it later from the new shares',
    { timeout: 120_000 },
    async () => {
      const { root, ceremony, secondary } = await setUp();
      const faulty = new FaultInjectingDevice(secondary, { atCommand: 3, kind: 'disconnect' });
      const access = joined(
        simulatorAccess({ 'sim:primary': { device: ceremony.primary } }),
        faultyDevices('sim:secondary', faulty),
      );
      const sharesDirectory = join(root, 'new-shares');
      const first = await rotateFromFiles({
        folderPath: ceremony.folderPath,
        access,
        deviceIds: ['sim:primary', 'sim:secondary'],
        shares: [
          { path: '1-ada.txt', text: ceremony.shares[0]! },
          { path: '3-kat.txt', text: ceremony.shares[2]! },
        ],
        rotationKey: { password: ROTATION_PASSWORD, authKeyId: ROTATION_KEY_ID },
        sharesDirectory,
        cwd: root,
        print: () => undefined,
        logger,
      });
      expect(first.complete).toBe(false);
      expect(first.problems.at(-1)).toBe(
        `The secondary (serial ${SECONDARY_SERIAL}) still holds the old wrap key: run custos rotate again with it and the new shares.`,
      );
      const paused = record(ceremony.folderPath);
      expect(paused.rotations!.at(-1)).toMatchObject({
        status: 'in-progress',
        devices: [{ stage: 'new-key' }, { stage: 'old-key' }],
      });
      // Until the rotation completes, the old set is still the ceremony's.
      expect(paused.wrapKey?.kcv).toBe(ceremony.kcv);
      expect(readFileSync(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8')).toContain(
        '"rotation-paused"',
      );

      // The old shares do not resume it: the new ones do.
      await faulty.reconnect();
      const again = (shares: { path: string; text: string }[]) =>
        rotateFromFiles({
          folderPath: ceremony.folderPath,
          access,
          deviceIds: ['sim:secondary'],
          shares,
          rotationKey: { password: ROTATION_PASSWORD },
          cwd: root,
          print: () => undefined,
          logger,
        });
      await expect(
        again([
          { path: '1-ada.txt', text: ceremony.shares[0]! },
          { path: '2-grace.txt', text: ceremony.shares[1]! },
        ]),
      ).rejects.toThrow(/^1-ada\.txt: Share 1 \(Ada Lovelace\) is wrong/);
      const share = (name: string) => readFileSync(join(sharesDirectory, name), 'utf8').trimEnd();
      const resumed = await again([
        { path: '2-grace-hopper.txt', text: share('2-grace-hopper.txt') },
        { path: '3-katherine-johnson.txt', text: share('3-katherine-johnson.txt') },
      ]);
      expect(resumed.problems).toEqual([]);
      expect(resumed).toMatchObject({ complete: true, resumed: true, newKcv: first.newKcv });
      expect(await wrapKeysOn(faulty)).toEqual([6]);
      const done = record(ceremony.folderPath);
      expect(done.wrapKey?.kcv).toBe(first.newKcv);
      expect(done.rotations).toHaveLength(1);
    },
  );

  it('says how many shares are missing, and refuses new shares on disk for a real ceremony', async () => {
    const { root, ceremony } = await setUp();
    const options = {
      folderPath: ceremony.folderPath,
      access: simulatorAccess({ 'sim:primary': { device: ceremony.primary } }),
      deviceIds: ['sim:primary'],
      rotationKey: { password: ROTATION_PASSWORD, authKeyId: ROTATION_KEY_ID },
      sharesDirectory: join(root, 'new-shares'),
      cwd: root,
      print: () => undefined,
      logger,
    };
    await expect(
      rotateFromFiles({ ...options, shares: [{ path: '1-ada.txt', text: ceremony.shares[0]! }] }),
    ).rejects.toThrow(
      "2 shares are needed to rebuild the wrap key and 1 was given: add another custodian's share file.",
    );
    await expect(
      rotateFromFiles({
        ...options,
        shares: [{ path: '1-ada.txt', text: ceremony.shares[0]! }],
        sharesDirectory: join(ceremony.folderPath, 'shares'),
      }),
    ).rejects.toThrow(/inside the ceremony folder/);
    expect(record(ceremony.folderPath).rotations).toBeUndefined();
    expect(await wrapKeysOn(ceremony.primary)).toEqual([2]);
  });
});
