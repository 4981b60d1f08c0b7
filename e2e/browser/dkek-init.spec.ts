// The DKEK initialisation through the real UI in the system Chromium, on the browser host's
// simulated SmartCard-HSM primary: two share files (Alice's typed password; a 2-of-3 password
// split among Bob, Carol and Dan), each password share handed to its custodian with a wrong spot
// check named and the turn still usable, the set proven before the device is touched, the device
// initialised and both shares imported with total and outstanding after each, the KCV compared
// and shown in the record; axe on every screen; then no password or password share anywhere the
// host or the browser wrote. The key derivation runs at 1 round here (CUSTOS_TEST_DKEK_ITERATIONS,
// honoured only under NODE_ENV=test): the real 10^7 is measured in bench/, not in a UI spec.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, CeremonyFramePage } from '../support/ceremony-page';
import { openCustos, type CustosSession } from '../support/custos';
import { searchAfterCeremony, textNeedles } from '../support/secrets-search';

const ALICE_PASSWORD = 'alice-dkek-e2e-password-0042';
const SO_PIN = '3537363231383830';
const PIN = '648219';

describe('browser host: initialise the simulated SmartCard-HSM with a DKEK', () => {
  let custos: CustosSession;
  let ceremony: CeremonyFramePage;
  let folder: string;
  let parent: string;
  const revealed: string[] = [];

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-dkek-e2e-'));
    folder = join(parent, 'ceremony');
    custos = await openCustos({ env: { CUSTOS_TEST_DKEK_ITERATIONS: '1' } });
    ceremony = new CeremonyFramePage(custos.page, 'dkek-init');
  });
  afterAll(async () => {
    await custos?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  const fill = (id: string, value: string) => ceremony.testId(id).fill(value);

  it('makes the shares, hands each password share over, initialises the device and shows the KCV', async () => {
    // Started beside the SmartCard-HSM list (the Ceremonies list offers it too).
    expect(await custos.page.locator(byTestId('ceremony-start-dkek-init')).count()).toBe(1);
    await custos.page.locator(byTestId('smartcard-dkek-init')).click();
    await ceremony.waitForStep('preflight');
    await ceremony.testId('dkek-device-sim-schsm:primary').check();
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-read-device').click(),
      byTestId('dkek-preflight'),
    );
    expect(await ceremony.text('dkek-initialised')).toContain('No');
    await ceremony.settling(() => ceremony.forward('to-plan'));
    await ceremony.waitForStep('plan');

    await fill('dkek-ceremony', 'DKEK e2e rehearsal');
    await fill('dkek-folder', folder);
    await fill('dkek-so-pin', SO_PIN);
    await fill('dkek-so-pin-again', SO_PIN);
    await fill('dkek-pin', PIN);
    await fill('dkek-pin-again', PIN);
    await ceremony.testId('dkek-mode-shares').check();
    await ceremony.testId('dkek-add-password-share').click();
    await fill('dkek-share-1-custodian', 'Alice');
    await fill('dkek-share-1-password', ALICE_PASSWORD);
    await fill('dkek-share-1-password-again', ALICE_PASSWORD);
    await ceremony.testId('dkek-add-split-share').click();
    await fill('dkek-share-2-custodians', 'Bob, Carol, Dan');
    await fill('dkek-share-2-threshold', '2');
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-set-plan').click(),
      byTestId('dkek-plan-summary'),
    );
    expect(await ceremony.testId('dkek-plan-share').count()).toBe(2);

    await ceremony.intentShowing(
      () => ceremony.forward('to-shares'),
      byTestId('dkek-turn-handover'),
    );
    await ceremony.waitForStep('shares');
    for (const custodian of ['Bob', 'Carol', 'Dan']) {
      expect(await ceremony.text('dkek-turn-handover')).toContain(custodian);
      await ceremony.intentShowing(
        () => ceremony.testId('dkek-turn-show').click(),
        byTestId('dkek-turn-reveal'),
      );
      const value = await ceremony.text('dkek-reveal-value');
      revealed.push(value);
      await ceremony.intentShowing(
        () => ceremony.testId('dkek-turn-recorded').click(),
        byTestId('dkek-turn-check'),
      );
      if (custodian === 'Bob') {
        custos.expectRefusal(/not Bob's share value/);
        await fill('dkek-turn-check-value', 'ffffffffffffffff');
        await ceremony.settling(() => ceremony.testId('dkek-turn-check-submit').click());
        expect(await ceremony.refusal()).toContain("That is not Bob's share value as shown");
        // The turn is still usable: the check is asked again.
        expect(await ceremony.testId('dkek-turn-check').count()).toBe(1);
      }
      await fill('dkek-turn-check-value', value);
      await ceremony.intentShowing(
        () => ceremony.testId('dkek-turn-check-submit').click(),
        byTestId('dkek-turn-cleared'),
      );
      await ceremony.settling(() => ceremony.testId('dkek-turn-next').click());
    }
    expect(await ceremony.text('dkek-turns')).toContain('3 of 3');
    await ceremony.intentShowing(() => ceremony.forward('prove'), byTestId('dkek-files-kcv'));
    const filesKcv = /([0-9A-F]{16})/.exec(await ceremony.text('dkek-files-kcv'))![1]!;

    await ceremony.settling(() => ceremony.forward('to-device'));
    await ceremony.waitForStep('device');
    await ceremony.settling(() => ceremony.forward('initialise'));
    expect(await ceremony.text('dkek-device-outstanding')).toContain('outstanding: 2');
    await ceremony.settling(() => ceremony.forward('import'));
    expect(await ceremony.text('dkek-device-outstanding')).toContain('outstanding: 1');
    await ceremony.intentShowing(() => ceremony.forward('import'), byTestId('dkek-device-kcv'));
    expect(await ceremony.text('dkek-device-outstanding')).toContain('outstanding: 0');
    expect(await ceremony.text('dkek-device-kcv')).toContain(
      `${filesKcv}, the same as computed from the share files`,
    );
    await ceremony.intentShowing(() => ceremony.forward('finish'), byTestId('dkek-record-kcv'));
    expect(await ceremony.text('dkek-record-kcv')).toBe(filesKcv);
    await custos.accessibilityChecked('dkek-init/record');
    for (const step of ['preflight', 'plan', 'shares', 'device', 'record'])
      expect(custos.accessibilityChecks).toContain(`dkek-init/${step}`);
    await ceremony.done();
    expect(custos.problems).toEqual([]);
  });

  it('asks for the serial and the keys before a re-initialisation, and names a wrong serial', async () => {
    await custos.page.locator(byTestId('smartcard-dkek-init')).click();
    await ceremony.waitForStep('preflight');
    await ceremony.testId('dkek-device-sim-schsm:primary').check();
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-read-device').click(),
      byTestId('dkek-reinitialise'),
    );
    expect(await ceremony.text('dkek-keys')).toContain('Rehearsal');
    const serial = (await custos.page.locator(`${byTestId('dkek-device')} .mono`).textContent())!;
    custos.expectRefusal(/Type the device's serial/);
    await fill('dkek-reinitialise-serial', 'NOT-THE-SERIAL');
    await fill('dkek-reinitialise-keys', '2');
    await ceremony.settling(() => ceremony.testId('dkek-reinitialise-confirm').click());
    expect(await ceremony.refusal()).toContain(`Type the device's serial (${serial}) exactly`);
    await fill('dkek-reinitialise-serial', serial);
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-reinitialise-confirm').click(),
      byTestId('dkek-reinitialise-confirmed'),
    );
    await ceremony.cancel();
    await ceremony.testId('home-screen').waitFor({ state: 'visible' });
    expect(custos.problems).toEqual([]);
  });

  it('leaves no password or password share where the host or the browser wrote', async () => {
    expect(revealed).toHaveLength(3);
    const needles = [
      ...textNeedles("Alice's password", ALICE_PASSWORD),
      ...revealed.flatMap((value, index) => [
        ...textNeedles(`password share ${index + 1}`, value),
        ...textNeedles(`password share ${index + 1} (bare)`, value.replace(/[\s:]/g, '')),
      ]),
    ];
    const { hits, profileSearched } = searchAfterCeremony(custos, [folder], needles);
    expect(profileSearched).toBe(true);
    expect(hits).toEqual([]);
  });
});
