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
    await expect(writeFileAtomic(path, 'second', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(path, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['0x0003-authentication-key.yhw']);
  });

  it('fails cleanly when the folder does not exist', async () => {
    const dir = await folder();
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
