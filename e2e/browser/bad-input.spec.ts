// Bad input through the UI (issue 15): for each kind of refusal, the sentence is shown where the
// person is looking (in the viewport, below the banner), nothing stays busy, the focus is on
// the sentence or on the field to fix, Cancel is still offered, and the right input then works
// from the same screen. The ceremony, its primary and its clone come from
// support/ceremony-devices.ts; the wrong passwords are in failed-device-steps.spec.ts and
// restore-entry.spec.ts. At the close, no share, wrap key or password of the ceremony in any
// printed form in its folder, the user data, the host's output or the browser's temporary folder.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settling } from '../support/app-events';
import { BackupPage } from '../support/backup-ceremony';
import { APP_PASSWORD, ceremonyDevices } from '../support/ceremony-devices';
import type { CeremonyDevices } from '../support/ceremony-devices';
import type { CeremonyPage } from '../support/ceremony-page';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { RestorePage } from '../support/restore-ceremony';
import { shareSetNeedles, textNeedles } from '../support/secrets-search';
import { VerifyPage } from '../support/verify-ceremony';

/** Types a folder into the source step and waits for main's answer. */
async function offerFolder(page: CeremonyPage, folder: string): Promise<void> {
  await page.testId(`${page.ceremony}-folder`).fill(folder);
  await page.settling(() => page.testId(`${page.ceremony}-folder-set`).click());
}

/** The person can go on from here: nothing busy, the sentence in view, the focus on it or a field. */
async function canGoOn(page: CeremonyPage): Promise<void> {
  const after = await page.afterRefusal();
  expect(after).toMatchObject({ busy: false, inViewport: true, cancel: true });
  expect(after.focus).toMatch(/^(sentence|field:)/);
}

describe('browser host: bad input, and going on from the same screen', () => {
  let devices: CeremonyDevices;
  let custos: CustosSession;
  let notACeremony: string;

  beforeAll(async () => {
    devices = await ceremonyDevices('bad-input');
    notACeremony = join(devices.parent, 'holiday-photos');
    mkdirSync(notACeremony);
    custos = await openCustos({ extraArgs: devices.connectorArgs });
    custos.searchAtClose(
      [
        ...(await shareSetNeedles(
          devices.ceremony.shares.map((canonical, i) => ({ who: `share ${i + 1}`, canonical })),
        )),
        ...textNeedles('the application key password', APP_PASSWORD),
      ],
      [devices.ceremony.folderPath, join(devices.parent, 'new-ceremony')],
    );
  });

  afterAll(async () => {
    await custos?.close();
    await devices?.close();
  });

  it('back-up: a folder that is not a ceremony folder, then the clone offered as the primary', async () => {
    const backup = new BackupPage(custos.page);
    await backup.startFromHome();
    await offerFolder(backup, notACeremony);
    expect(await backup.refusal()).toMatch(/ceremony/i);
    await canGoOn(backup);
    await backup.chooseFolder(devices.ceremony.folderPath, 'primary');

    await backup.settling(() =>
      backup.page
        .locator(`[data-testid="device-gate-choose"][data-device-id="${devices.clone.deviceId}"]`)
        .click(),
    );
    expect(await backup.refusal()).toMatch(/7550002/);
    await canGoOn(backup);
    await backup.choosePrimary(devices.primary.deviceId);
    await backup.cancel();
    await custos.home.waitUntilShown();
  });

  it('verify: a folder that does not exist, then the right one', async () => {
    const verify = new VerifyPage(custos.page);
    await verify.startFromHome();
    await offerFolder(verify, join(devices.parent, 'no-such-folder'));
    expect(await verify.refusal()).toMatch(/no-such-folder/);
    await canGoOn(verify);
    await verify.chooseFolder(devices.ceremony.folderPath, 'devices');
    await verify.cancel();
    await custos.home.waitUntilShown();
  });

  it('restore: a folder without backups, then the right one', async () => {
    const restore = new RestorePage(custos.page);
    await restore.startFromHome();
    await offerFolder(restore, notACeremony);
    expect(await restore.refusal()).toMatch(/\.yhw|ceremony/);
    await canGoOn(restore);
    await restore.chooseFolder(devices.ceremony.folderPath, 'secondary');
    // The primary (configured, its factory key gone) is not even offered as the secondary.
    expect(
      await restore.page
        .locator(`[data-testid="device-gate-choose"][data-device-id="${devices.primary.deviceId}"]`)
        .count(),
    ).toBe(0);
    expect(await restore.chooseSecondary('sim:secondary')).toBe('factory-fresh');
    await restore.cancel();
    await custos.home.waitUntilShown();
    expect(custos.problems).toEqual([]);
  });

  it('initialize: a ceremony folder that cannot be made, then one that holds another ceremony, said at the folder field', async () => {
    // Under a file, so no folder can be made there (permissions would not stop root).
    const file = join(devices.parent, 'notes.txt');
    writeFileSync(file, 'not a folder\n');
    const init = custos.page;
    await custos.home.settledDevice('sim:primary');
    await custos.home.startInitCeremony();
    await init.locator('[data-testid="device-gate-choose"][data-device-id="sim:primary"]').click();
    await init
      .locator('[data-testid="primary-check"][data-state="factory-fresh"]')
      .waitFor({ state: 'visible' });
    await init.locator('[data-testid="wizard-next"][data-action="to-plan"]:enabled').click();
    const problem = init.locator('[data-testid="field-problem"][data-field="folder"]');
    const offer = async (folder: string) => {
      await init.locator('[data-testid="plan-folder"]').fill(folder);
      await settling(init, () => init.locator('[data-testid="plan-folder-set"]').click());
      await problem.waitFor({ state: 'visible' });
      return ((await problem.textContent()) ?? '').trim();
    };
    expect(await offer(join(file, 'ceremony'))).toMatch(/notes\.txt/);
    // The folder field is where the person fixes it, and the sentence is in view.
    expect(
      await problem.evaluate(
        (element) => element.getBoundingClientRect().bottom <= window.innerHeight,
      ),
    ).toBe(true);
    expect(await offer(devices.ceremony.folderPath)).toMatch(/ceremony/);
    await init.locator('[data-testid="plan-folder"]').fill(join(devices.parent, 'new-ceremony'));
    await init.locator('[data-testid="plan-folder-set"]').click();
    await problem.waitFor({ state: 'detached' });
    expect(custos.problems).toEqual([]);
  });
});
