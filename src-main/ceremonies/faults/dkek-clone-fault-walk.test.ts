// Issue 14: a fault at every APDU of `custos dkek restore` (the clone of a secondary from a
// one-share domain whose primary holds the rehearsal's EC and RSA keys) and of `custos dkek
// verify` of that clone; the faults (status, pulled, lost) are dkek-fault-harness.ts's. The
// domain is made once (init, back-up) and put back before every fault, so the walk costs only
// the restores and verifications themselves.
// Each end state must be: finished, or refused with a sentence and finished by running the same
// command again (same KCV, every file unwrapped or recognised, the same verdict), with the record
// describing the secondary (the shares and keys it says are in are in; only a lost answer may
// leave the card one command ahead), no report without its record entry, and no temporary or
// unparseable file in the folder.

import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DkekCeremonyRecord } from '../../../shared/records/dkek-ceremony-record';
import { clonesOf, recordedKeys, type VerificationEntry } from '../dkek/backup-record';
import { readCardIdentity } from '../dkek/device-identity';
import { readKeyInventory } from '../dkek/key-inventory';
import { onCard } from '../dkek/testing/cards';
import {
  MODES,
  armFault,
  clearFault,
  custos,
  dkekSite,
  expectNoHalfWrittenFile,
  expectSentence,
  fault,
  installApduFaults,
  keepState,
  walkEveryApdu,
  type Mode,
} from './dkek-fault-harness';

installApduFaults();

let cwd: string;
let record: DkekCeremonyRecord;
/** Puts back the ceremony folder and the secondary as they were before any restore. */
let beforeRestore: () => Promise<void>;

/** The secondary's state file and the storage key the simulator keeps beside it. */
const SECONDARY_STATE = ['ceremony', 'b.json', 'b.json.storage-key'];

const restore = () =>
  custos(
    cwd,
    'restore',
    '--folder',
    'ceremony',
    '--device',
    'schsm-sim:b.json',
    '--pin-file',
    'pin.txt',
    '--rehearsal-shares-dir',
    'shares',
  );
const verify = () =>
  custos(
    cwd,
    'verify',
    '--folder',
    'ceremony',
    '--device',
    'schsm-sim:b.json',
    '--pin-file',
    'pin.txt',
  );

const readRecord = async (): Promise<DkekCeremonyRecord> =>
  JSON.parse(await readFile(join(cwd, 'ceremony', 'ceremony.json'), 'utf8'));

/** What the secondary holds, read from its state file (no PIN needed). */
async function secondary() {
  if (!(await stat(join(cwd, 'b.json')).catch(() => undefined)))
    return { serial: undefined, initialised: false, imported: 0, kcv: undefined, keys: [] };
  return onCard(join(cwd, 'b.json'), async (client) => {
    const identity = await readCardIdentity(client);
    const initialised = await client.pinStatus().then(
      () => true,
      () => false,
    );
    if (!initialised)
      return { serial: identity.serial, initialised, imported: 0, kcv: undefined, keys: [] };
    const status = await client.dkekStatus();
    const keys = await readKeyInventory(client);
    return {
      serial: identity.serial,
      initialised,
      imported: status.state === 'pending' ? status.imported : status.state === 'complete' ? 1 : 0,
      kcv: status.state === 'complete' ? status.kcv : undefined,
      keys: keys.map((key) => ({ keyReference: key.keyReference, publicKey: key.publicKey })),
    };
  });
}

/**
 * The record describes the secondary: the shares it names are in, the keys it names as unwrapped
 * are there, no key on the card is unknown to the back-up. Only when the card's answer was lost
 * may the card be one command ahead of the record (one share or one key more).
 */
async function expectRecordDescribesCard(mode: Mode): Promise<void> {
  const card = await secondary();
  const now = await readRecord();
  const entry = clonesOf(now)
    .reverse()
    .find((e) => e.device.serial === card.serial);
  const backedUp = new Map(recordedKeys(now).map((key) => [key.keyReference, key.publicKey]));
  const recordedShares = entry?.sharesImported.length ?? 0;
  const recordedKeyRefs = (entry?.files ?? [])
    .filter((f) => f.outcome !== 'skipped')
    .map((f) => f.keyReference);
  for (const ref of recordedKeyRefs) expect(card.keys.map((k) => k.keyReference)).toContain(ref);
  // A key whose import stopped after UNWRAP has no certificate yet, so no public key: at most
  // the one file in progress, a backed-up key the entry does not yet count as done.
  const whole = card.keys.filter((key) => key.publicKey !== undefined);
  const half = card.keys.filter((key) => key.publicKey === undefined);
  for (const key of whole) expect(key.publicKey).toBe(backedUp.get(key.keyReference));
  expect(half.length).toBeLessThanOrEqual(1);
  for (const key of half) {
    expect(backedUp.has(key.keyReference)).toBe(true);
    expect(recordedKeyRefs).not.toContain(key.keyReference);
  }
  const slack = mode === 'lost' ? 1 : 0;
  expect(card.imported - recordedShares).toBeGreaterThanOrEqual(0);
  expect(card.imported - recordedShares).toBeLessThanOrEqual(slack);
  expect(whole.length - recordedKeyRefs.length).toBeGreaterThanOrEqual(0);
  expect(whole.length - recordedKeyRefs.length).toBeLessThanOrEqual(slack);
  if (entry === undefined && card.initialised) expect(mode).toBe('lost');
}

/** The clone is whole: the record's KCV, the primary's keys, and a complete entry saying so. */
async function expectCloneWhole(): Promise<void> {
  const card = await secondary();
  expect(card.kcv).toBe(record.dkek.kcv);
  const primaryKeys = recordedKeys(record).map((k) => ({
    keyReference: k.keyReference,
    publicKey: k.publicKey,
  }));
  expect(card.keys).toEqual(primaryKeys);
  const entry = clonesOf(await readRecord()).at(-1)!;
  expect(entry).toMatchObject({ complete: true, sharesImported: [1], kcv: record.dkek.kcv });
  expect(entry.device.serial).toBe(card.serial);
  expect(entry.files.map((f) => f.keyReference).sort()).toEqual(
    primaryKeys.map((k) => k.keyReference).sort(),
  );
}

beforeAll(async () => {
  cwd = await dkekSite({ generated: true });
  const init = await custos(
    cwd,
    'init',
    '--plan',
    'plan.json',
    '--device',
    'schsm-sim:a.json',
    '--out',
    'ceremony',
    '--rehearsal-shares-dir',
    'shares',
  );
  expect(init.code, init.stderr).toBe(0);
  const backup = await custos(
    cwd,
    'backup',
    '--folder',
    'ceremony',
    '--device',
    'schsm-sim:a.json',
    '--pin-file',
    'pin.txt',
  );
  expect(backup.code, backup.stderr + backup.stdout).toBe(0);
  record = await readRecord();
  expect(recordedKeys(record)).toHaveLength(2);
  beforeRestore = await keepState(cwd, SECONDARY_STATE);
}, 120_000);
afterAll(async () => {
  clearFault();
  await rm(cwd, { recursive: true, force: true });
});

describe('a fault at every APDU of dkek restore (one share, two keys)', () => {
  let apdus = 0;
  beforeAll(async () => {
    armFault(0);
    const clean = await restore();
    expect(clean.code, clean.stderr + clean.stdout).toBe(0);
    apdus = fault.sent;
    await expectCloneWhole();
  });

  async function walkRestore(at: number, mode: Mode): Promise<string> {
    await beforeRestore();
    armFault(at, mode);
    const first = await restore();
    clearFault();
    await expectNoHalfWrittenFile(cwd);
    if (first.code === 0) {
      await expectCloneWhole();
      return 'finished';
    }
    expectSentence(first, first.stdout);
    await expectRecordDescribesCard(mode);
    const again = await restore();
    expect(again.code, `${first.stderr} / ${again.stderr}${again.stdout}`).toBe(0);
    expect(again.stdout).toContain(`KCV ${record.dkek.kcv} matches the record`);
    await expectNoHalfWrittenFile(cwd);
    await expectCloneWhole();
    if (/stopped before its certificate was written/.test(again.stdout))
      return 'refused mid-import, key proven and completed, restore again';
    return /skipped/.test(first.stdout)
      ? 'a file skipped with its reason, restore again'
      : 'refused, restore again';
  }

  for (const mode of MODES)
    it(`${mode}: every APDU k ends finished, or refused and finished when run again`, async () => {
      expect(apdus).toBeGreaterThan(10);
      await walkEveryApdu(`dkek restore, ${mode}`, apdus, (at) => walkRestore(at, mode));
    }, 600_000);
});

describe('a fault at every APDU of dkek verify (the whole clone)', () => {
  let apdus = 0;
  let before: Awaited<ReturnType<typeof secondary>>;
  /** The whole clone and its folder, before any verification. */
  let reset: () => Promise<void>;
  beforeAll(async () => {
    await beforeRestore();
    expect((await restore()).code).toBe(0);
    reset = await keepState(cwd, SECONDARY_STATE);
    before = await secondary();
    armFault(0);
    const clean = await verify();
    expect(clean.code, clean.stderr + clean.stdout).toBe(0);
    expect(clean.stdout).toMatch(/^VERIFIED; report: /m);
    apdus = fault.sent;
  });

  const verifications = async () =>
    ((await readRecord()).clones ?? []).filter(
      (c): c is VerificationEntry => c.kind === 'verification',
    );

  /** Every report in the folder has its entry in the record, and every entry its report. */
  async function expectReportsRecorded(): Promise<VerificationEntry[]> {
    const entries = await verifications();
    const reports = (await readdir(join(cwd, 'ceremony'))).filter((n) => n.endsWith('.html'));
    expect(reports.sort()).toEqual(entries.map((e) => e.report).sort());
    return entries;
  }

  async function walkVerify(at: number, mode: Mode): Promise<string> {
    await reset();
    armFault(at, mode);
    const first = await verify();
    clearFault();
    await expectNoHalfWrittenFile(cwd);
    // A verification reads and signs; it changes nothing on the clone.
    expect(await secondary()).toEqual(before);
    const entries = await expectReportsRecorded();
    if (first.code === 0) {
      expect(first.stdout).toMatch(/^VERIFIED; report: /m);
      expect(entries.map((e) => e.verdict)).toEqual(['verified']);
      return 'finished, verified';
    }
    expectSentence(first, first.stdout);
    let end = 'refused, nothing recorded, verify again';
    if (entries.length > 0) {
      // The card refused a signature (its answer was 6F00): recorded as that, with the reason.
      expect(mode).toBe('status');
      expect(entries.map((e) => e.verdict)).toEqual(['differs']);
      expect(first.stdout).toMatch(/signature failed/);
      expect(JSON.stringify(entries[0]!.keys)).toContain('the clone refused to sign');
      end = 'a signature refused, recorded as differs, verify again';
    } else expect(first.stdout).not.toMatch(/report:/);
    const again = await verify();
    expect(again.code, `${first.stderr} / ${again.stderr}${again.stdout}`).toBe(0);
    expect(again.stdout).toMatch(/^VERIFIED; report: /m);
    expect((await expectReportsRecorded()).at(-1)!.verdict).toBe('verified');
    await expectNoHalfWrittenFile(cwd);
    return end;
  }

  for (const mode of MODES)
    it(`${mode}: every APDU k ends verified, or refused and verified when run again`, async () => {
      expect(apdus).toBeGreaterThan(5);
      await walkEveryApdu(`dkek verify, ${mode}`, apdus, (at) => walkVerify(at, mode));
    }, 600_000);
});
