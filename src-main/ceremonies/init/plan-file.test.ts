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

  it('writes a new plan file without password file paths, and never over another file unasked', async () => {
    const folder = temp.make();
    const path = join(folder, 'plan.json');
    expect(
      await writePlanFile(path, {
        ceremony: 'y',
        applicationKey: { id: 0, passwordFile: 'app.pw' },
      }),
    ).toBe('saved');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      ceremony: 'y',
      applicationKey: { id: 0 },
    });
    expect(await writePlanFile(path, { ceremony: 'z' })).toBe('exists');
    expect(JSON.parse(readFileSync(path, 'utf8')).ceremony).toBe('y');
    expect(await writePlanFile(path, { ceremony: 'z' }, { replace: true })).toBe('saved');
    expect(JSON.parse(readFileSync(path, 'utf8')).ceremony).toBe('z');

    const profile = join(folder, '.bashrc.json');
    writeFileSync(profile, '{"alias":"x"}');
    await expect(writePlanFile(profile, { ceremony: 'z' }, { replace: true })).rejects.toThrow(
      /is not a Custos plan file, so it was not replaced/,
    );
    expect(readFileSync(profile, 'utf8')).toBe('{"alias":"x"}');
    await expect(writePlanFile(join(folder, '.bashrc'), { ceremony: 'z' })).rejects.toThrow(
      /a plan file ends in \.json/,
    );
  });

  it('reads only .json files a plan can be: strict keys, bounded strings, lists and size', async () => {
    const folder = temp.make();
    const write = (name: string, text: string) => {
      writeFileSync(join(folder, name), text);
      return join(folder, name);
    };
    await expect(readPlanFile(write('creds', '{}'))).rejects.toThrow(/plan files end in \.json/);
    await expect(
      readPlanFile(write('a.json', JSON.stringify({ ceremony: 'x', aws_secret: 'hunter2' }))),
    ).rejects.toThrow(/is not a Custos plan file/);
    await expect(
      readPlanFile(write('b.json', JSON.stringify({ applicationKey: { id: 1, extra: 'x' } }))),
    ).rejects.toThrow(/applicationKey is not a plan field/);
    await expect(
      readPlanFile(write('c.json', JSON.stringify({ ceremony: 'x'.repeat(513) }))),
    ).rejects.toThrow(/is not a Custos plan file/);
    await expect(
      readPlanFile(write('d.json', JSON.stringify({ custodians: Array(300).fill('a') }))),
    ).rejects.toThrow(/is not a Custos plan file/);
    await expect(
      readPlanFile(write('e.json', `{"contact":"${' '.repeat(70_000)}"}`)),
    ).rejects.toThrow(/too big to be a plan file/);
    await expect(readPlanFile(write('f.json', '[1]'))).rejects.toThrow(/is not a Custos plan/);
    const loaded = await readPlanFile(write('g.json', JSON.stringify({ ceremony: 'ok' })));
    expect(loaded.draft).toEqual({ ceremony: 'ok' });
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
