// A custodian typing their share back in the restore, as people do (issue 15, bug 3): Enter at
// the end of a line goes to the next line, as on paper, without judging the lines not typed yet;
// only Enter on the last line checks the share. Then a wrong application-key password at the
// device steps: the factory key is kept, the password is asked for again, the form stays with
// the focus on what it says (bug 9), and the right one finishes the restore from that screen.
// The ceremony folder and its shares come from the engine fixture (support/ceremony-devices.ts);
// the secondary is the host's simulated one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckedLine, toCheckedLines } from '../../shared/shares/checked-lines';
import { APP_PASSWORD, ceremonyDevices } from '../support/ceremony-devices';
import type { CeremonyDevices } from '../support/ceremony-devices';
import { fixtureNeedles, textNeedles } from '../support/secrets-search';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { RestorePage } from '../support/restore-ceremony';

const SECONDARY = 'sim:secondary';

describe('browser host: typing a share back in the restore', () => {
  let devices: CeremonyDevices;
  let custos: CustosSession;
  let restore: RestorePage;

  beforeAll(async () => {
    devices = await ceremonyDevices('restore-entry');
    custos = await openCustos();
    // Every share, the wrap key and both passwords typed here: in no file, profile or output.
    custos.searchAtClose(
      [
        ...fixtureNeedles(devices.ceremony, APP_PASSWORD),
        ...textNeedles('the wrong password', 'not the application key password'),
      ],
      [devices.ceremony.folderPath],
    );
    restore = new RestorePage(custos.page);
    await restore.startFromHome();
    await restore.chooseFolder(devices.ceremony.folderPath, 'secondary');
    expect(await restore.chooseSecondary(SECONDARY)).toBe('factory-fresh');
    await restore.toShares();
  });

  afterAll(async () => {
    await custos?.close();
    await devices?.close();
  });

  it('moves to the next line on Enter, judging none of the lines still empty, and checks the share on the last', async () => {
    await restore.beginTurn(1);
    const lines = toCheckedLines(devices.ceremony.shares[0]!).map(formatCheckedLine);
    const inputs = restore.testId('line-entry-input');
    await inputs.first().click();
    for (const [index, line] of lines.entries()) {
      await custos.page.keyboard.type(line);
      if (index === lines.length - 1) break;
      await custos.page.keyboard.press('Enter');
      // The cursor is on the next line, empty, and no line below it is called wrong.
      expect(await restore.focusedLine()).toBe(index + 2);
      for (let later = index + 2; later <= lines.length; later++)
        expect((await restore.lineEntry(later)).state).not.toBe('wrong');
    }
    expect(await restore.lineValues()).toEqual(lines);
    await custos.page.keyboard.press('Enter');
    expect(await restore.accepted()).toMatch(/Ada Lovelace/);
    expect(custos.problems).toEqual([]);
  });

  it('after a wrong application-key password keeps the factory key, asks again from the same screen, and finishes with the right one', async () => {
    await restore.next();
    await restore.beginTurn(2);
    await restore.pasteShare(devices.ceremony.shares[1]!);
    await restore.accepted();
    await restore.next();
    expect((await restore.recombined()).matchesRecord).toBe('true');
    await restore.giveApplicationPassword('not the application key password');
    await restore.forward('run-device-steps');
    await restore.testId('restore-password-hint').waitFor({ state: 'visible' });
    expect((await restore.factoryKey()).decision).toBe('kept');
    expect(await restore.afterRefusal('restore-password-hint')).toMatchObject({
      busy: false,
      cancel: true,
    });

    await restore.testId('restore-app-key-password').fill(APP_PASSWORD);
    await restore.testId('restore-app-key-submit').click();
    const state = restore.page.locator('[data-testid="restore-app-key-state"][data-given="true"]');
    await state.waitFor({ state: 'visible' });
    expect(await restore.focused()).toBe('restore-app-key-state');
    expect(await restore.runDeviceSteps()).toBe('completed');
    expect((await restore.factoryKey()).decision).toBe('deleted');
    expect(custos.problems).toEqual([]);
  });
});
