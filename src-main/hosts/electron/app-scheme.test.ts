import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsPolicy } from '../content-policy';
import { APP_START_URL, isAppUrl, serveAppRequest } from './app-scheme';

let base: string;
let renderer: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'custos-scheme-'));
  renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Custos</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(base, 'outside.txt'), 'not for the page');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('custos:// scheme', () => {
  it('recognises only the app origin', () => {
    expect(isAppUrl(APP_START_URL)).toBe(true);
    for (const url of [
      'custos://other/index.html',
      'https://app/index.html',
      'file:///index.html',
      'not a url',
    ])
      expect(isAppUrl(url), url).toBe(false);
  });

  it('serves the renderer with the strict CSP on every response', async () => {
    const page = await serveAppRequest(new Request(APP_START_URL), renderer);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('permissions-policy')).toBe(permissionsPolicy());
    expect(page.headers.get('permissions-policy')).toMatch(/^camera=\(self\), microphone=\(\), /);
    expect(await page.text()).toContain('<title>Custos</title>');
    const script = await serveAppRequest(new Request('custos://app/assets/app.js'), renderer);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const missing = await serveAppRequest(new Request('custos://app/nope.js'), renderer);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses other hosts, other methods and paths outside the renderer folder', async () => {
    expect((await serveAppRequest(new Request('custos://evil/index.html'), renderer)).status).toBe(
      404,
    );
    expect(
      (await serveAppRequest(new Request(APP_START_URL, { method: 'POST', body: 'x' }), renderer))
        .status,
    ).toBe(405);
    for (const url of [
      'custos://app/%2e%2e/outside.txt',
      'custos://app/assets/%2e%2e%2f%2e%2e%2foutside.txt',
      'custos://app/..%5coutside.txt',
    ]) {
      const answer = await serveAppRequest(new Request(url), renderer);
      expect(answer.status, url).toBeGreaterThanOrEqual(400);
      expect(await answer.text()).not.toContain('not for the page');
    }
  });
});
