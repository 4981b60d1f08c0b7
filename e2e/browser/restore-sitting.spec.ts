// Two secondaries in one sitting (issue 12 item 4), through the real UI in the browser host: the
// backup officer says two secondaries, the custodians enter their shares once, the first
// secondary (the app's embedded simulated one) is restored, then the second (a simulated
// YubiHSM 2 behind a yubihsm-connector, support/connector-device.ts) goes through the
// secondary's gate and check and its own device steps without the custodians, and the record
// holds one restore per secondary. The ceremony folder is the engine fixture's.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
} from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import type { InitializedCeremony } from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import { ConnectorDevice } from '../support/connector-device';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { RestorePage } from '../support/restore-ceremony';

const SECOND_SERIAL = 7_550_004;

describe('browser host: two secondaries restored in one sitting', () => {
  let parent: string;
  let ceremony: InitializedCeremony;
  let second: ConnectorDevice;
  let custos: CustosSession;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-e2e-restore-sitting-'));
    ceremony = await initializeCeremony(join(parent, 'ceremony'));
    second = await ConnectorDevice.start(SECOND_SERIAL);
    custos = await openCustos({ extraArgs: ['--connector', second.url] });
  });

  afterAll(async () => {
    await custos?.close();
    await Promise.all([second?.close(), ceremony?.primary.close()]);
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('takes the shares once and restores both secondaries, each through its gate with its own table', async () => {
    const [ada, , katherine] = ceremony.shares as [string, string, string];
    const restore = new RestorePage(custos.page);
    await custos.home.settledDevice(second.deviceId);
    await restore.startFromHome();
    await restore.chooseFolder(ceremony.folderPath, 'secondary');
    await restore.settling(() =>
      restore
        .testId('restore-secondaries')
        .selectOption('2')
        .then(() => undefined),
    );
    expect(await restore.testId('restore-secondaries').inputValue()).toBe('2');
    expect(await restore.chooseSecondary('sim:secondary')).toBe('factory-fresh');
    await restore.toShares();
    for (const [custodian, share] of [
      [1, ada],
      [3, katherine],
    ] as const) {
      await restore.beginTurn(custodian);
      await restore.pasteShare(share);
      await restore.accepted();
      await restore.next();
    }
    const rebuilt = await restore.recombined();
    expect(rebuilt.matchesRecord).toBe('true');
    await restore.giveApplicationPassword(APP_PASSWORD);
    expect(await restore.runDeviceSteps()).toBe('completed');
    expect((await restore.files()).map((file) => file.status)).toEqual(['imported', 'imported']);
    expect(await restore.text('restore-sitting-note')).toMatch(
      /^Secondary 2 of 2 in this sitting\./,
    );
    expect(await restore.testId('wizard-next').textContent()).toBe(
      'Restore the next secondary (2 of 2)',
    );

    // The second secondary: its own gate and check; the custodians are not called back.
    await restore.intentShowing(
      () => restore.forward('next-secondary'),
      restore.stepSelector('secondary'),
    );
    expect(
      await restore.page
        .locator(`[data-testid="restore-sitting-restored"][data-serial="${SECONDARY_SERIAL}"]`)
        .getAttribute('data-complete'),
    ).toBe('true');
    expect(await restore.chooseSecondary(second.deviceId)).toBe('factory-fresh');
    await restore.intentShowing(
      () => restore.forward('to-shares'),
      `${restore.stepSelector('shares')} [data-testid="restore-recombined"]`,
    );
    expect((await restore.recombined()).kcv).toBe(rebuilt.kcv);
    // The application key's password given for the first is still held for this one.
    expect(await restore.testId('restore-app-key-state').getAttribute('data-given')).toBe('true');
    expect(await restore.runDeviceSteps()).toBe('completed');
    expect((await restore.files()).map((file) => file.status)).toEqual(['imported', 'imported']);
    expect(await restore.text('restore-sitting-note')).toBe(
      'All 2 secondaries of this sitting are restored; the rebuilt wrap key has been wiped from memory.',
    );
    await restore.done();
    expect((await custos.home.settledDevice(second.deviceId)).status).toBe('configured');

    const record = JSON.parse(readFileSync(join(ceremony.folderPath, 'ceremony.json'), 'utf8'));
    expect(
      record.restores.map((r: { device: { serial: number }; status: string }) => [
        r.device.serial,
        r.status,
      ]),
    ).toEqual([
      [SECONDARY_SERIAL, 'completed'],
      [SECOND_SERIAL, 'completed'],
    ]);
  });

  it('ran without page errors or console errors', () => {
    expect(custos.problems).toEqual([]);
  });
});
