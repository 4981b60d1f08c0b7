import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempFolders } from '../testing/temp-folders';
import { isSameOrWithin } from './folder-within';

const temp = new TempFolders('custos-within-');
afterEach(() => temp.removeAll());

describe('isSameOrWithin', () => {
  it('says a folder is within itself and its subfolders, existing or not, and not within a sibling', async () => {
    const base = temp.make();
    const ceremony = join(base, 'ceremony');
    expect(await isSameOrWithin(ceremony, ceremony)).toBe(true);
    expect(await isSameOrWithin(`${ceremony}/`, ceremony)).toBe(true);
    expect(await isSameOrWithin(join(ceremony, 'shares', 'deeper'), ceremony)).toBe(true);
    expect(await isSameOrWithin(join(ceremony, '..', 'shares'), ceremony)).toBe(false);
    expect(await isSameOrWithin(join(base, 'ceremony-shares'), ceremony)).toBe(false);
    expect(await isSameOrWithin(join(base, '..shares'), base)).toBe(true);
    expect(await isSameOrWithin(base, ceremony)).toBe(false);
  });

  it('follows a symbolic link into the folder', async () => {
    const base = temp.make();
    const ceremony = join(base, 'ceremony');
    mkdirSync(ceremony);
    symlinkSync(ceremony, join(base, 'link'));
    expect(await isSameOrWithin(join(base, 'link', 'shares'), ceremony)).toBe(true);
  });

  it('ignores case where the file system does', async () => {
    const base = temp.make();
    expect(
      await isSameOrWithin(join(base, 'Ceremony', 'shares'), join(base, 'ceremony'), 'darwin'),
    ).toBe(true);
    expect(
      await isSameOrWithin(join(base, 'Ceremony', 'shares'), join(base, 'ceremony'), 'linux'),
    ).toBe(false);
  });
});
