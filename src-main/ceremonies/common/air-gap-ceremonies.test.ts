// The air-gap survey in every ceremony (issue 14, Deliver "Air gap"): EngineCore takes it when a
// ceremony begins, the first screen's snapshot carries its warnings, and at the ceremony's end
// both the preflight survey and a fresh one go into the transcript — for the back-up, the
// restore and the verification as for the initialization (init-ceremony.test.ts).

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineSteps, startWizard } from '../../../shared/ceremony/wizard';
import { formatCheckedLine, toCheckedLines } from '../../../shared/shares/checked-lines';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import type { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { TempFolders } from '../../testing/temp-folders';
import { BackupEngine } from '../backup/backup-engine';
import { restoreFromFiles } from '../restore/restore-from-files';
import { RestoreEngine } from '../restore/restore-engine';
import { VerifyEngine } from '../verify/verify-engine';
import { EngineCore, type CoreState } from './engine-core';
import {
  AIR_GAP_WARNINGS,
  airGapSurveys,
  expectBothSurveys,
  transcriptEvents,
} from './testing/air-gap-surveys';
import {
  APP_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
  simulatorAccess,
  type InitializedCeremony,
} from './testing/initialized-ceremony';

const temp = new TempFolders('custos-air-gap-ceremonies-');

const surveys = airGapSurveys;
const events = transcriptEvents;
const WARNINGS = AIR_GAP_WARNINGS;

describe('EngineCore and the air gap', () => {
  type Id = 'only';
  const STEPS = defineSteps<Id>([
    { id: 'only', title: 'Only', summary: 'The one step.', prerequisites: [] },
  ]);

  it('surveys when a ceremony begins and writes both surveys to the transcript once, at its end', async () => {
    const { source, taken } = surveys();
    const lines: string[] = [];
    const core = new EngineCore<Id, CoreState<Id>, CoreState<Id>>(
      STEPS,
      'rehearsal',
      (state) => state,
      createLogger({ sinks: [{ write: (line) => void lines.push(line) }] }),
      () => undefined,
      { airGap: source },
    );
    const state = core.begin({ id: 'a', wizard: startWizard(STEPS) });
    expect(state.airGap?.preflight).toBe(taken[0]);
    const logged: { event: string; data: unknown }[] = [];
    const transcript = {
      log: async (event: string, data: Record<string, unknown>) =>
        void logged.push({ event, data }),
    };
    await core.recordAirGap(state, transcript);
    await core.recordAirGap(state, transcript);
    expect(logged).toEqual([
      { event: 'air-gap-preflight', data: taken[0] },
      { event: 'air-gap-end', data: taken[1] },
    ]);
    expect(taken).toHaveLength(2);
    // Without a transcript (a folder that is not a Custos ceremony's), the log has both.
    const other = surveys();
    const bare = new EngineCore<Id, CoreState<Id>, CoreState<Id>>(
      STEPS,
      'rehearsal',
      (s) => s,
      createLogger({ sinks: [{ write: (line) => void lines.push(line) }] }),
      () => undefined,
      { airGap: other.source },
    );
    const alone = bare.begin({ id: 'b', wizard: startWizard(STEPS) });
    await bare.recordAirGap(alone, undefined);
    expect(lines.filter((line) => line.includes('air-gap survey'))).toHaveLength(3);
  });

  it('keeps the ceremony going when the transcript cannot take the surveys, and says so in the log', async () => {
    const { source } = surveys();
    const lines: string[] = [];
    const core = new EngineCore<Id, CoreState<Id>, CoreState<Id>>(
      STEPS,
      'rehearsal',
      (state) => state,
      createLogger({ sinks: [{ write: (line) => void lines.push(line) }] }),
      () => undefined,
      { airGap: source },
    );
    const state = core.begin({ id: 'a', wizard: startWizard(STEPS) });
    await core.recordAirGap(state, {
      log: () => Promise.reject(new Error('EROFS: read-only file system')),
    });
    expect(lines.join('\n')).toContain(
      'the air-gap surveys could not be written to the transcript',
    );
  });
});

describe('every ceremony records the air gap', () => {
  let ceremony: InitializedCeremony;
  let secondary: SimulatedYubiHsm;
  beforeEach(async () => {
    ceremony = await initializeCeremony(join(temp.make(), 'ceremony'));
    secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  });
  afterEach(() => temp.removeAll());
  const devices = () =>
    simulatorAccess({
      'sim:primary': { device: ceremony.primary },
      'sim:secondary': { device: secondary },
    });
  const logger = () => createLogger({ sinks: [] });

  it('the back-up: warnings on its first screen, both surveys in the transcript', async () => {
    const { source, taken } = surveys();
    const engine = new BackupEngine({ devices: devices(), logger: logger(), airGap: source });
    const first = await engine.start();
    expect(first.steps.current).toBe('source');
    expect(first.airGapWarnings).toEqual(WARNINGS);
    await engine.chooseFolder(ceremony.folderPath);
    await engine.choosePrimary('sim:primary');
    await engine.authenticate(APP_PASSWORD);
    const done = await engine.run([]);
    expect(done.view).toMatchObject({ step: 'export', finished: true });
    const lines = await events(ceremony.folderPath);
    expectBothSurveys(lines, taken);
    expect(lines.at(-1)?.event).toBe('air-gap-end');
  });

  it('the restore: warnings on its first screen, both surveys when the restore is recorded', async () => {
    const { source, taken } = surveys();
    const engine = new RestoreEngine({ devices: devices(), logger: logger(), airGap: source });
    expect((await engine.start()).airGapWarnings).toEqual(WARNINGS);
    await engine.chooseFolder(ceremony.folderPath);
    await engine.chooseSecondary('sim:secondary');
    await engine.toShares();
    for (const index of [1, 2]) {
      await engine.beginTurn(index);
      await engine.submitShare({
        lines: toCheckedLines(ceremony.shares[index - 1]!).map(formatCheckedLine),
      });
      await engine.nextCustodian();
    }
    const done = await engine.runDeviceSteps();
    expect(done.view).toMatchObject({ step: 'finished', status: 'completed' });
    const lines = await events(ceremony.folderPath);
    expectBothSurveys(lines, taken);
    const at = (event: string) => lines.findIndex((line) => line.event === event);
    // The sitting's last secondary recorded, the ceremony ends: the surveys follow it.
    expect(at('air-gap-end')).toBeGreaterThan(at('restore-finished'));
  });

  it('the restore, cancelled after it wrote to the secondary: both surveys with the cancel', async () => {
    const { source, taken } = surveys();
    const transports: SimulatorTransport[] = [];
    const engine = new RestoreEngine({
      devices: simulatorAccess({ 'sim:secondary': { device: secondary, transports } }),
      logger: logger(),
      airGap: source,
    });
    await engine.start();
    await engine.chooseFolder(ceremony.folderPath);
    await engine.chooseSecondary('sim:secondary');
    await engine.toShares();
    for (const index of [1, 2]) {
      await engine.beginTurn(index);
      await engine.submitShare({ text: ceremony.shares[index - 1]! });
      await engine.nextCustodian();
    }
    engine.onSnapshot((snapshot) => {
      if (snapshot?.view.step === 'device-steps' && snapshot.view.files[0]?.status === 'imported')
        transports.at(-1)!.unplug();
    });
    await engine.runDeviceSteps();
    await engine.cancel();
    const lines = await events(ceremony.folderPath);
    expectBothSurveys(lines, taken);
  });

  it('the verification: warnings on its first screen, both surveys before the verification is recorded', async () => {
    await restoreFromFiles({
      folderPath: ceremony.folderPath,
      access: devices(),
      deviceId: 'sim:secondary',
      shares: [
        { path: '1.txt', text: ceremony.shares[0]! },
        { path: '2.txt', text: ceremony.shares[1]! },
      ],
      proof: { credential: { password: APP_PASSWORD } },
    });
    const { source, taken } = surveys();
    const engine = new VerifyEngine({
      devices: devices(),
      logger: logger(),
      toolVersion: '0.0.0-test',
      airGap: source,
    });
    expect((await engine.start()).airGapWarnings).toEqual(WARNINGS);
    await engine.chooseFolder(ceremony.folderPath);
    await engine.chooseSecondary('sim:secondary');
    await engine.authenticate(APP_PASSWORD);
    expect((await engine.run()).view).toMatchObject({ step: 'result', allMatch: true });
    const lines = await events(ceremony.folderPath);
    const verified = lines.map((line) => line.event).lastIndexOf('clone-verified');
    expectBothSurveys(lines.slice(verified - 2), taken);
    expect(lines[verified - 1]?.event).toBe('air-gap-end');
  });
});
