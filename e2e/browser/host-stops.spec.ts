// Custos stops while its window is open (issue 15, bug 9): the window says so at once, at the
// top, in view and with the focus, and no banner goes on saying simulated devices are connected.
// It stops with an initialization's plan open and the application key's password already in
// main: at the close, that password is nowhere in the ceremony folder, the user data, the host's
// output (its shutdown included) or the temporary folder with the browser profile.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { InitCeremonyPage } from '../support/init-ceremony';
import { textNeedles } from '../support/secrets-search';

const PRIMARY = 'sim:primary';
const PASSWORD = 'e2e-host-stops-password';

describe('browser host: Custos stops under an open window', () => {
  let custos: CustosSession;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'custos-e2e-host-stops-'));
    custos = await openCustos();
    custos.searchAtClose(textNeedles('the application key password', PASSWORD), [folder]);
  });

  afterAll(async () => {
    await custos?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('says Custos has stopped where the person is looking, and stops claiming devices are connected', async () => {
    const page = new InitCeremonyPage(custos.page);
    await custos.home.settledDevice(PRIMARY);
    await custos.home.startInitCeremony();
    await page.preflight(PRIMARY);
    await page.fillPlan({
      ceremony: 'Host stops rehearsal',
      folder: join(folder, 'ceremony'),
      custodians: ['Alice', 'Bob', 'Carol'],
      threshold: 2,
      applicationPassword: PASSWORD,
    });
    expect(await custos.home.rehearsalBanner().count()).toBe(1);
    // The person has scrolled down the plan. Scrolled at once: a wheel's scroll is animated and
    // could still be moving the page after the notice took the focus.
    await custos.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await custos.page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await custos.host.stop();

    const gone = custos.page.locator('[data-testid="host-gone"]');
    await gone.waitFor({ state: 'visible' });
    expect(await gone.textContent()).toMatch(/^Custos has stopped, so this window no longer sees/);
    const facts = await gone.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return {
        focused: document.activeElement === element,
        inView: box.top >= 0 && box.bottom <= window.innerHeight,
      };
    });
    expect(facts).toEqual({ focused: true, inView: true });
    expect(await custos.home.rehearsalBanner().count()).toBe(0);
  });
});
