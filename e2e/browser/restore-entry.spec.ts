// A custodian typing their share back in the restore, as people do (issue 15, bug 3): Enter at
// the end of a line goes to the next line, as on paper, without judging the lines not typed yet;
// only Enter on the last line checks the share. The ceremony folder and its shares come from
// the engine fixture (support/ceremony-devices.ts); the secondary is the host's simulated one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckedLine, toCheckedLines } from '../../shared/shares/checked-lines';
import { ceremonyDevices } from '../support/ceremony-devices';
import type { CeremonyDevices } from '../support/ceremony-devices';
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
});
