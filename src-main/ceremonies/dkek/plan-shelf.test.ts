// DKEK plan files as the plan screen loads and saves them (plan-shelf.ts), on real files: the
// screen's plan saved and loaded back unchanged (share files relative to the plan inside its
// folder, absolute outside), the secrets' file names never handed to the screen nor written, and
// each refusal with its sentence: not JSON, not a DKEK plan, an unknown field, too big, not
// .json, a file that is there without a confirmed replace, a replace over something not a plan.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DkekPlanDraft } from '../../../shared/ipc/dkek-init-channels';
import { PLAN_FILE_MAX_BYTES } from '../../../shared/ceremony/plan-draft';
import { draftAsPlan, planAsDraft, readDkekPlanFile, writeDkekPlanFile } from './plan-shelf';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-dkek-plan-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const draft = (): DkekPlanDraft => ({
  ceremony: 'HSM backup domain 2026',
  pinRetries: 5,
  mode: 'shares',
  printSheets: true,
  shares: [
    { custodian: 'Alice', file: join(folder, 'alice', 'dkek-share-1.pbe') },
    { custodians: ['Bob', 'Carol', 'Dan'], threshold: 2, file: '/media/bob/dkek-share-2.pbe' },
    { custodian: 'Erin' },
  ],
});

async function roundTrip(plan: DkekPlanDraft, name = 'plan.json') {
  const path = join(folder, name);
  expect(await writeDkekPlanFile(path, draftAsPlan(plan, folder))).toBe('saved');
  return { path, loaded: planAsDraft(await readDkekPlanFile(path), path) };
}

describe('DKEK plan files on the plan screen', () => {
  it('saves the screen’s plan and loads it back unchanged, paths relative to the plan inside its folder', async () => {
    const { path, loaded } = await roundTrip(draft());
    expect(loaded).toEqual(draft());
    const written = JSON.parse(await readFile(path, 'utf8'));
    expect(written).toEqual({
      ceremony: 'HSM backup domain 2026',
      pinRetries: 5,
      printSheets: true,
      dkek: {
        mode: 'shares',
        shares: [
          { custodian: 'Alice', file: 'alice/dkek-share-1.pbe' },
          {
            custodians: ['Bob', 'Carol', 'Dan'],
            threshold: 2,
            file: '/media/bob/dkek-share-2.pbe',
          },
          { custodian: 'Erin' },
        ],
      },
    });
  });

  it('round-trips the modes without shares, and sheets off', async () => {
    for (const mode of ['none', 'random'] as const) {
      const plan: DkekPlanDraft = {
        ceremony: `No shares ${mode}`,
        pinRetries: 3,
        mode,
        printSheets: false,
        shares: [],
      };
      expect((await roundTrip(plan, `${mode}.json`)).loaded).toEqual(plan);
    }
  });

  it('hands the screen only the plan’s own fields, never the headless secrets’ files', async () => {
    const path = join(folder, 'headless.json');
    await writeFile(
      path,
      JSON.stringify({
        ceremony: 'Headless',
        soPinFile: 'so-pin.txt',
        pinFile: 'pin.txt',
        dkek: { mode: 'shares', shares: [{ custodian: 'Alice', passwordFile: 'alice.pw' }] },
      }),
    );
    const loaded = planAsDraft(await readDkekPlanFile(path), path);
    expect(loaded).toEqual({
      ceremony: 'Headless',
      pinRetries: 3,
      mode: 'shares',
      printSheets: false,
      shares: [{ custodian: 'Alice' }],
    });
    expect(JSON.stringify(loaded)).not.toMatch(/pin\.txt|alice\.pw|passwordFile|soPinFile/);
  });

  it('refuses what is not a DKEK plan, each with its sentence', async () => {
    const at = async (name: string, text: string) => {
      const path = join(folder, name);
      await writeFile(path, text);
      return readDkekPlanFile(path);
    };
    await expect(at('broken.json', '{"ceremony": ')).rejects.toThrow(/is not valid JSON/);
    // A YubiHSM initialisation plan is a plan, but not a DKEK one.
    await expect(
      at('yubihsm.json', JSON.stringify({ name: 'Init', threshold: 2, custodians: ['A', 'B'] })),
    ).rejects.toThrow(/yubihsm.json is not a DKEK plan: ceremony: .*docs\/dkek-plan.md/);
    await expect(
      at(
        'misspelt.json',
        JSON.stringify({ ceremony: 'X', dkek: { mode: 'random' }, printSheet: true }),
      ),
    ).rejects.toThrow(/unknown field: printSheet/);
    await expect(
      at(
        'share-field.json',
        JSON.stringify({
          ceremony: 'X',
          dkek: { mode: 'shares', shares: [{ custodian: 'A', pin: '1' }] },
        }),
      ),
    ).rejects.toThrow(/dkek\.shares\.0.*unknown field: pin/);
    await expect(
      at('big.json', JSON.stringify({ ceremony: 'X', pad: 'x'.repeat(PLAN_FILE_MAX_BYTES) })),
    ).rejects.toThrow(/too big to be a plan file \(a plan is at most 64 KiB\)/);
    await expect(at('plan.txt', '{}')).rejects.toThrow(/plan files end in \.json/);
    await expect(readDkekPlanFile(join(folder, 'absent.json'))).rejects.toThrow(
      /cannot be read; check that it exists/,
    );
  });

  it('creates exclusively, replaces only a DKEK plan and only when confirmed', async () => {
    const { path } = await roundTrip(draft());
    const other = { ...draft(), ceremony: 'Another' };
    expect(await writeDkekPlanFile(path, draftAsPlan(other, folder))).toBe('exists');
    expect((await readDkekPlanFile(path)).ceremony).toBe('HSM backup domain 2026');
    expect(await writeDkekPlanFile(path, draftAsPlan(other, folder), { replace: true })).toBe(
      'saved',
    );
    expect((await readDkekPlanFile(path)).ceremony).toBe('Another');

    const notes = join(folder, 'notes.json');
    await writeFile(notes, '{"shopping": ["milk"]}');
    await expect(
      writeDkekPlanFile(notes, draftAsPlan(other, folder), { replace: true }),
    ).rejects.toThrow(/is not a DKEK plan, so it was not replaced/);
    expect(await readFile(notes, 'utf8')).toBe('{"shopping": ["milk"]}');
    await expect(writeDkekPlanFile(join(folder, 'plan.txt'), draftAsPlan(other))).rejects.toThrow(
      /A plan file ends in \.json/,
    );
  });

  it('refuses to save a plan that would not load again, naming the field as the screen does', () => {
    expect(() => draftAsPlan({ ...draft(), ceremony: '' })).toThrow(
      /The ceremony name \(1 to 120 characters\)/,
    );
    expect(() =>
      draftAsPlan({ ...draft(), shares: [{ custodians: ['A', 'B', 'C'], threshold: 4 }] }),
    ).toThrow(/Share 1: how many custodians open it .*threshold must not exceed/);
    expect(() => draftAsPlan({ ...draft(), shares: [] })).toThrow(/needs at least one share/);
  });
});
