import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InitPlanSchema } from '../../../shared/ceremony/init-plan';
import { checkCeremonyFolder, readPasswordFile, readPlanFile, writePlanFile } from './plan-file';
import { TempFolders } from '../../testing/temp-folders';

const temp = new TempFolders('custos-plan-file-');
afterEach(() => temp.removeAll());

describe('plan files', () => {
  it('accepts the example in docs/plan-files.md as a plan', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../../docs/plan-files.md'), 'utf8');
    const example = /## Example\s+```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const plan = InitPlanSchema.parse(JSON.parse(example!));
    expect(plan).toMatchObject({
      threshold: 3,
      custodians: expect.arrayContaining(['Ada Lovelace']),
      applicationKey: { passwordFile: 'app.pw' },
    });
  });

  it('reads password file paths relative to the plan file and keeps them out of the draft', async () => {
    const folder = temp.make();
    mkdirSync(join(folder, 'plans'));
    const path = join(folder, 'plans', 'plan.json');
    writeFileSync(
      path,
      JSON.stringify({
        ceremony: 'x',
        applicationKey: { id: 3, passwordFile: '../secrets/app.pw' },
        auditKey: { id: 4, passwordFile: '/abs/audit.pw' },
      }),
    );
    const loaded = await readPlanFile(path);
    expect(loaded.passwordFiles).toEqual({
      application: join(folder, 'secrets', 'app.pw'),
      audit: '/abs/audit.pw',
    });
    expect(loaded.draft).toEqual({ ceremony: 'x', applicationKey: { id: 3 }, auditKey: { id: 4 } });
  });

  it('drops exactly one trailing newline from a password file and says which file it cannot read', async () => {
    const folder = temp.make();
    writeFileSync(join(folder, 'a.pw'), 'pass word \r\n');
    writeFileSync(join(folder, 'b.pw'), 'two lines\n\n');
    expect(await readPasswordFile(join(folder, 'a.pw'), 'application key')).toBe('pass word ');
    expect(await readPasswordFile(join(folder, 'b.pw'), 'application key')).toBe('two lines\n');
    await expect(readPasswordFile(join(folder, 'none.pw'), 'audit key')).rejects.toThrow(
      /^the audit key password file .*none\.pw cannot be read/,
    );
  });

  it('writes a plan without password file paths, atomically replacing an older one', async () => {
    const path = join(temp.make(), 'plan.json');
    writeFileSync(path, 'old');
    await writePlanFile(path, { ceremony: 'y', applicationKey: { id: 0, passwordFile: 'app.pw' } });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      ceremony: 'y',
      applicationKey: { id: 0 },
    });
  });

  it('accepts an empty or new folder for a ceremony and refuses a file or a used one', async () => {
    const folder = temp.make();
    expect(await checkCeremonyFolder(folder)).toBeUndefined();
    expect(await checkCeremonyFolder(join(folder, 'new', 'deeper'))).toBeUndefined();
    writeFileSync(join(folder, 'file'), '');
    expect((await checkCeremonyFolder(join(folder, 'file')))?.message).toMatch(
      /is a file, not a folder/,
    );
    writeFileSync(join(folder, 'transcript.jsonl'), '');
    expect((await checkCeremonyFolder(folder))?.message).toMatch(
      /already holds a ceremony \(transcript\.jsonl is there\)/,
    );
  });
});
