// Issue 14: a fault at every APDU of `custos dkek init` (one password share, c = 1, spec §8 V2)
// and of `custos dkek backup` of the key that init leaves on the rehearsal device.
// The in-process simulator's CardTransport is wrapped so APDU k fails as a real card fails:
//   status  the card answers 6F00 (no precise diagnosis) and did nothing;
//   pulled  the transport throws before the card saw the command, and every later APDU too;
//   lost    the card did the command but the answer never came back (pulled just after).
// Each end state must be: finished, or refused with a sentence and resumable (init again on an
// untouched device, `dkek import` on an initialised one, the back-up again), with the record
// never saying what `dkek status` of the card does not show, and no temporary or unparseable
// file in the folder.

import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CardTransportError,
  SimulatorCardTransport,
} from '../../hsm/smartcard-hsm/transport/simulator-transport';
import { runCli } from '../../cli/cli';
import { makeDkekCommand } from '../../cli/commands/dkek';

type Mode = 'status' | 'pulled' | 'lost';

const FAST = [makeDkekCommand({ iterations: 1 })];
const original = SimulatorCardTransport.prototype.transmit;
/** Which APDU fails (1-based) and how; 0 = no fault, only counting. */
const fault = { at: 0, mode: 'status' as Mode, sent: 0, pulled: false };

beforeAll(() => {
  vi.spyOn(SimulatorCardTransport.prototype, 'transmit').mockImplementation(async function (
    this: SimulatorCardTransport,
    apdu: Uint8Array,
  ) {
    fault.sent += 1;
    if (fault.pulled) throw new CardTransportError('the card was removed from the reader');
    if (fault.sent !== fault.at) return original.call(this, apdu);
    if (fault.mode === 'status') return Uint8Array.of(0x6f, 0x00);
    fault.pulled = true;
    if (fault.mode === 'lost') await original.call(this, apdu);
    throw new CardTransportError('the card was removed from the reader');
  });
});
afterAll(() => vi.restoreAllMocks());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function custos(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['dkek', ...args],
    {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      cwd,
      stopRequested: new Promise(() => undefined),
    },
    FAST,
  );
  return { code, stdout, stderr };
}

async function site(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'custos-dkek-fault-'));
  await writeFile(join(folder, 'so-pin.txt'), '0123456789ABCDEF\n');
  await writeFile(join(folder, 'pin.txt'), 'custos-pin-642\n');
  await writeFile(join(folder, 'alice.pw'), 'alice correct horse battery\n');
  await writeFile(
    join(folder, 'plan.json'),
    JSON.stringify({
      ceremony: 'HSM backup domain 2026',
      soPinFile: 'so-pin.txt',
      pinFile: 'pin.txt',
      pinRetries: 3,
      dkek: { mode: 'shares', shares: [{ custodian: 'Alice', passwordFile: 'alice.pw' }] },
    }),
  );
  return folder;
}

const init = (cwd: string, out: string) =>
  custos(cwd, 'init', '--plan', 'plan.json', '--device', 'schsm-sim:a.json', '--out', out);
const status = (cwd: string, out?: string) =>
  custos(cwd, 'status', '--device', 'schsm-sim:a.json', ...(out ? ['--folder', out] : []));

/** No temporary file of an atomic write is left, and every JSON file parses whole. */
async function expectNoHalfWrittenFile(folder: string): Promise<void> {
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    expect(entry.name, path).not.toMatch(/\.tmp$|\.partial$/);
    if (entry.name.endsWith('.json')) JSON.parse(await readFile(path, 'utf8'));
  }
}

const kcvOf = (run: Run) => /^KCV ([0-9A-F]{16})/m.exec(run.stdout)?.[1];

/** Checks one end state after a fault at APDU `at`; returns how it ended, for the tally. */
async function walkInit(at: number, mode: Mode): Promise<string> {
  const cwd = await site();
  try {
    Object.assign(fault, { at, mode, sent: 0, pulled: false });
    const first = await init(cwd, 'ceremony');
    Object.assign(fault, { at: 0, pulled: false });
    await expectNoHalfWrittenFile(cwd);
    if (first.code === 0) {
      const seen = await status(cwd, 'ceremony');
      expect(seen.code, seen.stderr).toBe(0);
      expect(seen.stdout).toMatch(/The KCV matches the record/);
      return 'finished';
    }
    // Refused: a sentence, not a stack.
    expect(first.stderr).toMatch(/^custos dkek: \S.{20,}/m);
    expect(first.stderr).not.toMatch(/\n\s+at /);
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
    Object.assign(fault, { at: 0, pulled: false });
    await rm(cwd, { recursive: true, force: true });
  }
}

describe('a fault at every APDU of dkek init (one password share)', () => {
  let apdus = 0;
  beforeAll(async () => {
    const cwd = await site();
    Object.assign(fault, { at: 0, sent: 0, pulled: false });
    const clean = await init(cwd, 'ceremony');
    expect(clean.code, clean.stderr).toBe(0);
    apdus = fault.sent;
    await rm(cwd, { recursive: true, force: true });
  });

  for (const mode of ['status', 'pulled', 'lost'] as const)
    it(`${mode}: every APDU k ends finished, or refused and resumable`, async () => {
      expect(apdus).toBeGreaterThan(5);
      const tally = new Map<string, number>();
      for (let at = 1; at <= apdus; at += 1) {
        const end = await walkInit(at, mode).catch((error: unknown) => {
          throw new Error(`fault (${mode}) at APDU ${at} of ${apdus}: ${String(error)}`, {
            cause: error,
          });
        });
        tally.set(end, (tally.get(end) ?? 0) + 1);
      }
      console.log(`dkek init, ${mode}: ${apdus} APDUs walked`, Object.fromEntries(tally));
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

  for (const mode of ['status', 'pulled', 'lost'] as const)
    it(`${mode}: every APDU k ends finished, or refused and finished when run again`, async () => {
      const cwd = await site();
      try {
        Object.assign(fault, { at: 0, sent: 0, pulled: false });
        expect((await init(cwd, 'ceremony')).code).toBe(0);
        const state = await readFile(join(cwd, 'a.json'));
        await cp(join(cwd, 'ceremony'), join(cwd, 'before-backup'), { recursive: true });
        fault.sent = 0;
        const clean = await backup(cwd);
        expect(clean.code, clean.stderr + clean.stdout).toBe(0);
        const wrote = await expectBackupWhole(cwd);
        expect(wrote).toBeGreaterThan(0);
        const apdus = fault.sent;
        const tally = new Map<string, number>();
        for (let at = 1; at <= apdus; at += 1) {
          await rm(join(cwd, 'ceremony'), { recursive: true, force: true });
          await cp(join(cwd, 'before-backup'), join(cwd, 'ceremony'), { recursive: true });
          await writeFile(join(cwd, 'a.json'), state);
          Object.assign(fault, { at, mode, sent: 0, pulled: false });
          const first = await backup(cwd);
          Object.assign(fault, { at: 0, pulled: false });
          await expectNoHalfWrittenFile(cwd);
          if (first.code === 0) {
            await expectBackupWhole(cwd);
            tally.set('finished', (tally.get('finished') ?? 0) + 1);
            continue;
          }
          // Refused as a whole (stderr) or per key (stdout, "not wrapped key …: reason").
          expect(first.stderr + first.stdout, `APDU ${at}`).toMatch(
            /^(custos dkek|not wrapped key [^:]+): \S.{20,}/m,
          );
          expect(first.stderr).not.toMatch(/\n\s+at /);
          const again = await backup(cwd);
          expect(again.code, `APDU ${at}: ${first.stderr} / ${again.stderr}`).toBe(0);
          await expectNoHalfWrittenFile(cwd);
          await expectBackupWhole(cwd);
          tally.set('refused, backup again', (tally.get('refused, backup again') ?? 0) + 1);
        }
        console.log(`dkek backup, ${mode}: ${apdus} APDUs walked`, Object.fromEntries(tally));
      } finally {
        Object.assign(fault, { at: 0, pulled: false });
        await rm(cwd, { recursive: true, force: true });
      }
    }, 600_000);
});
