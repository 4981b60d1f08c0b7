import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CHANNELS } from '../../../shared/ipc/contract';
import type { DeviceView } from '../../../shared/ipc/devices';
import { failure, ok } from '../../../shared/ipc/result';
import { createLogger, memorySink } from '../../log/logger';
import { createEventHub } from '../../ipc/events';
import { createIpcRouter } from '../../ipc/router';
import type { Handlers } from '../../ipc/router';
import { socketPolicy } from '../../ipc/sender';
import { connectCustos, CONNECTION_LOST } from './bridge/bridge-core';
import { encodeContractTable, contractTable } from '../contract-table';
import { permissionsPolicy } from '../content-policy';
import { createSheetServer } from '../../print/sheet-server';
import { startBrowserHost } from './http-host';
import type { BrowserHost } from './http-host';

const TOKEN = 'a3'.repeat(32);
const DEVICE: DeviceView = {
  id: 'sim:primary',
  name: 'Simulated primary',
  serial: 7550001,
  transport: 'simulator',
  firmware: '2.4.0',
  simulated: true,
  status: { kind: 'factory-fresh', usedSlots: 1, totalSlots: 256 },
};

let folder: string;
let host: BrowserHost;
let cookie: string;
/** The answer to opening the launch link the first time (done once, in beforeAll). */
let launch: Answer;
const sink = memorySink();
const logger = createLogger({ sinks: [sink], level: 'debug' });
const events = createEventHub(logger);
const sheets = createSheetServer();

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method,
        headers: { Host: `127.0.0.1:${host.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket and reports whether the host accepted it (or the HTTP status it refused with). */
function tryUpgrade(
  headers: Record<string, string>,
  origin: string | undefined,
  path = '/__custos/socket',
): Promise<{ opened: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, {
      headers,
      ...(origin ? { origin } : {}),
    });
    ws.once('open', () => resolve({ opened: ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'custos-host-'));
  mkdirSync(join(folder, 'assets'));
  writeFileSync(
    join(folder, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./assets/app.js"></script></head><body></body></html>',
  );
  writeFileSync(join(folder, 'assets', 'app.js'), 'export {};');
  const all = Object.fromEntries(
    Object.keys(CHANNELS).map((channel) => [channel, () => failure('internal', 'not used')]),
  );
  const overrides: Partial<Handlers> = { 'device/list': () => ok([DEVICE]) };
  const handlers = { ...all, ...overrides } as Handlers;
  const router = createIpcRouter({ handlers, senderPolicy: socketPolicy(), logger });
  host = await startBrowserHost({
    rendererFolder: folder,
    bridgeScript: '/* bridge */',
    router,
    events,
    logger,
    token: TOKEN,
    sheets,
  });
  launch = await get(`/?token=${TOKEN}`);
  cookie = String(launch.headers['set-cookie']?.[0]).split(';')[0]!;
});

afterAll(async () => {
  sheets.close();
  await host.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('browser host over loopback HTTP', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((nic) => nic && nic.family === 'IPv4' && !nic.internal);
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: external.address, port: host.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  });

  it('refuses requests without the token or cookie, and with a wrong token', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
    expect((await get('/__custos/bridge.js')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect(
      (await get('/', { Cookie: `custos_session_${host.port}=${'00'.repeat(32)}` })).status,
    ).toBe(403);
    expect((await get('/', { Cookie: `custos_session_1=${TOKEN}` })).status).toBe(403);
  });

  it('exchanges the launch token for an HttpOnly SameSite=Strict session cookie that is not the token', () => {
    expect(launch.status).toBe(303);
    expect(launch.headers.location).toBe('/');
    expect(launch.headers['set-cookie']).toEqual([
      expect.stringMatching(
        new RegExp(`^custos_session_${host.port}=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/$`),
      ),
    ]);
    expect(cookie).not.toContain(TOKEN);
  });

  it('lets the launch link work once: a second user of the link is refused, the session holder is let through', async () => {
    // The link is visible on Chromium's command line to other local users.
    const second = await get(`/?token=${TOKEN}`);
    expect(second.status).toBe(403);
    expect(second.headers['set-cookie']).toBeUndefined();
    const reload = await get(`/?token=${TOKEN}`, { Cookie: cookie });
    expect(reload.status).toBe(303);
    expect(reload.headers['set-cookie']).toBeUndefined();
    expect((await get('/', { Cookie: `custos_session_${host.port}=${TOKEN}` })).status).toBe(403);
  });

  it('serves the renderer with the bridge first in <head> and a strict CSP', async () => {
    const page = await get('/', { Cookie: cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain(
      `<head><script src="/__custos/bridge.js" data-contract="${encodeContractTable()}"></script><meta charset="utf-8">`,
    );
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // The camera for the page's own origin (scan-back), the microphone and the rest for no one.
    expect(page.headers['permissions-policy']).toBe(permissionsPolicy());
    expect(page.headers['permissions-policy']).toMatch(/^camera=\(self\), microphone=\(\), /);
    expect((await get('/__custos/bridge.js', { Cookie: cookie })).body).toBe('/* bridge */');
    expect((await get('/assets/app.js', { Cookie: cookie })).body).toBe('export {};');
    expect((await get('/missing.js', { Cookie: cookie })).status).toBe(404);
    expect((await get('/', { Cookie: cookie }, 'POST')).status).toBe(405);
  });

  it('refuses any Host header but its own, even with a valid cookie (DNS rebinding)', async () => {
    for (const hostHeader of [
      `localhost:${host.port}`,
      `evil.example:${host.port}`,
      '127.0.0.1',
      `127.0.0.1:${host.port + 1}`,
      `[::1]:${host.port}`,
    ]) {
      expect((await get('/', { Cookie: cookie, Host: hostHeader })).status, hostHeader).toBe(403);
      expect((await get(`/?token=${TOKEN}`, { Host: hostHeader })).status, hostHeader).toBe(403);
    }
  });

  it('logs refusals without the token', () => {
    const log = sink.lines.join('\n');
    expect(log).toContain('browser host refused a request');
    expect(log).toContain('Host header is not this host');
    expect(log).not.toContain(TOKEN);
  });
});

describe('browser host share sheets', () => {
  const SHEET = '<!doctype html><title>Share 2 of 3</title><p>Bob Brandt</p>';

  it('serves an offered sheet once, to the session holder only, with the sheet policy and no-store', async () => {
    let fetched = 0;
    const { path } = sheets.offer(SHEET, { onFetched: () => (fetched += 1) });
    // No session, a stolen launch token, or another Host: refused before the sheet is touched.
    expect((await get(path)).status).toBe(403);
    expect((await get(`${path}?token=${TOKEN}`)).status).toBe(403);
    expect((await get(path, { Cookie: cookie, Host: `localhost:${host.port}` })).status).toBe(403);
    expect(fetched).toBe(0);
    expect(sheets.pending).toBe(1);

    const sheet = await get(path, { Cookie: cookie });
    expect(sheet.status).toBe(200);
    expect(sheet.body).toBe(SHEET);
    expect(sheet.headers['cache-control']).toBe('no-store, max-age=0');
    expect(sheet.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; frame-ancestors 'self'",
    );
    expect(sheet.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(fetched).toBe(1);

    const again = await get(path, { Cookie: cookie });
    expect(again.status).toBe(404);
    expect(again.body).not.toContain('Bob Brandt');
  });

  it('lets a HEAD through the host without using up the sheet', async () => {
    const { path } = sheets.offer(SHEET);
    expect((await get(path, { Cookie: cookie }, 'HEAD')).status).toBe(405);
    expect((await get(path, { Cookie: cookie })).status).toBe(200);
  });
});

describe('browser host WebSocket', () => {
  it('refuses upgrades without the cookie, from another origin, with another Host or path', async () => {
    const own = host.origin;
    expect(await tryUpgrade({}, own)).toEqual({ status: 403 });
    expect(await tryUpgrade({ Cookie: cookie }, undefined)).toEqual({ status: 403 });
    expect(await tryUpgrade({ Cookie: cookie }, 'http://evil.example')).toEqual({ status: 403 });
    expect(await tryUpgrade({ Cookie: cookie }, `http://localhost:${host.port}`)).toEqual({
      status: 403,
    });
    expect(await tryUpgrade({ Cookie: cookie }, 'null')).toEqual({ status: 403 });
    expect(await tryUpgrade({ Cookie: cookie, Host: `localhost:${host.port}` }, own)).toEqual({
      status: 403,
    });
    expect(await tryUpgrade({ Cookie: cookie }, own, '/other')).toEqual({ status: 403 });
    expect(sink.lines.join('\n')).toContain('WebSocket Origin is not this host');
  });

  it('carries calls and events for the bridge once authenticated', async () => {
    const attempt = await tryUpgrade({ Cookie: cookie }, host.origin);
    if (!('opened' in attempt)) throw new Error(`socket refused with ${attempt.status}`);
    const custos = connectCustos(attempt.opened, contractTable());
    expect(await custos.listDevices({})).toEqual({ ok: true, data: [DEVICE] });
    expect(await custos.hostInfo({})).toMatchObject({ ok: false, code: 'internal' });
    expect(await custos.listDevices({ extra: 1 } as never)).toMatchObject({
      ok: false,
      code: 'invalid-request',
    });

    const seen = new Promise<unknown>((resolve) => custos.on('device/changed', resolve));
    events.emit('device/changed', [DEVICE]);
    expect(await seen).toEqual([DEVICE]);
    expect(() => custos.on('device/unknown' as never, () => undefined)).toThrow(TypeError);
    expect(Object.keys(custos)).not.toContain('invoke');

    attempt.opened.close();
    await new Promise((resolve) => attempt.opened.once('close', resolve));
    await expect(custos.listDevices({})).rejects.toThrow(CONNECTION_LOST);
  });

  it('closes a socket that sends something other than a call', async () => {
    const attempt = await tryUpgrade({ Cookie: cookie }, host.origin);
    if (!('opened' in attempt)) throw new Error('socket refused');
    const closed = new Promise<number>((resolve) => attempt.opened.once('close', resolve));
    attempt.opened.send('{"type":"invoke","channel":"device/list"}');
    expect(await closed).toBe(1008);
  });
});
