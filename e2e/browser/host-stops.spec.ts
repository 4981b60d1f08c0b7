// Custos stops while its window is open (issue 15, bug 9): the window says so at once, at the
// top, in view and with the focus, and no banner goes on saying simulated devices are connected.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { VerifyPage } from '../support/verify-ceremony';

describe('browser host: Custos stops under an open window', () => {
  let custos: CustosSession;

  beforeAll(async () => {
    custos = await openCustos();
  });

  afterAll(async () => {
    await custos?.close();
  });

  it('says Custos has stopped where the person is looking, and stops claiming devices are connected', async () => {
    const verify = new VerifyPage(custos.page);
    await verify.startFromHome();
    expect(await custos.home.rehearsalBanner().count()).toBe(1);
    await custos.page.mouse.wheel(0, 2000);
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
