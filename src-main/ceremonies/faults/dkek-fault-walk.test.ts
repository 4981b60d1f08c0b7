// Issue 14: a fault at every APDU of `custos dkek init` (one password share, c = 1, spec §8 V2)
// and of `custos dkek backup` of the key that init leaves on the rehearsal device; the faults
// (status, pulled, lost) are dkek-fault-harness.ts's.
// Each end state must be: finished, or refused with a sentence and resumable (init again on an
// untouched device, `dkek import` on an initialised one, the back-up again), with the record
// never saying what `dkek status` of the card does not show, and no temporary or unparseable
// file in the folder.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MODES,
  armFault,
  clearFault,
  custos,
  dkekSite as site,
  expectNoHalfWrittenFile,
  expectSentence,
  fault,
  installApduFaults,
  keepState,
  kcvOf,
  walkEveryApdu,
  type Mode,
} from './dkek-fault-harness';

installApduFaults();

const init = (cwd: string, out: string) =>
  custos(cwd, 'init', '--plan', 'plan.json', '--device', 'schsm-sim:a.json', '--out', out);
const status = (cwd: string, out?: string) =>
  custos(cwd, 'status', '--device', 'schsm-sim:a.json', ...(out ? ['--folder', out] : []));

/** Checks one end state after a fault at APDU `at`; returns how it ended, for the tally. */
async function walkInit(at: number, mode: Mode): Promise<string> {
  const cwd = await site();
  try {
    armFault(at, mode);
    const first = await init(cwd, 'ceremony');
    clearFault();
    await expectNoHalfWrittenFile(cwd);
    if (first.code === 0) {
      const seen = await status(cwd, 'ceremony');
      expect(seen.code, seen.stderr).toBe(0);
      expect(seen.stdout).toMatch(/The KCV matches the record/);
      return 'finished';
    }
    expectSentence(first, `APDU ${at}`);
    const bare = await status(cwd);
    expect(bare.code, bare.stderr).toBe(0);
    if (/Never initialised/.test(bare.stdout)) {
      const again = await init(cwd, 'ceremony-again');
      expect(again.code, again.stderr).toBe(0);
      await expectNoHalfWrittenFile(cwd);
      return 'refused, untouched, init again';
    }
    // The device was initialised: the record must say no more than the device shows.
    const seen = await status(cwd, 'ceremony');
    expect(seen.code, `${first.stderr}\n${seen.stderr}`).toBe(0);
    const importAgain = () =>
      custos(
        cwd,
        'import',
        '--folder',
        'ceremony',
        '--device',
        'schsm-sim:a.json',
        '--share',
        'ceremony/dkek-share-1.pbe',
        '--password-file',
        'alice.pw',
      );
    if (/1 total, 1 outstanding/.test(seen.stdout)) {
      expect(seen.stdout).toMatch(/shares imported here none/);
      const resumed = await importAgain();
      expect(resumed.code, resumed.stderr).toBe(0);
      const after = await status(cwd, 'ceremony');
      expect(after.code, after.stderr).toBe(0);
      expect(kcvOf(after)).toBeDefined();
      expect(after.stdout).toMatch(/The KCV matches the record/);
      await expectNoHalfWrittenFile(cwd);
      return 'refused, initialised, dkek import';
    }
    expect(seen.stdout, first.stderr).toMatch(/1 total, 0 outstanding/);
    expect(seen.stdout).toMatch(/The KCV matches the record/);
    if (/shares imported here none/.test(seen.stdout)) {
      // The import's answer was lost: the record lags the device; `dkek import` takes the
      // device's word (same KCV) rather than cancel the share out by importing it again.
      const resumed = await importAgain();
      expect(resumed.code, resumed.stderr).toBe(0);
      const after = await status(cwd, 'ceremony');
      expect(after.stdout).toMatch(/shares imported here 1; still to come none/);
      expect(after.stdout).toMatch(/The KCV matches the record/);
      await expectNoHalfWrittenFile(cwd);
      return 'refused, import answer lost, dkek import records it';
    }
    expect(seen.stdout).toMatch(/shares imported here 1/);
    expect(seen.stdout).toMatch(/The KCV matches the record/);
    return 'refused after the import, record and device agree';
  } finally {
    clearFault();
    await rm(cwd, { recursive: true, force: true });
  }
}

describe('a fault at every APDU of dkek init (one password share)', () => {
  let apdus = 0;
  beforeAll(async () => {
    const cwd = await site();
    armFault(0);
    const clean = await init(cwd, 'ceremony');
    expect(clean.code, clean.stderr).toBe(0);
    apdus = fault.sent;
    await rm(cwd, { recursive: true, force: true });
  });

  for (const mode of MODES)
    it(`${mode}: every APDU k ends finished, or refused and resumable`, async () => {
      expect(apdus).toBeGreaterThan(5);
      await walkEveryApdu(`dkek init, ${mode}`, apdus, (at) => walkInit(at, mode));
    }, 600_000);
});

describe("a fault at every APDU of dkek backup (the init's rehearsal key)", () => {
  const backup = (cwd: string) =>
    custos(
      cwd,
      'backup',
      '--folder',
      'ceremony',
      '--pin-file',
      'pin.txt',
      '--device',
      'schsm-sim:a.json',
    );
  /** The record's back-up files are all in the folder, whole. */
  async function expectBackupWhole(cwd: string): Promise<number> {
    const record = JSON.parse(await readFile(join(cwd, 'ceremony', 'ceremony.json'), 'utf8'));
    const files = ((record.backups ?? []) as { keys?: { file?: string }[] }[]).flatMap((b) =>
      (b.keys ?? []).flatMap((k) => (k.file ? [k.file] : [])),
    );
    for (const file of files)
      expect((await readFile(join(cwd, 'ceremony', file))).length).toBeGreaterThan(0);
    return files.length;
  }

  for (const mode of MODES)
    it(`${mode}: every APDU k ends finished, or refused and finished when run again`, async () => {
      const cwd = await site();
      try {
        armFault(0);
        expect((await init(cwd, 'ceremony')).code).toBe(0);
        const reset = await keepState(cwd, ['a.json', 'ceremony']);
        fault.sent = 0;
        const clean = await backup(cwd);
        expect(clean.code, clean.stderr + clean.stdout).toBe(0);
        const wrote = await expectBackupWhole(cwd);
        expect(wrote).toBeGreaterThan(0);
        await walkEveryApdu(`dkek backup, ${mode}`, fault.sent, async (at) => {
          await reset();
          armFault(at, mode);
          const first = await backup(cwd);
          clearFault();
          await expectNoHalfWrittenFile(cwd);
          if (first.code === 0) {
            await expectBackupWhole(cwd);
            return 'finished';
          }
          // Refused as a whole (stderr) or per key (stdout, "not wrapped key …: reason").
          expect(first.stderr + first.stdout).toMatch(
            /^(custos dkek|not wrapped key [^:]+): \S.{20,}/m,
          );
          expect(first.stderr).not.toMatch(/\n\s+at /);
          const again = await backup(cwd);
          expect(again.code, `${first.stderr} / ${again.stderr}`).toBe(0);
          await expectNoHalfWrittenFile(cwd);
          await expectBackupWhole(cwd);
          return 'refused, backup again';
        });
      } finally {
        clearFault();
        await rm(cwd, { recursive: true, force: true });
      }
    }, 600_000);
});
