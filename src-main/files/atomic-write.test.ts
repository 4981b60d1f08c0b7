import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write';

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'custos-atomic-'));
}

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file behind', async () => {
    const dir = await folder();
    const path = join(dir, 'ceremony.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['ceremony.json']);
  });

  it('refuses to overwrite in exclusive mode and keeps the old content', async () => {
    const dir = await folder();
    const path = join(dir, '0x0003-authentication-key.yhw');
    await writeFile(path, 'first');
    await expect(writeFileAtomic(path, 'second', { exclusive: true })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await readFile(path, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['0x0003-authentication-key.yhw']);
  });

  it('lets exactly one of several writers racing for the same new name win in exclusive mode', async () => {
    const dir = await folder();
    const path = join(dir, 'verification-20260601-101000-7550002.html');
    const writers = ['a', 'b', 'c', 'd', 'e'].map((who) =>
      writeFileAtomic(path, who, { exclusive: true }),
    );
    const outcomes = await Promise.allSettled(writers);
    const won = outcomes.flatMap((o, i) =>
      o.status === 'fulfilled' ? [['a', 'b', 'c', 'd', 'e'][i]!] : [],
    );
    expect(won).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected')
        expect(o.reason).toMatchObject({
          code: 'EEXIST',
          message: `${path} already exists and will not be overwritten`,
        });
    }
    expect(await readFile(path, 'utf8')).toBe(won[0]);
    expect(await readdir(dir)).toEqual(['verification-20260601-101000-7550002.html']);
  });

  it('fails cleanly when the folder does not exist', async () => {
    const dir = await folder();
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
