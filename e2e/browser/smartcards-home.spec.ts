// The SmartCard-HSM family on the home screen, through the real UI in the system Chromium and a
// real PC/SC stack (our own pcscd + vpcd, spec §7.3): the simulated SmartCard-HSM pair beside the
// simulated YubiHSM 2 pair under the rehearsal banner, a simulated card in a PC/SC reader as
// pcscd reports it, once pcscd is stopped the sentence that says to start it, and the card back
// when pcscd runs again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcscBinding } from '../../src-main/hsm/smartcard-hsm/pcsc/pcsc-binding';
import { SimulatedSmartCardHsm } from '../../src-main/hsm/smartcard-hsm/simulator/simulated-smartcard-hsm';
import { PcscTestStack } from '../../src-main/hsm/smartcard-hsm/testing/pcsc-stack';
import { stackPrerequisites } from '../../src-main/hsm/smartcard-hsm/testing/stack-prerequisites';
import { openCustos, type CustosSession } from '../support/custos';

const prerequisites = stackPrerequisites();
const binding = await pcscBinding();
const skipReason = !prerequisites.available
  ? prerequisites.reason
  : !binding.available
    ? `skipped: ${binding.reason}`
    : undefined;
if (skipReason) console.log(skipReason);

describe.skipIf(skipReason !== undefined)(
  'browser host: SmartCard-HSM devices on the home screen',
  () => {
    let stack: PcscTestStack;
    let card: SimulatedSmartCardHsm;
    let custos: CustosSession;

    beforeAll(async () => {
      stack = await PcscTestStack.start();
      card = await SimulatedSmartCardHsm.open();
      await stack.insertCard(card, 0);
      custos = await openCustos();
    });
    afterAll(async () => {
      await custos?.close();
      await card?.close();
      await stack?.stop();
    });

    const cardById = (id: string) =>
      custos.page.locator(`[data-testid="smartcard-card"][data-card-id="${id}"]`);

    it('lists the simulated SmartCard-HSM pair and a card in a PC/SC reader, under the rehearsal banner', async () => {
      const reader = cardById(`pcsc:${stack.readerName(0)}`);
      await reader.locator('[data-testid="smartcard-status"][data-status="ready"]').waitFor();
      expect(await reader.textContent()).toContain('Not initialised');
      expect(await reader.textContent()).toContain('PC/SC reader');
      for (const role of ['primary', 'secondary']) {
        const simulated = cardById(`sim-schsm:${role}`);
        await simulated.locator('[data-testid="smartcard-status"][data-status="ready"]').waitFor();
        expect(await simulated.textContent()).toContain(`Simulated SmartCard-HSM ${role}`);
        expect(await simulated.textContent()).toContain(
          'SmartCard-HSM version 3.5, never initialised.',
        );
      }
      await custos.home.rehearsalBanner().waitFor({ state: 'visible' });
      expect(await custos.page.locator('[data-testid="pcsc-unavailable"]').count()).toBe(0);
    });

    it('says to start pcscd when it stops, and keeps the simulated pair', async () => {
      await stack.stopPcscd();
      const notice = custos.page.locator('[data-testid="pcsc-unavailable"]');
      await notice.waitFor({ state: 'visible' });
      expect(await notice.textContent()).toContain(
        'Smart card readers are not available: The PC/SC service (pcscd) is not running; start pcscd',
      );
      await cardById(`pcsc:${stack.readerName(0)}`).waitFor({ state: 'detached' });
      expect(await cardById('sim-schsm:primary').count()).toBe(1);
    });

    it('takes the card back once pcscd runs again: the virtual card reconnects to vpcd by itself', async () => {
      await stack.restartPcscd();
      await stack.waitForCard(0, true);
      await custos.page.locator('[data-testid="pcsc-unavailable"]').waitFor({ state: 'detached' });
      const reader = cardById(`pcsc:${stack.readerName(0)}`);
      await reader.locator('[data-testid="smartcard-status"][data-status="ready"]').waitFor();
      expect(custos.problems).toEqual([]);
    });
  },
);
