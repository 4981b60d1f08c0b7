// The app shell in the Electron host: the same checks as the browser spec, through the real
// hardened window. Where the Electron binary is not installed (offline installs, CI, these
// development machines) the spec says so and skips.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary, openElectron } from '../support/electron';
import type { ElectronSession } from '../support/electron';

const binary = electronBinary();
if (!binary) console.log('skipped: no Electron binary');

describe.skipIf(!binary)('Electron host: app shell', () => {
  let custos: ElectronSession;
  beforeAll(async () => {
    custos = await openElectron(binary!);
  });
  afterAll(async () => {
    await custos?.close();
  });

  it('lists the simulated primary and secondary with their serials', async () => {
    expect(await custos.home.settledDevice('sim:primary')).toMatchObject({
      serial: '7550001',
      status: 'factory-fresh',
    });
    expect(await custos.home.settledDevice('sim:secondary')).toMatchObject({
      serial: '7550002',
      status: 'factory-fresh',
    });
  });

  it('shows the rehearsal banner', async () => {
    await custos.home.rehearsalBanner().waitFor({ state: 'visible' });
  });

  it('starts the Initialize primary wizard and cancels back home', async () => {
    const wizard = await custos.home.startInitCeremony();
    await wizard.cancel();
  });

  it('serves the page from custos://app with the Electron host reported and no Node in the page', async () => {
    expect(custos.page.url()).toBe('custos://app/index.html');
    const seen = await custos.page.evaluate(async () => ({
      info: await (
        window as unknown as { custos: { hostInfo(r: object): Promise<unknown> } }
      ).custos.hostInfo({}),
      node: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(seen).toEqual({
      info: expect.objectContaining({
        ok: true,
        data: expect.objectContaining({ host: 'electron' }),
      }),
      node: 'undefined',
      process: 'undefined',
    });
  });

  it('protects the window from screenshots and screen sharing, and refuses new windows', async () => {
    const protectedWindow = await custos.app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]!.isContentProtected(),
    );
    expect(protectedWindow).toBe(true);
    await custos.page.evaluate(() => window.open('https://example.com/', '_blank'));
    expect(custos.app.windows()).toHaveLength(1);
  });
});
