// The back-up engine driven the way the screens drive it, intent by intent, against a real
// simulated primary initialized like a ceremony leaves it: intents out of order answered with
// sentences, the snapshot at each step, a wrong application-key password, the primary unplugged
// mid-export (run again to finish, or cancel into the stopped state that says what was written),
// the derived keys wiped when they are no longer needed — and no snapshot, event or log line ever
// carrying a password.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BackupSnapshotSchema,
  type BackupSnapshot,
} from '../../../shared/ceremony/backup-snapshot';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import type { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { Refusal } from '../../refusal/refusal';
import { createLogger } from '../../log/logger';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { checkTranscript, type TranscriptLine } from '../../records/transcript';
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
import { BackupEngine } from './backup-engine';

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
let transports: SimulatorTransport[];
let engine: BackupEngine;
let seen: (BackupSnapshot | null)[];
let logLines: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-backup-engine-'));
  ceremony = await initializeCeremony(join(dir, 'ceremony'));
  transports = [];
  held.length = 0;
  logLines = [];
  const other = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
  engine = new BackupEngine({
    devices: simulatorAccess({
      'sim:primary': { device: ceremony.primary, transports },
      'sim:secondary': { device: other },
    }),
    logger: createLogger({ sinks: [{ write: (line) => void logLines.push(line) }] }),
    clock: () => new Date('2026-06-01T10:00:00.000Z'),
  });
  seen = [];
  engine.onSnapshot((snapshot) => seen.push(snapshot));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** The sentence of the Refusal an intent is refused with. */
async function refusal(intent: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await intent;
  } catch (error) {
    if (error instanceof Refusal) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the intent was not refused');
}

async function toReview(): Promise<BackupSnapshot> {
  await engine.start();
  await engine.chooseFolder(ceremony.folderPath);
  await engine.choosePrimary('sim:primary');
  return engine.authenticate(APP_PASSWORD);
}

async function transcript(): Promise<TranscriptLine[]> {
  const checked = checkTranscript(
    await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8'),
  );
  if (!checked.ok) throw new Error('the transcript does not check');
  return checked.lines;
}

/** Pulls the primary once the export has written `count` files. */
function unplugAfter(count: number): void {
  let pulled = false;
  engine.onSnapshot((snapshot) => {
    const view = snapshot?.view;
    if (
      !pulled &&
      view?.step === 'export' &&
      view.objects.filter((o) => o.status === 'written').length === count
    ) {
      pulled = true;
      transports.at(-1)!.unplug();
    }
  });
}

function expectNoPassword(values: unknown[]): void {
  const text = JSON.stringify(values) + logLines.join('\n');
  expect(text).not.toContain(APP_PASSWORD);
  expect(text).not.toContain(WRONG_PASSWORD);
}

describe('the back-up engine', () => {
  it('answers intents out of order with a sentence saying where the back-up is', async () => {
    expect(await refusal(engine.chooseFolder(ceremony.folderPath))).toEqual({
      code: 'conflict',
      message: 'There is no back-up under way to choose the ceremony folder; start one first.',
    });
    await engine.start();
    expect(await refusal(engine.start())).toEqual({
      code: 'conflict',
      message:
        'A back-up is already under way (at Ceremony folder); continue it, or cancel it first.',
    });
    expect(await refusal(engine.choosePrimary('sim:primary'))).toEqual({
      code: 'conflict',
      message:
        'You can only choose the primary at the Primary step; this back-up is at Ceremony folder.',
    });
    expect(await refusal(engine.run([]))).toEqual({
      code: 'conflict',
      message:
        'You can only export the objects at the Review step; this back-up is at Ceremony folder.',
    });
    await engine.chooseFolder(ceremony.folderPath);
    expect(await refusal(engine.authenticate(APP_PASSWORD))).toEqual({
      code: 'conflict',
      message: 'Choose the primary first.',
    });
    expect(await refusal(engine.generateSampleKeys())).toEqual({
      code: 'conflict',
      message:
        'You can only generate rehearsal keys at the Review step; this back-up is at Primary.',
    });
    expect(await refusal(engine.choosePrimary('sim:secondary'))).toEqual({
      code: 'conflict',
      message: `This device (serial ${SECONDARY_SERIAL}) is not the primary of this ceremony (serial ${PRIMARY_SERIAL}): connect the primary to back it up.`,
    });
    expect(await refusal(engine.choosePrimary('sim:gone'))).toMatchObject({
      code: 'device-missing',
    });
    expect(engine.current()?.primary).toBeUndefined();
  });

  it('shows each step, refuses a wrong password without moving on, and exports with progress', async () => {
    const started = await engine.start();
    expect(started).toMatchObject({
      steps: { current: 'source', done: [] },
      rehearsal: false,
      view: { step: 'source' },
    });
    const atPrimary = await engine.chooseFolder(ceremony.folderPath);
    expect(atPrimary).toMatchObject({
      folder: ceremony.folderPath,
      ceremonyName: 'Payments HSM rehearsal',
      rehearsal: true,
      view: { step: 'primary', suggestedAuthKeyId: 3 },
    });
    const chosen = await engine.choosePrimary('sim:primary');
    expect(chosen).toMatchObject({
      primary: { deviceId: 'sim:primary', serial: PRIMARY_SERIAL, simulated: true },
      view: { step: 'primary', deviceId: 'sim:primary' },
    });

    expect(await refusal(engine.authenticate(WRONG_PASSWORD))).toEqual({
      code: 'wrong-password',
      message: `Authentication key 0x0003 did not open a session on the primary (serial ${PRIMARY_SERIAL}): check the key id and its password.`,
    });
    expect(engine.current()).toMatchObject({
      steps: { current: 'primary' },
      view: { step: 'primary' },
    });
    expect(await refusal(engine.authenticate(''))).toEqual({
      code: 'invalid-input',
      message: "Type the application key's password.",
    });

    const review = await engine.authenticate(APP_PASSWORD);
    expect(review.view).toMatchObject({
      step: 'review',
      wrapKeyId: 2,
      authKeyId: 3,
      sampleKeys: { offered: true, generated: [] },
    });
    const statuses =
      review.view.step === 'review' ? review.view.objects.map((o) => [o.objectId, o.status]) : [];
    expect(statuses).toEqual([
      [2, 'not-exportable'],
      [3, 'exists'],
      [4, 'exists'],
    ]);
    const withKeys = await engine.generateSampleKeys();
    const planned = withKeys.view.step === 'review' ? withKeys.view : undefined;
    expect(planned?.sampleKeys.generated).toHaveLength(3);
    expect(planned?.objects.filter((o) => o.status === 'export')).toHaveLength(3);

    const done = await engine.run([]);
    expect(done).toMatchObject({
      steps: { current: 'export' },
      view: {
        step: 'export',
        finished: true,
        summary:
          'Back-up done: 3 files written, 2 files already there and kept, 1 object not exportable.',
      },
    });
    expect(done.view.step === 'export' && done.view.transcriptHead).toBe(
      (await CeremonyFolder.open(ceremony.folderPath)).transcript.head,
    );
    const progress = seen.filter((s) => s?.view.step === 'export' && !s.view.finished);
    expect(progress.some((s) => s?.busy === 'Exporting under the wrap key')).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(6);

    expect(await refusal(engine.run([]))).toEqual({
      code: 'conflict',
      message: 'This back-up is complete; close it, or start a new one.',
    });
    expect(await refusal(engine.cancel())).toEqual({
      code: 'conflict',
      message: 'This back-up is complete; close it, or start a new one.',
    });
    await expect(engine.close()).resolves.toBeNull();
    expect(engine.current()).toBeNull();
    expect(seen.at(-1)).toBeNull();

    const all = [
      started,
      atPrimary,
      chosen,
      review,
      withKeys,
      done,
      ...seen.filter((s) => s !== null),
    ];
    for (const snapshot of all) expect(BackupSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expectNoPassword([
      ...all,
      await transcript(),
      (await CeremonyFolder.open(ceremony.folderPath)).record,
    ]);
  });

  it('when the primary is unplugged mid-export, says how far it got, and finishes when run again', async () => {
    await toReview();
    await engine.generateSampleKeys();
    unplugAfter(1);
    const interrupted = await engine.run([]);
    expect(interrupted.view).toMatchObject({
      step: 'export',
      finished: false,
      summary:
        'Stopped part-way: 1 of the 3 files this back-up was to write is in the ceremony folder and recorded.',
    });
    expect(interrupted.problem?.message).toMatch(
      /^The primary stopped answering \(it was unplugged, or its connection dropped\)\. Plug it back in/,
    );
    expect(interrupted.stopped).toBeUndefined();
    expect(await refusal(engine.close())).toEqual({
      code: 'conflict',
      message: 'This back-up is still under way; cancel it before closing it.',
    });

    const finished = await engine.run([]);
    expect(finished.view).toMatchObject({
      step: 'export',
      finished: true,
      summary:
        'Back-up done: 2 files written, 3 files already there and kept, 1 object not exportable.',
    });
    expect(finished.problem).toBeUndefined();
    const record = (await CeremonyFolder.open(ceremony.folderPath)).record;
    expect(record.backups?.map((b) => [b.interrupted === undefined, b.exported.length])).toEqual([
      [false, 1],
      [true, 2],
    ]);
    expect(record.files.filter((f) => f.type === 'asymmetric-key')).toHaveLength(3);
  });

  it('cancelled after the primary was unplugged, stops and says which files were written, in the snapshot and the transcript', async () => {
    await toReview();
    await engine.generateSampleKeys();
    unplugAfter(1);
    const interrupted = await engine.run([]);
    const written =
      interrupted.view.step === 'export'
        ? interrupted.view.objects.filter((o) => o.status === 'written').map((o) => o.file!)
        : [];
    expect(written).toHaveLength(1);

    const stopped = await engine.cancel();
    expect(stopped.stopped).toEqual({
      status: 'failed',
      reason:
        'The back-up was cancelled after it stopped part-way: the primary stopped answering (it was unplugged, or its connection dropped).',
      deviceTouched: true,
      written,
      notWritten: expect.arrayContaining([
        expect.stringMatching(/^0x[0-9a-f]{4}-asymmetric-key\.yhw$/),
      ]),
    });
    expect(stopped.stopped?.notWritten).toHaveLength(2);
    expect(seen.at(-1)?.stopped?.status).toBe('failed');
    // The stop is the back-up's end: both air-gap surveys go in before it (common/air-gap.ts).
    const events = (await transcript()).slice(-4);
    expect(events.map((line) => line.event)).toEqual([
      'backup-interrupted',
      'air-gap-preflight',
      'air-gap-end',
      'backup-stopped',
    ]);
    expect(events[3]!.data).toEqual({
      status: 'failed',
      reason: stopped.stopped!.reason,
      written,
      notWritten: stopped.stopped!.notWritten,
    });

    expect(await refusal(engine.run([]))).toEqual({
      code: 'conflict',
      message: 'This back-up has stopped; close it, or start a new one.',
    });
    expect(await refusal(engine.cancel())).toEqual({
      code: 'conflict',
      message: 'This back-up has stopped; close it, or start a new one.',
    });
    await expect(engine.close()).resolves.toBeNull();
    for (const snapshot of seen.filter((s) => s !== null))
      expect(BackupSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expectNoPassword([...seen, stopped]);
  });

  it('cancelled before the export, stops with nothing written and leaves the folder untouched', async () => {
    await toReview();
    const before = await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8');
    const stopped = await engine.cancel();
    expect(stopped.stopped).toEqual({
      status: 'abandoned',
      reason: 'The back-up was cancelled.',
      deviceTouched: false,
      written: [],
      notWritten: [],
    });
    expect(await readFile(join(ceremony.folderPath, 'transcript.jsonl'), 'utf8')).toBe(before);
    await expect(engine.start()).resolves.toMatchObject({ steps: { current: 'source' } });
  });

  it('wipes the derived keys once they are no longer needed: a refused password, a replaced one, after the export, on cancel and on shutdown', async () => {
    await engine.start();
    await engine.chooseFolder(ceremony.folderPath);
    await engine.choosePrimary('sim:primary');
    await refusal(engine.authenticate(WRONG_PASSWORD));
    expect(held).toHaveLength(1);
    expect(isWiped(held[0]!)).toBe(true);
    await engine.authenticate(APP_PASSWORD);
    await engine.authenticate(APP_PASSWORD);
    expect(held.map(isWiped)).toEqual([true, true, false]);
    await engine.run([]);
    expect(held.map(isWiped)).toEqual([true, true, true]);
    await engine.close();

    await toReview();
    expect(isWiped(held.at(-1)!)).toBe(false);
    await engine.cancel();
    expect(isWiped(held.at(-1)!)).toBe(true);
    await engine.close();

    await toReview();
    await engine.shutdown();
    expect(isWiped(held.at(-1)!)).toBe(true);
    expect(engine.current()?.stopped).toEqual({
      status: 'abandoned',
      reason: 'Custos was closed during the back-up.',
      deviceTouched: false,
      written: [],
      notWritten: [],
    });
  });
});
