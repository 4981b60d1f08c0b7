// Refusals that come from the devices, driven from the screens of the browser host (issue 15,
// "every bad input through the UI"): a device that is not this ceremony's primary (one left
// over from an earlier rehearsal) offered at the back-up, an application-key id that opens no
// session at the back-up, the verification and the restore, and a device pulled out at the
// back-up and at the verification. Each time the sentence is in view, nothing stays busy, the
// focus is on the sentence or the field to fix, Cancel is offered, and the right device or id
// then works from the same screen. Devices are simulated YubiHSM 2s behind yubihsm-connectors
// (support/connector-device.ts), so the test can pull one out as a person would.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupPage } from '../support/backup-ceremony';
import { APP_PASSWORD, ceremonyDevices } from '../support/ceremony-devices';
import type { CeremonyDevices } from '../support/ceremony-devices';
import { ConnectorDevice } from '../support/connector-device';
import { fixtureNeedles } from '../support/secrets-search';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { RestorePage } from '../support/restore-ceremony';
import { VerifyPage } from '../support/verify-ceremony';

/** An id no object on the devices has: the application key is 0x0003. */
const WRONG_KEY_ID = '0x0009';

describe('browser host: refusals from the devices, and going on from the same screen', () => {
  let devices: CeremonyDevices;
  /** Left over from an earlier rehearsal: not fresh, and not this ceremony's primary. */
  let used: ConnectorDevice;
  /** A factory-fresh device to restore onto. */
  let fresh: ConnectorDevice;
  let custos: CustosSession;

  beforeAll(async () => {
    devices = await ceremonyDevices('device-refusals');
    used = await ConnectorDevice.start(7_550_003);
    await used.withFactorySession((session) =>
      session.putOpaque({
        id: 0x0050,
        label: 'left over',
        domains: 1,
        capabilities: 0n,
        data: Uint8Array.of(1, 2, 3),
      }),
    );
    fresh = await ConnectorDevice.start(7_550_004);
    // Without the host's own simulators, whose serials are the fixture's: the gate would take
    // the simulated primary for the one pulled out.
    custos = await openCustos({
      extraArgs: [
        '--no-simulators',
        ...devices.connectorArgs,
        ...['--connector', used.url, '--connector', fresh.url],
      ],
    });
    custos.searchAtClose(fixtureNeedles(devices.ceremony, APP_PASSWORD), [
      devices.ceremony.folderPath,
    ]);
  });

  afterAll(async () => {
    await custos?.close();
    await Promise.all([used?.close(), fresh?.close()]);
    await devices?.close();
  });

  /** Waits until the gate says `deviceId` is in this state (`unplugged`, `ready`, …). */
  async function gate(page: BackupPage | VerifyPage, prompt: string): Promise<void> {
    await page.page
      .locator(`[data-testid="device-gate"][data-prompt="${prompt}"]`)
      .waitFor({ state: 'visible' });
  }

  it('back-up: a used device that is not the primary is refused when chosen, and the primary can be chosen instead', async () => {
    const backup = new BackupPage(custos.page);
    await backup.startFromHome();
    await backup.chooseFolder(devices.ceremony.folderPath, 'primary');
    await backup.settling(() =>
      backup.page
        .locator(`[data-testid="device-gate-choose"][data-device-id="${used.deviceId}"]`)
        .click(),
    );
    expect(await backup.refusal()).toBe(
      'This device (serial 7550003) is not the primary of this ceremony (serial 7550001): connect the primary to back it up.',
    );
    expect(await backup.testId('dump-primary-chosen').count()).toBe(0);
    expect(await backup.afterRefusal()).toMatchObject({
      busy: false,
      inViewport: true,
      cancel: true,
    });
    await backup.choosePrimary(devices.primary.deviceId);
    expect(await backup.testId('ceremony-refusal').count()).toBe(0);
    await backup.cancel();
    await custos.home.waitUntilShown();
  });

  it('back-up: an application-key id that opens no session is said, and the right id opens it', async () => {
    const backup = new BackupPage(custos.page);
    await backup.startFromHome();
    await backup.chooseFolder(devices.ceremony.folderPath, 'primary');
    await backup.choosePrimary(devices.primary.deviceId);
    await backup.submitPassword(APP_PASSWORD, WRONG_KEY_ID);
    expect(await backup.refusal()).toBe(
      'Authentication key 0x0009 did not open a session on the primary (serial 7550001): check the key id and its password.',
    );
    const after = await backup.afterRefusal();
    expect(after).toMatchObject({ busy: false, inViewport: true, cancel: true });
    expect(after.focus).toMatch(/^(sentence|field:dump-auth-(id|password))$/);
    await backup.authenticate(APP_PASSWORD, '0x0003');
    expect(await backup.testId('ceremony-refusal').count()).toBe(0);
    await backup.cancel();
    await custos.home.waitUntilShown();
  });

  it('back-up: the primary pulled out before the password is said by the gate, and once plugged back in the back-up goes on', async () => {
    const backup = new BackupPage(custos.page);
    await backup.startFromHome();
    await backup.chooseFolder(devices.ceremony.folderPath, 'primary');
    await backup.choosePrimary(devices.primary.deviceId);
    await devices.primary.unplug();
    const prompt = backup.page.locator('[data-testid="device-gate"]:not([data-prompt="ready"])');
    await prompt.waitFor({ state: 'visible' });
    expect(await prompt.textContent()).toMatch(/7550001/);
    expect(await backup.afterRefusal('device-gate')).toMatchObject({
      busy: false,
      inViewport: true,
      cancel: true,
    });
    await devices.primary.plugIn();
    await gate(backup, 'ready');
    await backup.authenticate(APP_PASSWORD);
    await backup.cancel();
    await custos.home.waitUntilShown();
  });

  it('back-up: the primary pulled out in the middle of the export is said, and once plugged back in the export finishes', async () => {
    const backup = new BackupPage(custos.page);
    await backup.startFromHome();
    await backup.chooseFolder(devices.ceremony.folderPath, 'primary');
    await backup.choosePrimary(devices.primary.deviceId);
    await backup.authenticate(APP_PASSWORD);
    const pulledOut = devices.primary.unplugAfterExchanges(4);
    await backup.settling(() => backup.forward('run'));
    await pulledOut;
    const sentence = await backup.sentence();
    expect(sentence.text).toMatch(/stopped answering|unplugged|not connected/);
    expect(await backup.afterRefusal(sentence.id)).toMatchObject({
      busy: false,
      inViewport: true,
      cancel: true,
    });
    // The export step says the primary is out, and when it is back (it showed nothing before).
    await backup.page
      .locator('[data-testid="device-gate"]:not([data-prompt="ready"])')
      .waitFor({ state: 'visible' });
    await devices.primary.plugIn();
    await gate(backup, 'ready');
    await backup.run();
    expect(await backup.testId('ceremony-problem').count()).toBe(0);
    await backup.done();
  });

  it('verify: an application-key id that opens no session is said at Run, and the right id verifies', async () => {
    const verify = new VerifyPage(custos.page);
    await verify.startFromHome();
    await verify.chooseFolder(devices.ceremony.folderPath, 'devices');
    await verify.chooseSecondary(devices.clone.deviceId);
    await verify.authenticate(APP_PASSWORD, WRONG_KEY_ID);
    await verify.runAndSettle();
    expect(await verify.refusal()).toBe(
      'Authentication key 0x0009 did not open a session on the secondary (serial 7550002): check the key id and its password.',
    );
    const after = await verify.afterRefusal();
    expect(after).toMatchObject({ busy: false, inViewport: true, cancel: true });
    expect(after.focus).toMatch(/^(sentence|field:verify-auth-(id|password))$/);
    await verify.authenticate(APP_PASSWORD, '0x0003');
    await verify.run();
    expect(await verify.testId('verify-result').getAttribute('data-all-match')).toBe('true');
    await verify.done();
  });

  it('verify: the clone pulled out in the middle of the comparison is said, and once plugged back in it verifies', async () => {
    const verify = new VerifyPage(custos.page);
    await verify.startFromHome();
    await verify.chooseFolder(devices.ceremony.folderPath, 'devices');
    await verify.chooseSecondary(devices.clone.deviceId);
    await verify.authenticate(APP_PASSWORD);
    const pulledOut = devices.clone.unplugAfterExchanges(4);
    await verify.runAndSettle();
    await pulledOut;
    const sentence = await verify.sentence();
    expect(sentence.text).toMatch(/not connected|unplugged|stopped answering/);
    expect(await verify.afterRefusal(sentence.id)).toMatchObject({
      busy: false,
      inViewport: true,
      cancel: true,
    });

    await devices.clone.plugIn();
    await gate(verify, 'ready');
    await verify.run();
    expect(await verify.testId('verify-result').getAttribute('data-all-match')).toBe('true');
    await verify.done();
  });

  it('restore: an application-key id that opens no session keeps the factory key, and the right id finishes', async () => {
    const restore = new RestorePage(custos.page);
    await restore.startFromHome();
    await restore.chooseFolder(devices.ceremony.folderPath, 'secondary');
    expect(await restore.chooseSecondary(fresh.deviceId)).toBe('factory-fresh');
    await restore.toShares();
    for (const custodian of [1, 2]) {
      await restore.beginTurn(custodian);
      await restore.pasteShare(devices.ceremony.shares[custodian - 1]!);
      await restore.accepted();
      await restore.next();
    }
    expect((await restore.recombined()).matchesRecord).toBe('true');
    await restore.giveApplicationPassword(APP_PASSWORD, WRONG_KEY_ID);
    await restore.forward('run-device-steps');
    await restore.testId('restore-password-hint').waitFor({ state: 'visible' });
    expect((await restore.factoryKey()).decision).toBe('kept');
    // The hint is where the person looks, with the focus (it was below the fold before).
    expect(await restore.afterRefusal('restore-password-hint')).toEqual({
      busy: false,
      inViewport: true,
      focus: 'sentence',
      cancel: true,
    });
    await restore.giveApplicationPassword(APP_PASSWORD, '0x0003');
    expect(await restore.runDeviceSteps()).toBe('completed');
    expect((await restore.factoryKey()).decision).toBe('deleted');
    await restore.done();
  });

  it('ran without page errors, console errors or refusals nobody expected', () => {
    expect(custos.problems).toEqual([]);
  });
});
