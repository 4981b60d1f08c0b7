// The app shell in the browser host, driven through the real UI in the system Chromium: the
// simulated devices appear with their serials, a wizard starts and cancels, the rehearsal
// banner is shown, and the page talks to main only through window.custos.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';

// The embedded simulators' serials (src-main/services/embedded-simulators.ts).
const PRIMARY = { id: 'sim:primary', serial: '7550001' };
const SECONDARY = { id: 'sim:secondary', serial: '7550002' };

describe('browser host: app shell', () => {
  let custos: CustosSession;
  beforeAll(async () => {
    custos = await openCustos();
  });
  afterAll(async () => {
    await custos?.close();
  });

  it('lists the simulated primary and secondary with their serials, factory-fresh', async () => {
    const primary = await custos.home.settledDevice(PRIMARY.id);
    const secondary = await custos.home.settledDevice(SECONDARY.id);
    expect(primary).toMatchObject({
      serial: PRIMARY.serial,
      firmware: '2.4.0',
      status: 'factory-fresh',
    });
    expect(secondary).toMatchObject({
      serial: SECONDARY.serial,
      firmware: '2.4.0',
      status: 'factory-fresh',
    });
    expect(primary.slots).toMatch(/^1 of \d+ used$/);
    expect(await custos.home.listedDeviceIds()).toEqual([PRIMARY.id, SECONDARY.id]);
  });

  it('shows the rehearsal banner while simulated devices are in use', async () => {
    await custos.home.rehearsalBanner().waitFor({ state: 'visible' });
    expect(await custos.home.rehearsalBanner().textContent()).toMatch(/rehearsal/i);
  });

  it('starts the Initialize primary wizard and cancels back to the home screen', async () => {
    const wizard = await custos.home.startInitCeremony();
    expect(await wizard.currentStepId()).toBeTruthy();
    expect((await wizard.stepTitles()).length).toBeGreaterThan(1);
    // The last test asserts axe checked this screen: leave it only once that run finished.
    await custos.accessibilityChecked(`init/${await wizard.currentStepId()}`);
    await wizard.cancel();
    await custos.home.settledDevice(PRIMARY.id);
  });

  it('gives the page window.custos with named methods only, reporting the browser host', async () => {
    const seen = await custos.page.evaluate(async () => {
      const api = (
        window as unknown as {
          custos: Record<string, unknown> & { hostInfo(r: object): Promise<unknown> };
        }
      ).custos;
      return {
        keys: Object.keys(api),
        info: await api.hostInfo({}),
        writable: Object.getOwnPropertyDescriptor(window, 'custos')?.writable,
      };
    });
    expect(seen.keys).toContain('listDevices');
    expect(seen.keys).toContain('on');
    expect(seen.keys).not.toContain('invoke');
    expect(seen.info).toMatchObject({ ok: true, data: { host: 'browser' } });
    expect(seen.writable).toBe(false);
  });

  it('refuses the bridge socket to a page from another origin', async () => {
    const stranger = await custos.browser.newPage();
    await stranger.goto('about:blank');
    const socketUrl = `${custos.host.origin.replace('http', 'ws')}/__custos/socket`;
    const outcome = await stranger.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onopen = () => resolve('opened');
          socket.onerror = () => resolve('refused');
        }),
      socketUrl,
    );
    await stranger.close();
    expect(outcome).toBe('refused');
  });

  it('ran without page errors, console errors or accessibility violations', () => {
    expect(custos.problems).toEqual([]);
    // axe really ran, on the screens this file visited.
    expect(custos.accessibilityChecks).toEqual(expect.arrayContaining(['home', 'init/preflight']));
  });
});

describe('browser host: simulated devices persist', () => {
  it('shows the same simulated devices after a restart on the same user-data folder', async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'custos-e2e-persist-'));
    try {
      const first = await openCustos({ userDataDir });
      const before = [
        await first.home.settledDevice(PRIMARY.id),
        await first.home.settledDevice(SECONDARY.id),
      ];
      await first.close();
      const second = await openCustos({ userDataDir });
      const after = [
        await second.home.settledDevice(PRIMARY.id),
        await second.home.settledDevice(SECONDARY.id),
      ];
      await second.close();
      expect(after).toEqual(before);
    } finally {
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});

describe('browser host: axe does not weaken the CSP', () => {
  let custos: CustosSession;
  beforeAll(async () => {
    custos = await openCustos();
  });
  afterAll(async () => {
    await custos?.close();
  });

  it('keeps its CSP while axe checks it: axe lives in an isolated world, and an injected inline script is refused', async () => {
    const page = custos.page;
    expect(custos.problems).toEqual([]);
    await page.addScriptTag({ content: 'window.__injectedInline = true;' }).catch(() => undefined);
    const seen = await page.evaluate(() => ({
      injected: (window as unknown as Record<string, unknown>).__injectedInline,
      axe: typeof (window as unknown as Record<string, unknown>).axe,
      report: typeof (window as unknown as Record<string, unknown>).__custosAxeReport,
    }));
    expect(seen).toEqual({ injected: undefined, axe: 'undefined', report: 'undefined' });
    // The only problems are the CSP's own refusals of the injected script.
    const refusals = custos.problems;
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals)
      expect(refusal).toMatch(
        /(Refused to execute|Executing) inline script .*Content Security Policy/,
      );
    // And axe ran meanwhile, on the home screen.
    await custos.accessibilityChecked('home');
    expect(custos.accessibilityChecks).toContain('home');
  });
});
