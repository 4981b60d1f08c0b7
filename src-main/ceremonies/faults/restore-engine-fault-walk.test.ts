// Fault injection at every device command of the restore as the screens drive it (issue 14 §7):
// the restore engine, intent by intent, the secondary failing or disconnected after doing the
// work at command k — whether k falls in the secondary's check or in the device steps. The
// person does what the screen offers: choose the secondary again, run the device steps again
// once the device is back, or, when the screen offers no retry, cancel. Each run ends finished
// (a clone holding what the record lists, the factory key gone), or stopped with a sentence and
// a record entry that describes the device as it is; never a half-written file.

import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestoreSnapshot } from '../../../shared/ceremony/restore-snapshot';
import { formatCheckedLine, toCheckedLines } from '../../../shared/shares/checked-lines';
import { inSession } from '../../hsm/yubihsm/client/test-support/in-session';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator';
import { FACTORY_KEY_ID, FACTORY_PASSWORD } from '../../hsm/yubihsm/protocol/factory-state';
import { FaultInjectingDevice, type FaultKind } from '../../hsm/yubihsm/transport/fault-injection';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { TempFolders } from '../../testing/temp-folders';
import {
  APP_KEY_ID,
  APP_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
  type InitializedCeremony,
} from '../common/testing/initialized-ceremony';
import { RestoreEngine } from '../restore/restore-engine';
import { faultyDevices } from './faulty-devices';

const temp = new TempFolders('custos-restore-engine-fault-walk-');
const ID = 'sim:secondary';
let ceremony: InitializedCeremony;

beforeAll(async () => {
  ceremony = await initializeCeremony(join(temp.make(), 'ceremony'));
});
afterAll(() => temp.removeAll());

interface RecordedRestore {
  status: string;
  factoryKey: string;
}

interface Walked {
  end: RestoreSnapshot;
  device: FaultInjectingDevice;
  secondary: SimulatedYubiHsm;
  folder: string;
  said: string[];
}

function lines(share: string): string[] {
  return toCheckedLines(share).map(formatCheckedLine);
}

/**
 * One restore with a fault at command k. `password`: the application key's password is given up
 * front (as the screen offers); without it, it is given only when the screen asks for it.
 */
async function walk(
  fault: { atCommand: number; kind: FaultKind } | undefined,
  password = true,
  cancelWhenAsked = false,
): Promise<Walked> {
  const folder = join(temp.make(), 'ceremony');
  await cp(ceremony.folderPath, folder, { recursive: true });
  const secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  const device = new FaultInjectingDevice(secondary, fault);
  const engine = new RestoreEngine({
    devices: faultyDevices(ID, device),
    logger: createLogger({ sinks: [] }),
  });
  const said: string[] = [];
  await engine.start();
  await engine.chooseFolder(folder);
  let chosen = await engine.chooseSecondary(ID);
  // The secondary's check was refused: the screen offers choosing it again once it is back.
  for (let tries = 0; chosen.view.step === 'secondary' && tries < 3; tries += 1) {
    const check = chosen.view.check;
    if (check?.state === 'factory-fresh' || check?.state === 'resume') break;
    said.push(check && 'message' in check ? String(check.message) : JSON.stringify(check));
    await device.reconnect();
    chosen = await engine.chooseSecondary(ID);
  }
  await engine.toShares();
  await engine.beginTurn(1);
  await engine.submitShare({ lines: lines(ceremony.shares[0]!) });
  await engine.nextCustodian();
  await engine.beginTurn(2);
  await engine.submitShare({ text: ceremony.shares[1]! });
  await engine.nextCustodian();
  if (password) await engine.setApplicationKey(APP_PASSWORD);
  let end = await engine.runDeviceSteps();
  for (let tries = 0; end.view.step === 'device-steps' && tries < 4; tries += 1) {
    said.push(end.problem?.message ?? 'no sentence');
    if (!end.view.canRetry) break;
    if (cancelWhenAsked && end.view.applicationKey?.passwordNeeded) break;
    await device.reconnect();
    if (end.view.applicationKey?.passwordNeeded) await engine.setApplicationKey(APP_PASSWORD);
    end = await engine.runDeviceSteps();
  }
  // Still at the device steps with nothing to run again: the person cancels, as the screen offers.
  if (end.view.step === 'device-steps') end = await engine.cancel();
  await device.reconnect();
  return { end, device, secondary, folder, said };
}

async function recorded(folder: string) {
  const record = JSON.parse(await readFile(join(folder, 'ceremony.json'), 'utf8')) as {
    inventory: { id: number }[];
    restores?: RecordedRestore[];
  };
  return record;
}

/** What the secondary holds, as an officer would list it (application key, else factory key). */
async function onSecondary(secondary: SimulatedYubiHsm) {
  const transport = () => new SimulatorTransport(secondary);
  const list = (id: number, password: string) =>
    inSession(transport(), id, password, (s) => s.listObjects()).then(
      (objects) => [...new Set(objects.map((o) => o.id))].sort((a, b) => a - b),
      () => undefined,
    );
  return {
    withApplicationKey: await list(APP_KEY_ID, APP_PASSWORD),
    withFactoryKey: await list(FACTORY_KEY_ID, FACTORY_PASSWORD),
  };
}

async function expectNoHalfWrittenFile(folder: string, where: string) {
  const names = await readdir(folder, { recursive: true });
  expect(
    names.filter((name) => name.endsWith('.tmp')),
    where,
  ).toEqual([]);
}

async function runWalk(password: boolean): Promise<void> {
  const clean = await walk(undefined, password);
  expect(clean.end.view).toMatchObject({ step: 'finished', status: 'completed' });
  const commands = clean.device.commands;
  expect(commands).toBeGreaterThan(5);
  const recordedIds = (await recorded(clean.folder)).inventory
    .map((object) => object.id)
    .filter((id) => id !== FACTORY_KEY_ID)
    .sort((a, b) => a - b);
  expect((await onSecondary(clean.secondary)).withApplicationKey).toEqual(recordedIds);
  const stopped: string[] = [];
  for (const kind of ['fail', 'disconnect'] as const) {
    for (let k = 1; k <= commands; k += 1) {
      const { end, device, secondary, folder, said } = await walk({ atCommand: k, kind }, password);
      const where = `${kind} at command ${k} of ${commands}: ${said.join(' / ')}`;
      expect(device.faulted, where).toBe(true);
      await expectNoHalfWrittenFile(folder, where);
      const last = (await recorded(folder)).restores?.at(-1);
      const holds = await onSecondary(secondary);
      if (end.view.step === 'finished') {
        expect(end.view.status, where).toBe('completed');
        expect(last, where).toMatchObject({ status: 'completed', factoryKey: 'deleted' });
        expect(holds, where).toEqual({
          withApplicationKey: recordedIds,
          withFactoryKey: undefined,
        });
        continue;
      }
      stopped.push(where);
      // Stopped: said so, and the record's last restore says what the device holds.
      expect(end.stopped, where).toMatchObject({ status: 'failed' });
      expect(said.at(-1), where).toMatch(/\S/);
      if (last?.factoryKey === 'kept') expect(holds.withFactoryKey, where).toBeDefined();
      if (last?.factoryKey === 'deleted') expect(holds.withFactoryKey, where).toBeUndefined();
    }
  }
  // Every fault ends in a finished restore, even a factory-key delete whose answer was lost
  // (lost-factory-key-answer.ts): the application key's password, given up front or when the
  // screen asks for it, shows the cut-short attempt finished.
  expect(stopped).toEqual([]);
}

describe('a device fault at every command of the restore the screens drive', () => {
  it(
    'ends in a finished restore the record describes, with the password given up front',
    { timeout: 900_000 },
    () => runWalk(true),
  );
  it(
    'ends in a finished restore the record describes, with the password given when asked',
    { timeout: 900_000 },
    () => runWalk(false),
  );

  it('records the factory key as unknown when the officer cancels instead of giving the password', async () => {
    const clean = await walk(undefined, false);
    const commands = clean.device.commands;
    let found = false;
    for (let k = commands; k >= 1 && !found; k -= 1) {
      const run = await walk({ atCommand: k, kind: 'disconnect' }, false, true);
      if (!run.said.some((sentence) => /cut short while deleting it/.test(sentence))) continue;
      found = true;
      expect(run.end.stopped).toMatchObject({ status: 'failed', deviceTouched: true });
      const last = (await recorded(run.folder)).restores?.at(-1);
      expect(last).toMatchObject({ status: 'incomplete', factoryKey: 'unknown' });
      expect((await onSecondary(run.secondary)).withFactoryKey).toBeUndefined();
      // A new restore onto it is told an earlier one may have finished there.
      const again = new RestoreEngine({
        devices: faultyDevices(ID, run.device),
        logger: createLogger({ sinks: [] }),
      });
      await again.start();
      await again.chooseFolder(run.folder);
      const check = (await again.chooseSecondary(ID)).view;
      expect(JSON.stringify(check)).toMatch(/may have deleted its factory key/);
    }
    expect(found).toBe(true);
  });
});
