// The verification engine driven the way the screens drive it, intent by intent, against real
// simulators: a ceremony's primary and a secondary restored from two custodians' shares. Intents
// out of order answered with sentences, the snapshot at each step, a wrong application-key
// password (refused and asked for again), the clone unplugged mid-run (nothing recorded, run
// again), the derived keys wiped when no longer needed — and no snapshot, event, log line,
// record or report ever carrying the password.

import { appendFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  VerifySnapshotSchema,
  type VerifySnapshot,
} from '../../../shared/ceremony/verify-snapshot';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import type { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { Refusal } from '../../refusal/refusal';
import { createLogger } from '../../log/logger';
import { CeremonyFolder } from '../../records/ceremony-folder';
import type * as DerivedCredential from '../common/derived-credential';
import type { HeldCredential } from '../common/derived-credential';
import {
  APP_PASSWORD,
  PRIMARY_SERIAL,
  SECONDARY_SERIAL,
  initializeCeremony,
  simulatorAccess,
  type InitializedCeremony,
} from '../common/testing/initialized-ceremony';
import { restoreFromFiles } from '../restore/restore-from-files';
import type { ReportToShow } from '../../print/report-viewer';
import { VerifyEngine } from './verify-engine';

// Every credential the engine derives, to see it wiped (the real derivation runs; this only watches).
const held = vi.hoisted(() => [] as HeldCredential[]);
vi.mock('../common/derived-credential', async (importOriginal) => {
  const actual = await importOriginal<typeof DerivedCredential>();
  return {
    ...actual,
    holdCredential: async (...args: Parameters<typeof actual.holdCredential>) => {
      const credential = await actual.holdCredential(...args);
      held.push(credential);
      return credential;
    },
  };
});

const WRONG_PASSWORD = 'not the application key passphrase';
const isWiped = (credential: HeldCredential) =>
  [...credential.keys.encryptionKey, ...credential.keys.macKey].every((byte) => byte === 0);

let dir: string;
let ceremony: InitializedCeremony;
let secondary: SimulatedYubiHsm;
/** The next transport opened to the clone drops out after this many exchanges (see unplugSecondaryAfter). */
let dropAfter: number | undefined;
let engine: VerifyEngine;
let seen: (VerifySnapshot | null)[];
let logLines: string[];
/** What the engine handed its report viewer. */
let shownReports: ReportToShow[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-verify-engine-'));
  ceremony = await initializeCeremony(join(dir, 'ceremony'));
  secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  dropAfter = undefined;
  const simulators = simulatorAccess({
    'sim:primary': { device: ceremony.primary },
    'sim:secondary': { device: secondary },
  });
  const access = {
    ...simulators,
    async openTransport(id: string) {
      const transport = await simulators.openTransport(id);
      if (id === 'sim:secondary' && dropAfter !== undefined) dropsOut(transport, dropAfter);
      dropAfter = undefined;
      return transport;
    },
  };
  await restoreFromFiles({
    folderPath: ceremony.folderPath,
    access,
    deviceId: 'sim:secondary',
    shares: [
      { path: '1-ada.txt', text: ceremony.shares[0]! },
      { path: '2-grace.txt', text: ceremony.shares[1]! },
    ],
    proof: { credential: { password: APP_PASSWORD } },
  });
  held.length = 0;
  logLines = [];
  shownReports = [];
  engine = new VerifyEngine({
    devices: access,
    logger: createLogger({ sinks: [{ write: (line) => void logLines.push(line) }] }),
    toolVersion: '0.1.0',
    clock: () => new Date('2026-06-01T10:10:00.000Z'),
    reportViewer: {
      async open(report) {
        shownReports.push(report);
        return { kind: 'page', url: `/print/report/${'r'.repeat(43)}` };
      },
    },
  });
  seen = [];
  engine.onSnapshot((snapshot) => seen.push(snapshot));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** The code and sentence of the Refusal an intent is refused with. */
async function refusal(intent: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await intent;
  } catch (error) {
    if (error instanceof Refusal) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the intent was not refused');
}

async function readyToRun(password = APP_PASSWORD): Promise<VerifySnapshot> {
  await engine.start();
  await engine.chooseFolder(ceremony.folderPath);
  await engine.chooseSecondary('sim:secondary');
  return engine.authenticate(password);
}

/** The clone is pulled out just before exchange number `exchanges + 1`: the exchange fails as USB does. */
function dropsOut(transport: SimulatorTransport, exchanges: number): void {
  const exchange = transport.transceive.bind(transport);
  let count = 0;
  transport.transceive = (frame) => {
    count += 1;
    if (count > exchanges) transport.unplug();
    return exchange(frame);
  };
}

async function recordText(): Promise<string> {
  return readFile(join(ceremony.folderPath, 'ceremony.json'), 'utf8');
}

describe('the verification engine', () => {
  it('answers intents out of order with a sentence saying where the verification is', async () => {
    expect(await refusal(engine.chooseSecondary('sim:secondary'))).toEqual({
      code: 'conflict',
      message: 'There is no verification under way to choose the secondary; start one first.',
    });
    await engine.start();
    expect(await refusal(engine.start())).toEqual({
      code: 'conflict',
      message:
        'A verification is already under way (at Ceremony folder); continue it, or cancel it first.',
    });
    expect(await refusal(engine.chooseSecondary('sim:secondary'))).toEqual({
      code: 'conflict',
      message:
        'You can only choose the secondary at the Devices step; this verification is at Ceremony folder.',
    });
    expect(await refusal(engine.run())).toEqual({
      code: 'conflict',
      message:
        'You can only verify the clone at the Devices step; this verification is at Ceremony folder.',
    });
    const mistyped = join(dir, 'no-such-folder');
    expect(await refusal(engine.chooseFolder(mistyped))).toEqual({
      code: 'invalid-input',
      message: `${mistyped} is not a folder on this computer: check the path, and give the ceremony folder as a full path.`,
    });
    await engine.chooseFolder(ceremony.folderPath);
    expect(await refusal(engine.run())).toEqual({
      code: 'conflict',
      message: 'Choose the secondary (the clone) first.',
    });
    expect(await refusal(engine.chooseSecondary('sim:gone'))).toEqual({
      code: 'device-missing',
      message:
        'That device is not connected. Plug it in, wait until it appears in the list, and choose it again.',
    });
    // The primary chosen as the clone is refused when it is chosen, leaving the choice open.
    expect(await refusal(engine.chooseSecondary('sim:primary'))).toEqual({
      code: 'conflict',
      message: `The device chosen as the clone (serial ${PRIMARY_SERIAL}) is the primary itself. Plug in the secondary and choose it.`,
    });
    expect(engine.current()?.secondary).toBeUndefined();
    await engine.chooseSecondary('sim:secondary');
    expect(await refusal(engine.choosePrimary('sim:secondary'))).toEqual({
      code: 'conflict',
      message: `The device chosen as the primary (serial ${SECONDARY_SERIAL}) is the clone itself. Choose the primary, or compare with the record.`,
    });
    expect(await refusal(engine.run())).toEqual({
      code: 'conflict',
      message: "Give the application key's password first.",
    });
    expect(await refusal(engine.authenticate(''))).toEqual({
      code: 'invalid-input',
      message: "Type the application key's password.",
    });
  });

  it('without a record, needs the live primary and the application key’s id', async () => {
    const loose = join(dir, 'no-record');
    await mkdir(loose);
    await engine.start();
    expect((await engine.chooseFolder(loose)).view).toEqual({
      step: 'devices',
      needsPrimary: true,
      passwordGiven: false,
    });
    await engine.chooseSecondary('sim:secondary');
    expect(await refusal(engine.authenticate(APP_PASSWORD))).toEqual({
      code: 'invalid-input',
      message:
        'Name the application authentication key (its id); the folder has no record that says which it is.',
    });
    await engine.authenticate(APP_PASSWORD, 3);
    expect(await refusal(engine.run())).toEqual({
      code: 'conflict',
      message:
        'This folder has no Custos record, so the live primary is needed to compare with: choose it first.',
    });
  });

  it('shows each step and ends with the comparison, every matching row showing what was checked', async () => {
    const started = await engine.start();
    expect(started).toMatchObject({
      steps: { current: 'source', done: [] },
      rehearsal: false,
      view: { step: 'source' },
    });
    const devices = await engine.chooseFolder(ceremony.folderPath);
    expect(devices).toMatchObject({
      folder: ceremony.folderPath,
      ceremonyName: 'Payments HSM rehearsal',
      rehearsal: true,
      view: { step: 'devices', suggestedAuthKeyId: 3, needsPrimary: false, passwordGiven: false },
    });
    const clone = await engine.chooseSecondary('sim:secondary');
    expect(clone.secondary).toEqual({
      deviceId: 'sim:secondary',
      serial: SECONDARY_SERIAL,
      simulated: true,
    });
    expect((await engine.choosePrimary('sim:primary')).primary).toEqual({
      deviceId: 'sim:primary',
      serial: PRIMARY_SERIAL,
      simulated: true,
    });
    expect((await engine.choosePrimary(null)).primary).toBeUndefined();
    const ready = await engine.authenticate(APP_PASSWORD);
    expect(ready.view).toMatchObject({ step: 'devices', passwordGiven: true });

    const result = await engine.run();
    expect(result.steps).toEqual({ current: 'result', done: ['source', 'devices'], skipped: [] });
    expect(result.view).toMatchObject({
      step: 'result',
      against: 'record',
      allMatch: true,
      signatures: [],
      report: 'verification-20260601-101000-7550002.html',
    });
    const view = result.view.step === 'result' ? result.view : undefined;
    expect(view?.summary).toBe(
      'The clone matches: 3 objects match, 0 signing keys verified. Report: verification-20260601-101000-7550002.html.',
    );
    expect(view?.objects.map((o) => [o.type, o.objectId, o.status])).toEqual([
      ['wrap-key', 2, 'match'],
      ['authentication-key', 3, 'match'],
      ['authentication-key', 4, 'match'],
    ]);
    const wrapKey = view?.objects.find((o) => o.type === 'wrap-key');
    expect(wrapKey?.expected?.map((e) => e.field)).toEqual([
      'algorithm',
      'label',
      'domains',
      'capabilities',
      'delegated capabilities',
    ]);
    expect(wrapKey?.expected?.find((e) => e.field === 'capabilities')).toEqual({
      field: 'capabilities',
      value: '0x0000000000003000',
      names: ['export-wrapped', 'import-wrapped'],
    });
    expect(view?.transcriptHead).toBe(
      (await CeremonyFolder.open(ceremony.folderPath)).transcript.head,
    );
    expect(
      seen.some((s) => s?.busy === 'Comparing the clone with the primary and checking signatures'),
    ).toBe(true);

    expect(await refusal(engine.run())).toEqual({
      code: 'conflict',
      message: 'This verification is complete; close it, or start a new one.',
    });
    await expect(engine.close()).resolves.toBeNull();
    expect(engine.current()).toBeNull();
    expect(seen.at(-1)).toBeNull();

    const all = [started, devices, clone, ready, result, ...seen.filter((s) => s !== null)];
    for (const snapshot of all) expect(VerifySnapshotSchema.safeParse(snapshot).success).toBe(true);
    const report = await readFile(join(ceremony.folderPath, view!.report), 'utf8');
    const text = JSON.stringify(all) + logLines.join('\n') + report + (await recordText());
    expect(text).not.toContain(APP_PASSWORD);
  });

  it('refuses a wrong password at the run with a sentence, forgets it, and asks for it again', async () => {
    await readyToRun(WRONG_PASSWORD);
    const before = await recordText();
    expect(await refusal(engine.run())).toEqual({
      code: 'wrong-password',
      message: `Authentication key 0x0003 did not open a session on the secondary (serial ${SECONDARY_SERIAL}): check the key id and its password.`,
    });
    expect(engine.current()).toMatchObject({
      steps: { current: 'devices' },
      view: { step: 'devices', passwordGiven: false },
    });
    expect(isWiped(held[0]!)).toBe(true);
    expect(await refusal(engine.run())).toEqual({
      code: 'conflict',
      message: "Give the application key's password first.",
    });
    expect(await recordText()).toBe(before);

    await engine.authenticate(APP_PASSWORD);
    expect((await engine.run()).view).toMatchObject({ step: 'result', allMatch: true });
    expect(JSON.stringify(seen) + logLines.join('\n')).not.toContain(WRONG_PASSWORD);
  });

  it('when the clone is unplugged mid-run, records nothing, says so, and verifies when run again', async () => {
    await readyToRun();
    const before = await recordText();
    const reports = async () =>
      (await readdir(ceremony.folderPath)).filter((name) => name.startsWith('verification-'));
    // Device info, create and authenticate session, list objects: then it is gone mid-inventory.
    dropAfter = 4;
    const dropped = await engine.run();
    expect(dropped).toMatchObject({
      steps: { current: 'devices' },
      view: { step: 'devices', passwordGiven: true },
    });
    expect(dropped.problem?.message).toBe(
      'The secondary stopped answering (it was unplugged, or its connection dropped) before the comparison was complete, so nothing was recorded. Plug it back in, wait until it is listed again, and verify again.',
    );
    expect(await recordText()).toBe(before);
    expect(await reports()).toEqual([]);

    const again = await engine.run();
    expect(again.view).toMatchObject({ step: 'result', allMatch: true });
    expect(again.problem).toBeUndefined();
    expect(await reports()).toEqual(['verification-20260601-101000-7550002.html']);
  });

  it('wipes the derived keys once they are no longer needed: a replaced password, after the run, on close and on shutdown', async () => {
    await readyToRun();
    await engine.authenticate(APP_PASSWORD);
    expect(held.map(isWiped)).toEqual([true, false]);
    await engine.run();
    expect(held.map(isWiped)).toEqual([true, true]);
    await engine.close();

    await readyToRun();
    await engine.close();
    expect(isWiped(held.at(-1)!)).toBe(true);

    await readyToRun();
    await engine.shutdown();
    expect(isWiped(held.at(-1)!)).toBe(true);
    expect(engine.current()?.view).toMatchObject({ step: 'devices', passwordGiven: false });
  });
});

describe('opening the printable report (verify/open-report)', () => {
  it('refuses while no verification has finished: none started, and one still at its devices', async () => {
    const none = await refusal(engine.openReport('no-such-session'));
    expect(none.code).toBe('conflict');
    expect(none.message).toMatch(/^No verification has finished here/);
    const ready = await readyToRun();
    const early = await refusal(engine.openReport(ready.ceremonyId));
    expect(early).toEqual(none);
    expect(shownReports).toEqual([]);
    // Refused without harm: the run still goes and the report then opens.
    const result = await engine.run();
    expect(result.view.step).toBe('result');
    const { opened, snapshot } = await engine.openReport(result.ceremonyId);
    expect(opened).toEqual({ kind: 'page', url: `/print/report/${'r'.repeat(43)}` });
    expect(snapshot).toEqual(result);
  });

  it('shows the very file this verification wrote, chosen by main from the ceremony id alone', async () => {
    await readyToRun();
    const result = await engine.run();
    if (result.view.step !== 'result') throw new Error('not at the result');
    await engine.openReport(result.ceremonyId);
    await engine.openReport(result.ceremonyId);
    expect(shownReports).toHaveLength(2);
    const path = join(ceremony.folderPath, result.view.report);
    expect(shownReports[0]!.path).toBe(path);
    expect(shownReports[0]!.html).toBe(await readFile(path, 'utf8'));
    expect(shownReports[0]!.html).toContain(`${SECONDARY_SERIAL}`);
  });

  it('refuses a replayed ceremony id: an earlier verification’s, after it was closed and another ran', async () => {
    await readyToRun();
    const first = await engine.run();
    await engine.close();
    expect((await refusal(engine.openReport(first.ceremonyId))).message).toMatch(
      /^No verification has finished here/,
    );
    const second = await (async () => {
      await readyToRun();
      return engine.run();
    })();
    expect(second.ceremonyId).not.toBe(first.ceremonyId);
    const replayed = await refusal(engine.openReport(first.ceremonyId));
    expect(replayed).toEqual({
      code: 'conflict',
      message:
        'That report belongs to an earlier verification, not the one on screen. Open the report from the result shown now.',
    });
    expect(shownReports).toEqual([]);
    await engine.openReport(second.ceremonyId);
    if (second.view.step !== 'result') throw new Error('not at the result');
    expect(shownReports.map((shown) => shown.path)).toEqual([
      join(ceremony.folderPath, second.view.report),
    ]);
  });

  it('refuses a report changed or removed since it was written, saying to verify again', async () => {
    await readyToRun();
    const result = await engine.run();
    if (result.view.step !== 'result') throw new Error('not at the result');
    const path = join(ceremony.folderPath, result.view.report);
    await appendFile(path, '<p>added later</p>');
    const changed = await refusal(engine.openReport(result.ceremonyId));
    expect(changed.code).toBe('io-error');
    expect(changed.message).toBe(
      `${result.view.report} has been changed since Custos wrote it, so it is not shown. Verify the clone again to write a new report.`,
    );
    await rm(path);
    expect((await refusal(engine.openReport(result.ceremonyId))).message).toMatch(
      /could not be read from the ceremony folder/,
    );
    expect(shownReports).toEqual([]);
  });
});
