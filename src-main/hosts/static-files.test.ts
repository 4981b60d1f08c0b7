import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStaticFile } from './static-files';

let base: string;
let renderer: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'custos-static-'));
  renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Custos</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer folder');
  symlinkSync(join(base, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('static files', () => {
  it('serves index.html for / and files by path with their content type', async () => {
    expect(await readStaticFile(renderer, '/')).toMatchObject({
      found: true,
      contentType: 'text/html; charset=utf-8',
    });
    const script = await readStaticFile(renderer, '/assets/app.js');
    expect(script).toMatchObject({ found: true, contentType: 'text/javascript; charset=utf-8' });
    if (script.found) expect(script.body.toString()).toBe('console.log(1)');
  });

  it('refuses every way out of the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
    ]) {
      const result = await readStaticFile(renderer, path);
      expect(result.found, path).toBe(false);
    }
    expect(await readStaticFile(renderer, '/assets/link.txt')).toEqual({
      found: false,
      status: 404,
    });
  });

  it('answers 404 for missing files and folders', async () => {
    expect(await readStaticFile(renderer, '/nope.js')).toEqual({ found: false, status: 404 });
    expect(await readStaticFile(renderer, '/assets')).toEqual({ found: false, status: 404 });
  });
});
