// Rotate wrap key through the real UI in the browser host (issue 12 §3): a primary and a
// secondary of a rehearsal ceremony (the engine fixture, with a key that manages wrap keys; the
// secondary restored from it), both simulated YubiHSM 2s behind yubihsm-connectors, plus a
// device of another ceremony. Two custodians prove the current set, each of three takes their
// new share with the spot check, the device gate holds the devices step for each device in
// turn (the stranger is never offered), the primary is pulled out mid-rotation and finished
// once it is back, then the secondary; the old backups are named for destruction, the devices
// hold only the new key, and no share, password or key is in any file or output.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_PASSWORD,
  ROTATION_KEY_ID,
  ROTATION_PASSWORD,
  SECONDARY_SERIAL,
  initializeCeremony,
  simulatorAccess,
} from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import type { InitializedCeremony } from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import { restoreFromFiles } from '../../src-main/ceremonies/restore/restore-from-files';
import { SimulatedYubiHsm } from '../../src-main/hsm/yubihsm/simulator';
import { ObjectType } from '../../src-main/hsm/yubihsm/protocol/object-types';
import { inSession } from '../../src-main/hsm/yubihsm/client/test-support/in-session';
import { SimulatorTransport } from '../../src-main/hsm/yubihsm/transport/simulator-transport';
import { CeremonyPage, byTestId } from '../support/ceremony-page';
import { ConnectorDevice } from '../support/connector-device';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { searchAfterCeremony, shareNeedles, textNeedles } from '../support/secrets-search';

async function wrapKeysOn(device: SimulatedYubiHsm): Promise<number[]> {
  const objects = await inSession(
    new SimulatorTransport(device),
    ROTATION_KEY_ID,
    ROTATION_PASSWORD,
    (s) => s.listObjects(),
  );
  return objects.filter((o) => o.type === ObjectType.WrapKey).map((o) => o.id);
}

describe('browser host: rotate the wrap key across the primary and a secondary', () => {
  let parent: string;
  let ceremony: InitializedCeremony;
  let secondaryDevice: SimulatedYubiHsm;
  let primary: ConnectorDevice;
  let secondary: ConnectorDevice;
  let stranger: ConnectorDevice;
  let custos: CustosSession;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-e2e-rotation-'));
    ceremony = await initializeCeremony(join(parent, 'ceremony'), { rotationKey: true });
    secondaryDevice = await SimulatedYubiHsm.create({ serial: SECONDARY_SERIAL });
    await restoreFromFiles({
      folderPath: ceremony.folderPath,
      access: simulatorAccess({ 'sim:secondary': { device: secondaryDevice } }),
      deviceId: 'sim:secondary',
      shares: [
        { path: '1.txt', text: ceremony.shares[0]! },
        { path: '2.txt', text: ceremony.shares[1]! },
      ],
      proof: { credential: { password: APP_PASSWORD } },
    });
    primary = await ConnectorDevice.serve(ceremony.primary);
    secondary = await ConnectorDevice.serve(secondaryDevice);
    stranger = await ConnectorDevice.start(7_550_099);
    custos = await openCustos({
      extraArgs: [
        '--no-simulators',
        '--connector',
        primary.url,
        '--connector',
        secondary.url,
        '--connector',
        stranger.url,
      ],
    });
  });

  afterAll(async () => {
    await custos?.close();
    await Promise.all([primary?.close(), secondary?.close(), stranger?.close()]);
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('hands out new shares, rotates each device behind the gate (the primary pulled out and resumed), and names the old backups', async () => {
    const page = custos.page;
    const rotate = new CeremonyPage(page, 'rotate');
    await rotate.startFromHome();
    await rotate.testId('rotate-folder').fill(ceremony.folderPath);
    await rotate.intentShowing(
      () => rotate.testId('rotate-folder-set').click(),
      byTestId('rotate-ceremony'),
    );
    await rotate.testId('rotate-rotation-key-id').fill('0x0005');
    await rotate.testId('rotate-rotation-key-password').fill(ROTATION_PASSWORD);
    await rotate.intentShowing(
      () => rotate.testId('rotate-rotation-key-submit').click(),
      `${byTestId('rotate-rotation-key-state')}[data-given="true"]`,
    );
    await rotate.settling(() => rotate.forward('to-shares'));
    await rotate.waitForStep('authorize');

    for (const number of [1, 3]) {
      await rotate.intentShowing(
        () => page.locator(`${byTestId('rotate-begin-turn')}[data-custodian="${number}"]`).click(),
        byTestId('rotate-entry'),
      );
      await rotate.testId('rotate-share-text').fill(ceremony.shares[number - 1]!);
      await rotate.intentShowing(
        () => rotate.testId('rotate-share-submit').click(),
        byTestId('rotate-cleared'),
      );
      await rotate.settling(() => rotate.testId('rotate-next').click());
    }
    await rotate.testId('rotate-recombined').waitFor({ state: 'visible' });
    await rotate.settling(() => rotate.forward('make-new-shares'));
    await rotate.waitForStep('new-shares');

    const newShares: string[] = [];
    for (let turn = 0; turn < 3; turn += 1) {
      await rotate.intentShowing(
        () => rotate.testId('rotate-reveal').click(),
        byTestId('rotate-share-secret'),
      );
      const lines = await page
        .locator(byTestId('share-line'))
        .evaluateAll((items) =>
          items.map((item) =>
            [...item.querySelectorAll('[data-testid="share-group"]')].map(
              (g) => g.textContent ?? '',
            ),
          ),
        );
      newShares.push(lines.map((groups) => groups.join('')).join(''));
      await rotate.intentShowing(
        () => rotate.testId('rotate-recorded').click(),
        byTestId('rotate-confirm'),
      );
      const labels = await page.locator(`${byTestId('rotate-confirm')} label`).allTextContents();
      const inputs = page.locator(byTestId('rotate-confirm-entry'));
      for (const [index, label] of labels.entries()) {
        const [, line, group] = /Line (\d+), group (\d+)/.exec(label)!;
        await inputs.nth(index).fill(lines[Number(line) - 1]![Number(group) - 1]!);
      }
      await rotate.intentShowing(
        () => rotate.testId('rotate-confirm-submit').click(),
        byTestId('rotate-new-cleared'),
      );
      await rotate.settling(() => rotate.testId('rotate-new-next').click());
    }
    await rotate.waitForStep('devices');

    // The gate holds the step for the primary; the stranger is never offered.
    const run = page.locator(byTestId('rotate-run-device'));
    await run.waitFor({ state: 'visible' });
    expect(await run.getAttribute('data-serial')).toBe(String(ceremony.primary.serial));
    expect(
      await page.locator(`${byTestId('rotate-run-device')}[data-serial="7550099"]`).count(),
    ).toBe(0);

    // Pulled out in the middle of the primary's part: said, and finished once it is back.
    const out = primary.unplugAfterExchanges(12);
    await rotate.settling(() => run.click());
    await out;
    expect(await rotate.text('ceremony-problem')).toMatch(/stopped answering/);
    await primary.plugIn();
    await page.locator(`${byTestId('rotate-run-device')}:enabled`).waitFor({ state: 'visible' });
    await rotate.settling(() => page.locator(byTestId('rotate-run-device')).click());
    await page
      .locator(`${byTestId('rotate-run-device')}[data-serial="${SECONDARY_SERIAL}"]:enabled`)
      .waitFor({ state: 'visible' });
    await rotate.settling(() => page.locator(byTestId('rotate-run-device')).click());
    await rotate.waitForStep('finished');
    expect(await rotate.testId('rotate-to-destroy').textContent()).toContain(
      '0x0003-authentication-key.yhw',
    );
    expect(await wrapKeysOn(ceremony.primary)).toEqual([6]);
    expect(await wrapKeysOn(secondaryDevice)).toEqual([6]);

    const needles = [
      ...ceremony.shares.flatMap((share, i) => shareNeedles(`old share ${i + 1}`, share)),
      ...newShares.flatMap((share, i) => shareNeedles(`new share ${i + 1}`, share)),
      ...textNeedles('the rotation key password', ROTATION_PASSWORD),
      ...textNeedles('the application key password', APP_PASSWORD),
    ];
    const { hits, filesSearched } = searchAfterCeremony(custos, [ceremony.folderPath], needles);
    expect(filesSearched.length).toBeGreaterThan(0);
    expect(hits).toEqual([]);
    expect(custos.problems).toEqual([]);
  });
});
