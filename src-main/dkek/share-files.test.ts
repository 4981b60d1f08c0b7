import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readShareFile } from './share-files';
import { V2, hex } from './spec-vectors';

let folder: string;
const shown = (path: string) => path.slice(folder.length + 1);

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-dkek-files-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('reading a .pbe file from disk', () => {
  it('reads the first 64 bytes and counts the rest, which sc-hsm-tool ignores', async () => {
    const path = join(folder, 'long.pbe');
    await writeFile(path, Buffer.concat([hex(V2.file), Buffer.alloc(100_000, 7)]));
    const read = await readShareFile(path, { shown });
    expect(Buffer.from(read.bytes).toString('hex')).toBe(V2.file);
    expect(read.ignoredBytes).toBe(100_000);
  });

  it('refuses a missing file, a folder, an empty and a truncated file with sentences', async () => {
    await expect(readShareFile(join(folder, 'none.pbe'), { shown })).rejects.toThrow(
      /none\.pbe cannot be read; check the path/,
    );
    await expect(readShareFile(folder, { shown })).rejects.toThrow(/cannot be read/);
    await writeFile(join(folder, 'empty.pbe'), '');
    await expect(readShareFile(join(folder, 'empty.pbe'), { shown })).rejects.toThrow(
      /empty\.pbe is 0 bytes long, but a DKEK share file is 64/,
    );
    await writeFile(join(folder, 'short.pbe'), hex(V2.file).subarray(0, 40));
    await expect(readShareFile(join(folder, 'short.pbe'), { shown })).rejects.toThrow(
      /short\.pbe is 40 bytes long/,
    );
  });
});
