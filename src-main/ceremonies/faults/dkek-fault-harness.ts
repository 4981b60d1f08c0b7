// Test support for the DKEK fault walks (issue 14): `custos dkek …` run in process over the
// in-process simulator, whose CardTransport is wrapped so APDU k fails as a real card fails:
//   status  the card answers 6F00 (no precise diagnosis) and did nothing;
//   pulled  the transport throws before the card saw the command, and every later APDU too;
//   lost    the card did the command but the answer never came back (pulled just after).
// Plus what every walk checks after each fault: a sentence, not a stack; no half-written file.

import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import {
  CardTransportError,
  SimulatorCardTransport,
} from '../../hsm/smartcard-hsm/transport/simulator-transport';
import { runCli } from '../../cli/cli';
import { makeDkekCommand } from '../../cli/commands/dkek';

export type Mode = 'status' | 'pulled' | 'lost';
export const MODES = ['status', 'pulled', 'lost'] as const;

const FAST = [makeDkekCommand({ iterations: 1 })];
const original = SimulatorCardTransport.prototype.transmit;

/** Which APDU fails (1-based) and how; 0 = no fault, only counting. */
export const fault = { at: 0, mode: 'status' as Mode, sent: 0, pulled: false };

/** Arms the fault at APDU `at` (0: none) and restarts the count. */
export function armFault(at: number, mode: Mode = fault.mode): void {
  Object.assign(fault, { at, mode, sent: 0, pulled: false });
}

/** No fault from here on; the card is back in the reader. The count goes on. */
export function clearFault(): void {
  Object.assign(fault, { at: 0, pulled: false });
}

/** Wraps every simulated card's transport for the test file's lifetime. */
export function installApduFaults(): void {
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
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `custos dkek …` in `cwd`, with c = 1 for the share files (spec §8 V2). */
export async function custos(cwd: string, ...args: string[]): Promise<Run> {
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

/**
 * A fresh folder with the PINs and a one-share plan. With `generated`, Alice's password is not in
 * the plan: `dkek init --rehearsal-shares-dir` writes it, and `dkek restore` reads it back.
 */
export async function dkekSite(options: { generated?: boolean } = {}): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'custos-dkek-fault-'));
  await writeFile(join(folder, 'so-pin.txt'), '0123456789ABCDEF\n');
  await writeFile(join(folder, 'pin.txt'), 'custos-pin-642\n');
  await writeFile(join(folder, 'alice.pw'), 'alice correct horse battery\n');
  const alice = options.generated
    ? { custodian: 'Alice' }
    : { custodian: 'Alice', passwordFile: 'alice.pw' };
  await writeFile(
    join(folder, 'plan.json'),
    JSON.stringify({
      ceremony: 'HSM backup domain 2026',
      soPinFile: 'so-pin.txt',
      pinFile: 'pin.txt',
      pinRetries: 3,
      dkek: { mode: 'shares', shares: [alice] },
    }),
  );
  return folder;
}

/**
 * Keeps the files and folders `names` of `cwd` as they are now (a card's state file, the
 * ceremony folder) and returns what puts them back; one not there now is removed on reset.
 */
export async function keepState(cwd: string, names: string[]): Promise<() => Promise<void>> {
  const kept = await mkdtemp(join(cwd, 'kept-state-'));
  const present: string[] = [];
  for (const name of names) {
    if (!(await stat(join(cwd, name)).catch(() => undefined))) continue;
    await cp(join(cwd, name), join(kept, name), { recursive: true });
    present.push(name);
  }
  return async () => {
    for (const name of names) {
      await rm(join(cwd, name), { recursive: true, force: true });
      if (present.includes(name)) await cp(join(kept, name), join(cwd, name), { recursive: true });
    }
  };
}

/** No temporary file of an atomic write is left, and every JSON file parses whole. */
export async function expectNoHalfWrittenFile(folder: string): Promise<void> {
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    expect(entry.name, path).not.toMatch(/\.tmp$|\.partial$/);
    if (entry.name.endsWith('.json')) JSON.parse(await readFile(path, 'utf8'));
  }
}

/** A refusal is a sentence on stderr, never a stack. */
export function expectSentence(run: Run, context: string): void {
  expect(run.stderr, context).toMatch(/^custos dkek: \S.{20,}/m);
  expect(run.stderr, context).not.toMatch(/\n\s+at /);
}

export const kcvOf = (run: Run) => /^KCV ([0-9A-F]{16})/m.exec(run.stdout)?.[1];

/**
 * Runs `walk(at)` for every APDU 1..apdus, naming the APDU in any failure, and logs how the
 * walks ended (the strings `walk` returns) so a reader sees which end states were reached.
 */
export async function walkEveryApdu(
  label: string,
  apdus: number,
  walk: (at: number) => Promise<string>,
): Promise<Map<string, number>> {
  const tally = new Map<string, number>();
  for (let at = 1; at <= apdus; at += 1) {
    const end = await walk(at).catch((error: unknown) => {
      throw new Error(`${label}: fault at APDU ${at} of ${apdus}: ${String(error)}`, {
        cause: error,
      });
    });
    tally.set(end, (tally.get(end) ?? 0) + 1);
  }
  console.log(`${label}: ${apdus} APDUs walked`, Object.fromEntries(tally));
  return tally;
}
