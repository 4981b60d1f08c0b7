// A device step that fails leaves the screen usable (issue 15, bug 1): a wrong application-key
// password at the back-up and at the verification is answered with its sentence, the busy
// sentence goes, Cancel stays, and the right password then works from the same screen without
// starting again. And the primary chosen as the clone is refused when it is chosen, with the
// list still there to choose the clone from (bug 5). The primary and its clone are served over
// yubihsm-connectors (support/ceremony-devices.ts), as real devices would be. At the close, no
// share, wrap key or password in any printed form in the ceremony folder, the user data, the
// host's output or the temporary folder with the browser profile.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupPage } from '../support/backup-ceremony';
import { APP_PASSWORD, ceremonyDevices } from '../support/ceremony-devices';
import type { CeremonyDevices } from '../support/ceremony-devices';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { shareSetNeedles, textNeedles } from '../support/secrets-search';
import { VerifyPage } from '../support/verify-ceremony';

const WRONG_PASSWORD = 'not the application key password';

describe('browser host: a failed device step, then the right answer from the same screen', () => {
  let devices: CeremonyDevices;
  let custos: CustosSession;

  beforeAll(async () => {
    devices = await ceremonyDevices('failed-steps');
    custos = await openCustos({ extraArgs: devices.connectorArgs });
    custos.searchAtClose(
      [
        ...(await shareSetNeedles(
          devices.ceremony.shares.map((canonical, i) => ({ who: `share ${i + 1}`, canonical })),
        )),
        ...textNeedles('the application key password', APP_PASSWORD),
        ...textNeedles('the wrong password', WRONG_PASSWORD),
      ],
      [devices.ceremony.folderPath],
    );
  });

  afterAll(async () => {
    await custos?.close();
    await devices?.close();
  });

  it('back-up: a wrong password is said, nothing stays busy, and the right one opens the session', async () => {
    const backup = new BackupPage(custos.page);
    await backup.startFromHome();
    await backup.chooseFolder(devices.ceremony.folderPath, 'primary');
    await backup.choosePrimary(devices.primary.deviceId);
    await backup.submitPassword(WRONG_PASSWORD);
    expect(await backup.refusal()).toBe(
      'Authentication key 0x0003 did not open a session on the primary (serial 7550001): check the key id and its password.',
    );
    const after = await backup.afterRefusal();
    expect(after).toMatchObject({ busy: false, inViewport: true, cancel: true });
    expect(after.focus).toMatch(/^(sentence|field:dump-auth-password)$/);
    expect(await backup.testId('dump-auth-submit').isEnabled()).toBe(true);

    await backup.authenticate(APP_PASSWORD);
    expect(await backup.testId('ceremony-refusal').count()).toBe(0);
    await backup.cancel();
    await custos.home.waitUntilShown();
  });

  it('verify: the primary chosen as the clone is refused at once, and the clone can be chosen instead', async () => {
    const verify = new VerifyPage(custos.page);
    await verify.startFromHome();
    await verify.chooseFolder(devices.ceremony.folderPath, 'devices');
    await verify.page
      .locator(`[data-testid="device-gate-choose"][data-device-id="${devices.primary.deviceId}"]`)
      .click();
    expect(await verify.refusal()).toBe(
      'The device chosen as the clone (serial 7550001) is the primary itself. Plug in the secondary and choose it.',
    );
    expect(await verify.testId('verify-secondary-chosen').count()).toBe(0);
    const after = await verify.afterRefusal();
    expect(after).toMatchObject({ busy: false, inViewport: true, cancel: true });
    await verify.chooseSecondary(devices.clone.deviceId);
    expect(await verify.testId('ceremony-refusal').count()).toBe(0);
  });

  it('verify: a wrong password is said at Run, nothing stays busy, Cancel stays, and the right one verifies', async () => {
    const verify = new VerifyPage(custos.page);
    await verify.authenticate(WRONG_PASSWORD);
    await verify.runAndSettle();
    expect(await verify.refusal()).toBe(
      'Authentication key 0x0003 did not open a session on the secondary (serial 7550002): check the key id and its password.',
    );
    const after = await verify.afterRefusal();
    expect(after).toMatchObject({ busy: false, inViewport: true, cancel: true });
    expect(after.focus).toMatch(/^(sentence|field:verify-auth-password)$/);
    // The refused password is forgotten: the form asks for it again.
    expect(await verify.testId('verify-auth-state').getAttribute('data-given')).toBe('false');

    await verify.authenticate(APP_PASSWORD);
    await verify.run();
    expect(await verify.testId('verify-result').getAttribute('data-all-match')).toBe('true');
    // Every column, the delegated capabilities too, is in view without scrolling sideways.
    const table = await verify.testId('verify-objects').evaluate((element) => ({
      scroll: element.parentElement!.scrollWidth,
      shown: element.parentElement!.clientWidth,
    }));
    expect(table.scroll).toBeLessThanOrEqual(table.shown);

    // The witness's report opens from the result (bug 9): main serves the file it wrote, once.
    const file = await verify.testId('verify-report').getAttribute('data-file');
    const written = await readFile(join(devices.ceremony.folderPath, file!), 'utf8');
    const report = await verify.openReport();
    expect(report.url()).toMatch(/\/print\/report\/[A-Za-z0-9_-]{32,}$/);
    expect(await report.content()).toContain('7550002');
    const title = await report.locator('h1').first().textContent();
    expect(title).toBeTruthy();
    expect(written).toContain(`<h1>${title}</h1>`);
    expect(await report.locator('body').textContent()).toContain('Clone (secondary) serial');
    const again = await report.goto(report.url());
    expect(again?.status()).toBe(404);
    expect(await report.textContent('body')).toMatch(
      /^This report link has been used or has expired\./,
    );
    await report.close();
    // A second click offers it again.
    const second = await verify.openReport();
    expect(await second.locator('body').textContent()).toContain('7550002');
    await second.close();
    await verify.done();
    expect(custos.problems).toEqual([]);
  });
});
