import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SHEET_LIFETIME_MS, createSheetServer, type SheetServer } from './sheet-server';

const HTML = '<!doctype html><title>Share sheet</title><p>3-3-WRG84kPE…</p>';

let http: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  http = undefined;
});

/** Mounts the sheet handler on a loopback server the way the browser host does. */
async function host(sheets: SheetServer): Promise<string> {
  http = createServer((request, response) => {
    if (sheets.handle(request, response)) return;
    response.writeHead(418).end('host route');
  });
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

describe('createSheetServer', () => {
  it('serves the sheet once, with no-store and the sheet policy, then forgets it', async () => {
    const sheets = createSheetServer();
    const origin = await host(sheets);
    const { path } = sheets.offer(HTML);
    expect(path).toMatch(/^\/print\/sheet\/[A-Za-z0-9_-]{43}$/);
    expect(sheets.pending).toBe(1);

    const first = await fetch(origin + path);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe(HTML);
    expect(first.headers.get('cache-control')).toBe('no-store, max-age=0');
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; frame-ancestors 'self'",
    );
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(sheets.pending).toBe(0);

    const second = await fetch(origin + path);
    expect(second.status).toBe(404);
    const sentence = await second.text();
    expect(sentence).toMatch(/has been used or has expired\. Print the sheet again/);
    expect(sentence).not.toContain('3-3-');
  });

  it('expires an unfetched sheet after a minute', async () => {
    let clock = 1_000_000;
    const sheets = createSheetServer({ now: () => clock });
    const origin = await host(sheets);
    const { path, expiresAt } = sheets.offer(HTML);
    expect(expiresAt).toBe(1_000_000 + SHEET_LIFETIME_MS);
    clock = expiresAt - 1;
    expect(sheets.pending).toBe(1);
    clock = expiresAt;
    expect(sheets.pending).toBe(0);
    expect((await fetch(origin + path)).status).toBe(404);
    sheets.close();
  });

  it('refuses a wrong or partial token and leaves the real one usable', async () => {
    const sheets = createSheetServer();
    const origin = await host(sheets);
    const { path } = sheets.offer(HTML);
    expect((await fetch(`${origin}${path.slice(0, -1)}x`)).status).toBe(404);
    expect((await fetch(`${origin}/print/sheet/`)).status).toBe(404);
    expect((await fetch(origin + path)).status).toBe(200);
  });

  it('does not let HEAD or POST use up the one fetch', async () => {
    const sheets = createSheetServer();
    const origin = await host(sheets);
    const { path } = sheets.offer(HTML);
    const head = await fetch(origin + path, { method: 'HEAD' });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('GET');
    expect((await fetch(origin + path, { method: 'POST' })).status).toBe(405);
    expect((await fetch(origin + path)).status).toBe(200);
  });

  it('leaves every other path to the host', async () => {
    const sheets = createSheetServer();
    const origin = await host(sheets);
    expect((await fetch(`${origin}/api/devices`)).status).toBe(418);
    expect((await fetch(`${origin}/print/sheets`)).status).toBe(418);
  });

  it('gives each sheet its own token and drops all of them on close', async () => {
    const sheets = createSheetServer();
    const origin = await host(sheets);
    const a = sheets.offer(HTML);
    const b = sheets.offer(`${HTML}<p>other</p>`);
    expect(a.path).not.toBe(b.path);
    expect(sheets.pending).toBe(2);
    sheets.close();
    expect(sheets.pending).toBe(0);
    expect((await fetch(origin + a.path)).status).toBe(404);
  });

  it('keeps the opener policy of the page that opens it, so that page can close the sheet window', async () => {
    const sheets = createSheetServer();
    const origin = await host(sheets);
    const { path } = sheets.offer(HTML);
    expect((await fetch(origin + path)).headers.get('cross-origin-opener-policy')).toBe(
      'same-origin',
    );
  });

  it('tells the offerer when its sheet is fetched, once, and never hands it the sheet', async () => {
    const sheets = createSheetServer();
    const origin = await host(sheets);
    const heard: unknown[][] = [];
    const { path } = sheets.offer(HTML, {
      onFetched: (...args: unknown[]) => heard.push(['fetched', ...args]),
      onExpired: () => heard.push(['expired']),
    });
    await fetch(origin + path, { method: 'HEAD' });
    expect(heard).toEqual([]);
    await fetch(origin + path);
    await fetch(origin + path);
    expect(heard).toEqual([['fetched']]);
  });

  it('tells the offerer when an unfetched sheet expires, and a withdrawn sheet is gone at once', async () => {
    const timers: (() => void)[] = [];
    const sheets = createSheetServer({
      setTimer: (callback) => {
        timers.push(callback);
        return () => void timers.splice(timers.indexOf(callback), 1);
      },
    });
    const origin = await host(sheets);
    const heard: string[] = [];
    sheets.offer(HTML, { onExpired: () => heard.push('first expired') });
    const second = sheets.offer(HTML, {
      onExpired: () => heard.push('second expired'),
      onFetched: () => heard.push('second fetched'),
    });
    expect(timers).toHaveLength(2);
    timers[0]!();
    expect(heard).toEqual(['first expired']);
    expect(sheets.pending).toBe(1);

    sheets.withdraw(second.path);
    expect(timers).toHaveLength(0);
    expect(sheets.pending).toBe(0);
    expect((await fetch(origin + second.path)).status).toBe(404);
    expect(heard).toEqual(['first expired']);
  });

  it('refuses a guessable token source', () => {
    expect(() => createSheetServer({ newToken: () => 'abc' }).offer(HTML)).toThrow(/at least 32/);
  });
});
