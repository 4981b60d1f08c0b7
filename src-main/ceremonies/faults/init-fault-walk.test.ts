// Fault injection at every device command of the initialization (issue 14 §7): the simulated
// primary fails, or is disconnected after doing the work, at command k, for every k the
// ceremony sends. Each run must end finished, or resumable and finishing when resumed, or
// cleanly stopped with a sentence; the device must hold exactly what the record says; and the
// ceremony folder must never hold a half-written file.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InitPlanInput } from '../../../shared/ceremony/init-plan';
import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator';
import { FaultInjectingDevice, type FaultKind } from '../../hsm/yubihsm/transport/fault-injection';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { TempFolders } from '../../testing/temp-folders';
import { faultyDevices } from './faulty-devices';
import { InitEngine } from '../init/init-engine';
import { driveShares, runDeviceSteps, view } from '../init/testing/drive';

const temp = new TempFolders('custos-fault-walk-');
afterEach(() => temp.removeAll());

const ID = 'sim:primary';
const APP_PASSWORD = 'fault walk password 1';
const PLAN: InitPlanInput = {
  ceremony: 'Fault walk',
  custodians: ['Ann', 'Bob'],
  threshold: 2,
  domains: [1],
  wrapKey: { id: 0 },
  applicationKey: { id: 0 },
  shareConfirmation: 'none',
};

interface WalkResult {
  snapshot: InitSnapshot;
  /** What the ceremony said when the fault hit, if it said anything. */
  said: string[];
  folder: string;
  simulator: SimulatedYubiHsm;
}

/** The whole ceremony, recovering the way the screens offer: choose again, run the steps again. */
async function walk(fault: { atCommand: number; kind: FaultKind } | undefined): Promise<{
  result: WalkResult;
  device: FaultInjectingDevice;
}> {
  const simulator = await SimulatedYubiHsm.create({ serial: 12_345_678 });
  const device = new FaultInjectingDevice(simulator, fault);
  const engine = new InitEngine({
    devices: faultyDevices(ID, device),
    logger: createLogger({ sinks: [] }),
    toolVersion: '0.0.0-test',
    network: () => ({ airGapped: true, interfaces: [] }),
  });
  const folder = join(temp.make(), 'ceremony');
  const said: string[] = [];
  await engine.start();
  for (let attempt = 0; ; attempt += 1) {
    const checked = view(await engine.choosePrimary(ID), 'preflight').primary;
    if (checked?.state === 'factory-fresh') break;
    said.push(checked && 'message' in checked ? checked.message : String(checked?.state));
    if (attempt > 2) throw new Error(`the primary never came back: ${said.join(' / ')}`);
    await device.reconnect();
  }
  await engine.toPlan();
  await engine.updatePlan(PLAN as Record<string, unknown>);
  await engine.setPassword('application', APP_PASSWORD, APP_PASSWORD);
  await engine.setFolder(folder);
  view(await engine.toReview(), 'review');
  // Beginning asks the device for random bytes; a fault there leaves the review standing.
  for (let attempt = 0; ; attempt += 1) {
    const begun = await engine.begin();
    if (begun.view.step === 'shares') break;
    said.push(begun.problem?.message ?? 'no sentence');
    if (attempt > 2) throw new Error(`the ceremony never began: ${said.join(' / ')}`);
    await device.reconnect();
  }
  await driveShares(engine);
  let snapshot = await runDeviceSteps(engine);
  for (let attempt = 0; snapshot.view.step !== 'record'; attempt += 1) {
    said.push(snapshot.problem?.message ?? 'no sentence');
    if (attempt > 2) break;
    await device.reconnect();
    snapshot = await runDeviceSteps(engine);
  }
  return { result: { snapshot, said, folder, simulator }, device };
}

/** What the record says is on the primary, against what the primary holds. */
async function expectDeviceAsRecorded(result: WalkResult): Promise<void> {
  const record = JSON.parse(readFileSync(join(result.folder, 'ceremony.json'), 'utf8')) as {
    inventory?: { id: number; type: string }[];
  };
  const appKeyId = record.inventory?.find(
    (object) => object.type === 'authentication-key' && object.id !== 1,
  )?.id;
  if (appKeyId === undefined) throw new Error('the record names no application key');
  const onDevice = await inSession(
    new SimulatorTransport(result.simulator),
    appKeyId,
    APP_PASSWORD,
    (session) => session.listObjects(),
  );
  const recorded = (record.inventory ?? []).map((object) => object.id).sort();
  expect(onDevice.map((object) => object.id).sort()).toEqual(recorded);
}

function expectNoHalfWrittenFile(folder: string): void {
  const names = readdirSync(folder);
  expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8'));
}

describe('a device fault at every command of the initialization', () => {
  it(
    'ends finished, or resumed to finished, with the device as the record says',
    { timeout: 600_000 },
    async () => {
      const clean = await walk(undefined);
      expect(clean.result.snapshot.view.step).toBe('record');
      const commands = clean.device.commands;
      expect(commands).toBeGreaterThan(10);
      await expectDeviceAsRecorded(clean.result);

      for (const kind of ['fail', 'disconnect'] as const) {
        for (let k = 1; k <= commands; k += 1) {
          const { result, device } = await walk({ atCommand: k, kind });
          const where = `${kind} at command ${k} of ${commands}`;
          expect(device.faulted, where).toBe(true);
          expect(result.snapshot.view.step, `${where}: ${result.said.join(' / ')}`).toBe('record');
          // Whatever happened was said in a sentence, never raw error text.
          for (const sentence of result.said)
            expect(sentence, where).not.toMatch(/Error:|at .*\.ts:/);
          expectNoHalfWrittenFile(result.folder);
          await expectDeviceAsRecorded(result);
        }
      }
    },
  );
});
