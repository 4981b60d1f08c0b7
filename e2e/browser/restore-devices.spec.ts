// Restore trouble that comes from the secondary itself, through the real UI in the browser host:
// a device that is not factory-fresh is refused by the preflight with its sentence and nothing
// is written to it; and a secondary pulled out in the middle of the import is resumed once it
// is plugged back in, the object already imported recognised and skipped. Both devices are
// simulated YubiHSM 2s behind a yubihsm-connector (support/connector-device.ts), the only kind
// a test can pull out of a running host without a back door. The ceremony folder comes from
// the engine fixture the unit tests use (a record, three custodians' shares, two .yhw files):
// restore-day.spec.ts already makes one through the UI.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_PASSWORD,
  CUSTODIAN_NAMES,
  initializeCeremony,
} from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import type { InitializedCeremony } from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import { ConnectorDevice } from '../support/connector-device';
import { fixtureNeedles } from '../support/secrets-search';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { RestorePage } from '../support/restore-ceremony';

describe('browser host: a used secondary refused, and a secondary pulled out mid-import then resumed', () => {
  let parent: string;
  let ceremony: InitializedCeremony;
  /** Left over from an earlier rehearsal: the factory key opens it, and it holds an opaque object. */
  let used: ConnectorDevice;
  let secondary: ConnectorDevice;
  let custos: CustosSession;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-e2e-restore-devices-'));
    ceremony = await initializeCeremony(join(parent, 'ceremony'));
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
    secondary = await ConnectorDevice.start(7_550_004);
    custos = await openCustos({
      extraArgs: ['--connector', used.url, '--connector', secondary.url],
    });
    custos.searchAtClose(fixtureNeedles(ceremony, APP_PASSWORD), [ceremony.folderPath]);
  });

  afterAll(async () => {
    await custos?.close();
    await Promise.all([used?.close(), secondary?.close(), ceremony?.primary.close()]);
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('refuses a secondary that is not factory-fresh with its sentence, and writes nothing to it', async () => {
    expect((await custos.home.settledDevice(used.deviceId)).status).toBe('factory-key-present');
    const before = await used.objects();
    const restore = new RestorePage(custos.page);
    await restore.startFromHome();
    await restore.chooseFolder(ceremony.folderPath, 'secondary');
    expect(await restore.chooseSecondary(used.deviceId)).toBe('refused');
    const check = restore.testId('secondary-check');
    expect(await check.getAttribute('data-reason')).toBe('not-factory-fresh');
    expect(await restore.text('secondary-check')).toMatch(
      /^This device \(serial 7550003\) is not factory-fresh: besides the factory key it holds 1 object that is not a partial restore of this ceremony\. Reset it to factory state before restoring onto it, or choose another device\./,
    );
    expect(await check.locator('[data-testid="object-row"][data-object-id="80"]').count()).toBe(1);
    expect(await restore.testId('wizard-next').isDisabled()).toBe(true);

    await restore.cancel();
    await custos.home.waitUntilShown();
    expect(await used.objects()).toEqual(before);
    expect((await custos.home.settledDevice(used.deviceId)).status).toBe('factory-key-present');
  });

  it('stops when the secondary is pulled out after the first import, and resumes once it is back: the imported object is skipped', async () => {
    const [ada, , katherine] = ceremony.shares as [string, string, string];
    const restore = new RestorePage(custos.page);
    await restore.startFromHome();
    await restore.chooseFolder(ceremony.folderPath, 'secondary');
    expect(await restore.chooseSecondary(secondary.deviceId)).toBe('factory-fresh');
    await restore.toShares();
    for (const [custodian, share] of [
      [1, ada],
      [3, katherine],
    ] as const) {
      await restore.beginTurn(custodian);
      await restore.pasteShare(share);
      expect(await restore.accepted()).toBe(
        `${CUSTODIAN_NAMES[custodian - 1]}’s share (share ${custodian}) is accepted`,
      );
      await restore.next();
    }
    expect((await restore.recombined()).matchesRecord).toBe('true');
    await restore.giveApplicationPassword(APP_PASSWORD);

    const pulledOut = secondary.unplugAfterImports(1);
    await restore.forward('run-device-steps');
    await pulledOut;
    await restore.testId('ceremony-problem').waitFor({ state: 'visible' });
    expect(await restore.text('ceremony-problem')).toBe(
      'The secondary stopped answering (it was unplugged, or its connection dropped). Plug it back in, wait until it is listed again, and run the step again: what was already done is recognised and skipped.',
    );
    const gate = restore.page.locator('[data-testid="device-gate"][data-prompt="unplugged"]');
    await gate.waitFor({ state: 'visible' });
    expect(await gate.textContent()).toMatch(
      /^The secondary YubiHSM 2 \(.+\) was unplugged\.Plug it back in to continue this step\.$/,
    );

    // Plugged back in: the steps show where they stopped, and nothing is lost.
    await secondary.plugIn();
    await restore.page
      .locator(
        `[data-testid="device-gate"][data-prompt="ready"][data-device-id="${secondary.deviceId}"]`,
      )
      .waitFor({ state: 'visible' });
    expect(await restore.testId('restore-device-steps').getAttribute('data-can-retry')).toBe(
      'true',
    );
    expect(await restore.text('device-state')).toBe(
      'The secondary holds the factory key, the wrap key and 1 object from the backups.',
    );
    expect((await restore.files()).map((file) => file.status)).toEqual(['imported', 'pending']);
    await restore.testId('restore-resume-hint').waitFor({ state: 'visible' });
    expect(await restore.testId('wizard-next').textContent()).toBe('Resume the device steps');

    expect(await restore.runDeviceSteps()).toBe('completed');
    const files = await restore.files();
    expect(files.map((file) => [file.file, file.status])).toEqual([
      ['0x0003-authentication-key.yhw', 'skipped'],
      ['0x0004-authentication-key.yhw', 'imported'],
    ]);
    expect(files[0]!.reason).toBe(
      'authentication-key 0x0003 "Application auth key" is already on the secondary from an earlier attempt; it was not imported again.',
    );
    expect((await restore.factoryKey()).decision).toBe('deleted');
    expect(await restore.text('restore-summary')).toBe(
      'The secondary is restored (1 imported, 1 skipped, 0 failed) and its factory key was deleted. Verify the clone next.',
    );
    await restore.done();
    expect((await custos.home.settledDevice(secondary.deviceId)).status).toBe('configured');
  });

  it('ran without page errors or console errors', () => {
    expect(custos.problems).toEqual([]);
  });
});
