// The restore engine driven the way the screens drive it, intent by intent, against real
// simulators: custodian turns (handover, entry, cleared), shares typed as checked lines or
// pasted, refusals that name the custodian, recombination, device steps with progress events,
// an unplug and a resume, whose shares rebuilt the key, the entry's idle period from the record
// — and no snapshot or event ever carrying a share or a password.

import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RestoreSnapshot } from '../../../shared/ceremony/restore-snapshot';
import { RestoreSnapshotSchema } from '../../../shared/ceremony/restore-snapshot';
import { formatCheckedLine, toCheckedLines } from '../../../shared/shares/checked-lines';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import type { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { createLogger } from '../../log/logger';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { encodeWrapSecret, splitForSetup } from '../../secrets';
import { checkTranscript } from '../../records/transcript';
import {
  APP_PASSWORD,
  PRIMARY_SERIAL,
  SECONDARY_SERIAL,
  initializeCeremony,
  simulatorAccess,
  type InitializedCeremony,
} from '../common/testing/initialized-ceremony';
import { ShareCollector } from '../common/share-collection';
import { RestoreEngine } from './restore-engine';

let dir: string;
let ceremony: InitializedCeremony;
let secondary: SimulatedYubiHsm;
let transports: SimulatorTransport[];
let engine: RestoreEngine;
let seen: (RestoreSnapshot | null)[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-restore-engine-'));
  ceremony = await initializeCeremony(join(dir, 'ceremony'));
  secondary = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  transports = [];
  engine = new RestoreEngine({
    devices: simulatorAccess({
      'sim:secondary': { device: secondary, transports },
      'sim:primary': { device: ceremony.primary },
    }),
    logger: createLogger({ sinks: [] }),
  });
  seen = [];
  engine.onSnapshot((snapshot) => seen.push(snapshot));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

function lines(share: string): string[] {
  return toCheckedLines(share).map(formatCheckedLine);
}

async function toShares(): Promise<RestoreSnapshot> {
  await engine.start();
  await engine.chooseFolder(ceremony.folderPath);
  const checked = await engine.chooseSecondary('sim:secondary');
  expect(checked.view).toMatchObject({
    step: 'secondary',
    check: { state: 'factory-fresh', serial: SECONDARY_SERIAL },
  });
  return engine.toShares();
}

async function enterTwoShares(): Promise<RestoreSnapshot> {
  await toShares();
  await engine.beginTurn(1);
  await engine.submitShare({ lines: lines(ceremony.shares[0]!) });
  await engine.nextCustodian();
  await engine.beginTurn(3);
  await engine.submitShare({ text: `  ${ceremony.shares[2]!}\n` });
  return engine.nextCustodian();
}

function expectNoSecrets(snapshots: unknown[]): void {
  const text = JSON.stringify(snapshots);
  for (const share of ceremony.shares) {
    expect(text).not.toContain(share.slice(4, 24));
    for (const line of toCheckedLines(share)) expect(text).not.toContain(line.text);
  }
  expect(text).not.toContain(APP_PASSWORD);
  expect(text).not.toContain(Buffer.from(ceremony.wrapKey).toString('hex'));
}

describe('the restore engine', () => {
  it('takes the custodians in turns, rebuilds the key, restores the secondary, and never shows a share', async () => {
    const atShares = await toShares();
    expect(atShares.view).toMatchObject({
      step: 'shares',
      phase: 'handover',
      threshold: 2,
      format: 'yubihsm-setup',
      lineLengths: [16, 16, 16, 16, 10],
      custodians: [
        { index: 1, name: 'Ada Lovelace', entered: false },
        { index: 2, name: 'Grace Hopper', entered: false },
        { index: 3, name: 'Katherine Johnson', entered: false },
      ],
    });
    expect(atShares.source).toMatchObject({
      mode: 'record',
      ceremony: { threshold: 2, shareCount: 3, kcv: ceremony.kcv, primarySerial: PRIMARY_SERIAL },
    });

    await expect(engine.beginTurn()).rejects.toThrow(
      /Say which custodian is at the keyboard: one of share 1 \(Ada Lovelace\), share 2 \(Grace Hopper\), share 3 \(Katherine Johnson\)/,
    );
    expect((await engine.beginTurn(1)).view).toMatchObject({
      phase: 'entry',
      atKeyboard: { index: 1, name: 'Ada Lovelace' },
    });
    const cleared = await engine.submitShare({ lines: lines(ceremony.shares[0]!) });
    expect(cleared.view).toMatchObject({
      phase: 'cleared',
      accepted: [{ shareNumber: 1, name: 'Ada Lovelace' }],
    });
    expect(cleared.view).not.toHaveProperty('refusal');
    await expect(engine.submitShare({ text: ceremony.shares[1]! })).rejects.toThrow(
      /You cannot enter a share now: the shares step is at cleared/,
    );

    expect((await engine.nextCustodian()).view).toMatchObject({ phase: 'handover', turn: 2 });
    await engine.beginTurn(3);
    await engine.submitShare({ text: ceremony.shares[2]! });
    const recombined = await engine.nextCustodian();
    expect(recombined.view).toMatchObject({
      phase: 'recombined',
      recombined: {
        kcv: ceremony.kcv,
        matchesRecord: true,
        wrapKeyId: 2,
        domains: [1],
        capabilities: ['export-wrapped', 'import-wrapped'],
      },
    });

    await engine.setApplicationKey(APP_PASSWORD);
    const done = await engine.runDeviceSteps();
    expect(done.steps.current).toBe('finished');
    expect(done.view).toMatchObject({
      step: 'finished',
      status: 'completed',
      factoryKey: { decision: 'deleted' },
    });
    expect(done.view.step === 'finished' && done.view.files.map((f) => f.status)).toEqual([
      'imported',
      'imported',
    ]);
    const progress = seen.filter((s) => s?.view.step === 'device-steps');
    expect(progress.length).toBeGreaterThan(3);
    for (const snapshot of [...seen, done])
      expect(RestoreSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expectNoSecrets([...seen, done, recombined, cleared]);

    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.restores).toMatchObject([
      { status: 'completed', shareNumbers: [1, 3], applicationKeyProven: true },
    ]);

    // The KSP hand-off for this secondary, from the result screen (issue 12 §6).
    expect(done.view).toMatchObject({ canWriteKspHandoff: true });
    const handed = await engine.writeKspHandoff('http://127.0.0.1:12346');
    expect(handed.view).toMatchObject({
      kspHandoff: {
        files: [
          `ksp-handoff-${SECONDARY_SERIAL}.reg`,
          `ksp-handoff-${SECONDARY_SERIAL}-connector.yaml`,
          `ksp-handoff-${SECONDARY_SERIAL}.html`,
        ],
        summary: expect.stringMatching(
          new RegExp(
            `^Written for YubiHSM 2 serial ${SECONDARY_SERIAL}: ConnectorURL http://127\\.0\\.0\\.1:12346, AuthKeysetID 3`,
          ),
        ),
      },
    });
    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    expect(transcript.ok && transcript.lines.at(-1)!.event).toBe('ksp-handoff-written');
    expect(handed.view.step === 'finished' && handed.view.transcriptHead).toBe(
      transcript.ok && transcript.head,
    );
    await expect(engine.start()).resolves.toMatchObject({ steps: { current: 'source' } });
  });

  it('accepts a share set re-split from the recorded key, saying on screen the shares are not the recorded ones (issue 12 §5)', async () => {
    const secret = encodeWrapSecret({
      wrapKeyId: 2,
      domains: 1,
      capabilities: 0x3000n,
      delegatedCapabilities: 0x010539f0n,
      key: ceremony.wrapKey.slice(),
    });
    const again = splitForSetup(secret, 2, 3);
    secret.fill(0);
    await toShares();
    await engine.beginTurn(2);
    const first = await engine.submitShare({ text: again[1]! });
    expect(first.view).toMatchObject({ phase: 'cleared' });
    await engine.nextCustodian();
    await engine.beginTurn(3);
    await engine.submitShare({ text: again[2]! });
    const recombined = await engine.nextCustodian();
    expect(recombined.view).toMatchObject({
      phase: 'recombined',
      recombined: { kcv: ceremony.kcv, notRecorded: { matched: [], unmatched: [2, 3] } },
    });
    expect(recombined.view.step === 'shares' && recombined.view.recombined!.warnings[0]).toMatch(
      /^These shares are not the ones recorded at the ceremony: share 2 \(Grace Hopper\), share 3 \(Katherine Johnson\)/,
    );
    expectNoSecrets([first, recombined]);
    await engine.cancel();
  });

  it("refuses a mistyped line or the wrong custodian's share, keeps the turn open, and says why", async () => {
    await toShares();
    await engine.beginTurn(2);
    const typed = lines(ceremony.shares[1]!);
    typed[2] = typed[2]!.slice(0, 3) + (typed[2]![3] === 'x' ? 'y' : 'x') + typed[2]!.slice(4);
    const badLine = await engine.submitShare({ lines: typed });
    expect(badLine.view).toMatchObject({
      phase: 'entry',
      refusal: {
        line: 3,
        message:
          'Grace Hopper (share 2): Line 3 does not match its check character: look for a mistyped or swapped character on this line.',
      },
    });
    const wrongPerson = await engine.submitShare({ text: ceremony.shares[0]! });
    expect(wrongPerson.view).toMatchObject({
      phase: 'entry',
      refusal: {
        message: expect.stringMatching(
          /^Grace Hopper \(share 2\): This custodian holds share 2, but the share typed says number 1/,
        ),
      },
    });
    expect((await engine.abandonTurn()).view).toMatchObject({ phase: 'handover' });
    expectNoSecrets(seen);
  });

  it('refuses the primary as the secondary and will not go on to the shares', async () => {
    const twin = new RestoreEngine({
      devices: simulatorAccess({ 'sim:primary': { device: ceremony.primary } }),
      logger: createLogger({ sinks: [] }),
    });
    await twin.start();
    await twin.chooseFolder(ceremony.folderPath);
    const refused = await twin.chooseSecondary('sim:primary');
    expect(refused.view).toMatchObject({
      step: 'secondary',
      check: { state: 'refused', reason: 'is-primary' },
    });
    await expect(twin.toShares()).rejects.toThrow(/Choose a secondary that passes the check first/);
  });

  it('stops when the secondary is unplugged mid-import and resumes when run again', async () => {
    await enterTwoShares();
    let pulled = false;
    engine.onSnapshot((snapshot) => {
      if (
        !pulled &&
        snapshot?.view.step === 'device-steps' &&
        snapshot.view.files.filter((f) => f.status === 'imported').length === 1
      ) {
        pulled = true;
        transports.at(-1)!.unplug();
      }
    });
    const stopped = await engine.runDeviceSteps();
    expect(stopped.view).toMatchObject({ step: 'device-steps', canRetry: true });
    expect(stopped.problem?.message).toMatch(/^The secondary stopped answering \(it was unplugged/);

    const resumed = await engine.runDeviceSteps();
    expect(resumed.view).toMatchObject({ step: 'finished', status: 'completed' });
    expect(resumed.view.step === 'finished' && resumed.view.files.map((f) => f.status)).toEqual([
      'skipped',
      'imported',
    ]);
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.restores).toMatchObject([{ status: 'completed', resumed: true }]);
  });

  it('keeps the restore at the device steps when the application key password is refused, asks for it again, and finishes without calling the custodians back', async () => {
    await enterTwoShares();
    await engine.setApplicationKey('not the application password');
    const kept = await engine.runDeviceSteps();
    expect(kept.steps.current).toBe('device-steps');
    expect(kept.view).toMatchObject({
      step: 'device-steps',
      canRetry: true,
      applicationKey: { id: 3, passwordGiven: false, passwordNeeded: true },
      factoryKey: {
        decision: 'kept',
        reason: expect.stringMatching(
          /the password given does not open a session with it\. Give its password again and run the device steps again/,
        ),
      },
    });
    await expect(engine.runDeviceSteps()).rejects.toThrow(
      /^Give the application key's password again first/,
    );
    expect((await CeremonyFolder.open(ceremony.folderPath)).record.restores).toBeUndefined();

    await engine.setApplicationKey(APP_PASSWORD);
    const done = await engine.runDeviceSteps();
    expect(done.view).toMatchObject({
      step: 'finished',
      status: 'completed',
      factoryKey: { decision: 'deleted' },
    });
    expect(done.view.step === 'finished' && done.view.files.map((f) => f.status)).toEqual([
      'skipped',
      'skipped',
    ]);
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.restores).toMatchObject([
      { status: 'completed', applicationKeyProven: true, resumed: true },
    ]);
    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    expect(transcript.ok && transcript.lines.map((l) => l.event)).toContain('restore-interrupted');
    expectNoSecrets([...seen, kept, done]);
    expect(JSON.stringify([...seen, kept, done])).not.toContain('not the application password');
  });

  it('cancelling after the device was written records an incomplete restore', async () => {
    await enterTwoShares();
    engine.onSnapshot((snapshot) => {
      if (snapshot?.view.step === 'device-steps' && snapshot.view.files[0]?.status === 'imported')
        transports.at(-1)!.unplug();
    });
    await engine.runDeviceSteps();
    const cancelled = await engine.cancel();
    expect(cancelled.stopped).toEqual({
      status: 'failed',
      reason: 'The backup officer cancelled the restore.',
      deviceTouched: true,
    });
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    expect(folder.record.restores).toMatchObject([{ status: 'incomplete', factoryKey: 'kept' }]);
    await expect(engine.runDeviceSteps()).rejects.toThrow(/This restore has stopped/);
    await expect(engine.close()).resolves.toBeNull();
    expect(engine.current()).toBeNull();
  });
});

describe('cancelling when the ceremony folder cannot be written', () => {
  it('still cancels, says the attempt is not in the record, and wipes the rebuilt wrap key', async () => {
    // Watch the wrap key the shares rebuild (the real recombination runs; this only keeps a reference).
    const rebuilt: Uint8Array[] = [];
    const recombine = ShareCollector.prototype.recombine;
    vi.spyOn(ShareCollector.prototype, 'recombine').mockImplementation(async function (
      this: ShareCollector,
      ...args
    ) {
      const result = await recombine.apply(this, args);
      if (result.ok) rebuilt.push(result.secret.key);
      return result;
    });
    await enterTwoShares();
    expect(rebuilt).toHaveLength(1);
    engine.onSnapshot((snapshot) => {
      if (snapshot?.view.step === 'device-steps' && snapshot.view.files[0]?.status === 'imported')
        transports.at(-1)!.unplug();
    });
    await engine.runDeviceSteps();
    expect(rebuilt[0]!.some((byte) => byte !== 0)).toBe(true);

    await rm(ceremony.folderPath, { recursive: true, force: true });
    const cancelled = await engine.cancel();
    expect(cancelled.stopped).toEqual({
      status: 'failed',
      reason: 'The backup officer cancelled the restore.',
      deviceTouched: true,
    });
    expect(cancelled.problem?.message).toMatch(
      /^The restore was stopped, but it could not be written to the ceremony folder \(.*\): the record does not show this attempt\.$/,
    );
    expect(rebuilt[0]!.every((byte) => byte === 0)).toBe(true);
    await expect(engine.close()).resolves.toBeNull();
  });
});

describe('whose shares rebuilt the key', () => {
  it('names the custodians whose shares rebuilt the wrap key, on screen and in the transcript, never the shares', async () => {
    const recombined = await enterTwoShares();
    expect(recombined.view).toMatchObject({
      phase: 'recombined',
      recombined: {
        used: [
          { number: 1, custodian: 'Ada Lovelace' },
          { number: 3, custodian: 'Katherine Johnson' },
        ],
      },
    });
    await engine.runDeviceSteps();
    const transcript = checkTranscript(
      await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    if (!transcript.ok) throw new Error('the transcript does not check');
    const started = transcript.lines.find((line) => line.event === 'restore-started');
    expect(started?.data).toMatchObject({
      shareNumbers: [1, 3],
      rebuiltFrom: [
        { shareNumber: 1, custodian: 'Ada Lovelace' },
        { shareNumber: 3, custodian: 'Katherine Johnson' },
      ],
    });
    expectNoSecrets([recombined, transcript.lines]);
  });

  it('without a record, names the shares by number alone', async () => {
    const interop = join(dir, 'yubihsm-setup-dump');
    await mkdir(interop);
    for (const file of (await readdir(ceremony.folderPath)).filter((name) => name.endsWith('.yhw')))
      await copyFile(join(ceremony.folderPath, file), join(interop, file));
    await engine.start();
    await engine.chooseFolder(interop);
    await engine.chooseSecondary('sim:secondary');
    await engine.toShares();
    for (const share of [ceremony.shares[1]!, ceremony.shares[2]!]) {
      await engine.beginTurn();
      await engine.submitShare({ text: share });
      await engine.nextCustodian();
    }
    const recombined = engine.current()!;
    expect(recombined.view).toMatchObject({
      phase: 'recombined',
      recombined: { matchesRecord: null, used: [{ number: 2 }, { number: 3 }] },
    });
    expect(
      recombined.view.step === 'shares' &&
        recombined.view.recombined?.used.every((share) => share.custodian === undefined),
    ).toBe(true);
  });
});

describe('how long a share entry may sit untouched', () => {
  it('follows the ceremony’s own policy from the record’s plan, and says why an entry was cleared until the next turn begins', async () => {
    const folder = await CeremonyFolder.open(ceremony.folderPath);
    await folder.update((record) => ({
      ...record,
      plan: { ...record.plan, shareHideSeconds: 45 },
    }));
    const atShares = await toShares();
    expect(atShares.view).toMatchObject({ step: 'shares', idleSeconds: 45 });
    expect(atShares.view).not.toHaveProperty('cleared');

    await engine.beginTurn(2);
    const idle = await engine.abandonTurn('idle');
    expect(idle.view).toMatchObject({
      phase: 'handover',
      cleared: {
        reason: 'idle',
        message:
          'The share entry was cleared because nothing happened on the screen for a while (45 seconds). Nothing typed was sent or kept.',
      },
    });
    await engine.beginTurn(2);
    expect(engine.current()!.view).not.toHaveProperty('cleared');
    expect((await engine.abandonTurn('escape')).view).toMatchObject({
      cleared: {
        reason: 'escape',
        message:
          'The share entry was cleared because Esc was pressed. Nothing typed was sent or kept.',
      },
    });
    await engine.beginTurn(1);
    expect((await engine.abandonTurn('blur')).view).toMatchObject({
      cleared: {
        reason: 'blur',
        message:
          'The share entry was cleared because this window lost the focus. Nothing typed was sent or kept.',
      },
    });
    await engine.beginTurn(1);
    expect((await engine.abandonTurn('user')).view).toMatchObject({
      cleared: {
        reason: 'user',
        message: 'The share entry was cleared, as asked. Nothing typed was sent or kept.',
      },
    });
    for (const snapshot of seen)
      expect(RestoreSnapshotSchema.safeParse(snapshot).success).toBe(true);
  });

  it('is 60 seconds when the record’s plan does not say (a record from before the setting)', async () => {
    expect((await toShares()).view).toMatchObject({ step: 'shares', idleSeconds: 60 });
  });
});
