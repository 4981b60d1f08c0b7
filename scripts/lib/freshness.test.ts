import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isFresh } from './freshness.mjs';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A checkout with one source file and one output, each given a modification time (seconds). */
function checkout(sourceTime: number, outputTime?: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'custos-fresh-'));
  folders.push(folder);
  mkdirSync(join(folder, 'src', 'deep'), { recursive: true });
  mkdirSync(join(folder, 'dist'));
  writeFileSync(join(folder, 'src', 'deep', 'a.ts'), 'export {};');
  utimesSync(join(folder, 'src', 'deep', 'a.ts'), sourceTime, sourceTime);
  if (outputTime !== undefined) {
    writeFileSync(join(folder, 'dist', 'out.mjs'), '');
    utimesSync(join(folder, 'dist', 'out.mjs'), outputTime, outputTime);
  }
  for (const path of [join(folder, 'src', 'deep'), join(folder, 'src')])
    utimesSync(path, 1_000, 1_000);
  return folder;
}

describe('whether a build is fresh', () => {
  it('is fresh only when the output is at least as new as every source below the folders', () => {
    expect(isFresh(checkout(2_000, 3_000), ['dist/out.mjs'], ['src'])).toBe(true);
    expect(isFresh(checkout(3_000, 2_000), ['dist/out.mjs'], ['src'])).toBe(false);
  });

  it('is stale when an output is missing, and ignores sources that do not exist', () => {
    expect(isFresh(checkout(2_000), ['dist/out.mjs'], ['src'])).toBe(false);
    expect(isFresh(checkout(2_000, 3_000), ['dist/out.mjs'], ['src', 'gone.json'])).toBe(true);
  });

  it('ignores tests and node_modules: editing them does not rebuild the app', () => {
    const folder = checkout(2_000, 3_000);
    for (const path of ['src/deep/a.test.ts', 'src/node_modules/x.js']) {
      mkdirSync(join(folder, path, '..'), { recursive: true });
      writeFileSync(join(folder, path), '');
      utimesSync(join(folder, path), 4_000, 4_000);
    }
    utimesSync(join(folder, 'src', 'deep'), 1_000, 1_000);
    utimesSync(join(folder, 'src', 'node_modules'), 1_000, 1_000);
    utimesSync(join(folder, 'src'), 1_000, 1_000);
    expect(isFresh(folder, ['dist/out.mjs'], ['src'])).toBe(true);
  });
});
