// A reshare through the UI (issue 12 §2): a 2-of-3 ceremony split again 3-of-5 for new
// custodians — two current custodians paste their shares, the key is rebuilt and checked, each
// new custodian reads their share off the initialization's own reveal screen and passes the spot
// check — then a restore of the host's simulated secondary from three of the new shares, and no
// share, old or new, left in the folder, the user data, the host's output or the page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CeremonyRecordSchema } from '../../shared/records/ceremony-record';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ceremonyDevices } from '../support/ceremony-devices';
import type { CeremonyDevices } from '../support/ceremony-devices';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { InitCeremonyPage } from '../support/init-ceremony';
import type { SeenShare } from '../support/init-ceremony';
import { ResharePage } from '../support/reshare-ceremony';
import { ShareSheetPage, sheetLineGroups, sheetText } from '../support/share-sheet';
import { RestorePage } from '../support/restore-ceremony';
import { searchAfterCeremony, shareNeedles } from '../support/secrets-search';

const NEW = ['Alan Turing', 'Barbara Liskov', 'Claude Shannon', 'Donald Knuth', 'Edsger Dijkstra'];

describe('browser host: a reshare, then a restore from the new shares', () => {
  let devices: CeremonyDevices;
  let custos: CustosSession;

  beforeAll(async () => {
    devices = await ceremonyDevices('reshare');
    custos = await openCustos();
  });

  afterAll(async () => {
    await custos?.close();
    await devices?.close();
  });

  it('splits 2-of-3 into 3-of-5 for new custodians, and three new shares restore the secondary', async () => {
    const folder = devices.ceremony.folderPath;
    const reshare = new ResharePage(custos.page);
    await reshare.startFromHome();
    await reshare.chooseFolder(folder, 'plan');
    expect(await reshare.text('reshare-old-shares-still-work')).toContain(
      'old shares still rebuild the wrap key',
    );
    await reshare.plan(NEW, 3);
    await reshare.currentShare(1, devices.ceremony.shares[0]!);
    await reshare.currentShare(3, devices.ceremony.shares[2]!);
    const kcv = await reshare.splitAgain();

    const turns = new InitCeremonyPage(custos.page);
    // One new custodian prints their sheet from their own reveal (init's sheet, the browser
    // host's one-time page): their name, their new share, the check value, no one else's name.
    const barbarasSheet = async (share: SeenShare) => {
      const sheets = new ShareSheetPage(custos.page, custos.context);
      const sheet = await sheets.openSheet('a4');
      const text = await sheetText(sheet);
      expect(text).toContain('Barbara Liskov');
      expect(text).toContain(kcv);
      for (const [line, { groups }] of share.lines.entries())
        expect(await sheetLineGroups(sheet, line + 1)).toEqual(groups);
      // The record still lists the current (old) custodians until the reshare completes.
      const old = CeremonyRecordSchema.parse(
        JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')),
      ).custodians.map((c) => c.name);
      expect(old.length).toBeGreaterThan(0);
      for (const other of [...NEW, ...old])
        if (other !== 'Barbara Liskov') expect(text).not.toContain(other);
      await sheet.close();
      await custos.page
        .locator('[data-testid="sheet-actions"][data-open="false"][data-printed="true"]')
        .waitFor({ state: 'visible' });
    };
    const seen: SeenShare[] = [];
    for (let i = 0; i < NEW.length; i++) {
      const share = await turns.revealShare();
      expect(share.custodian).toBe(NEW[i]);
      expect(share.kcv).toBe(kcv);
      if (i === 1) await barbarasSheet(share);
      await turns.recordAndSpotCheck(share);
      seen.push(share);
      await turns.nextCustodian();
    }
    await reshare.waitForStep('finished');
    expect(await reshare.text('reshare-old-still-work')).toContain('still rebuild the wrap key');
    const record = CeremonyRecordSchema.parse(
      JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')),
    );
    expect(record.custodians.map((c) => c.name)).toEqual(NEW);
    expect(record.supersededShareSets).toHaveLength(1);
    await reshare.done();

    const restore = new RestorePage(custos.page);
    await restore.startFromHome();
    await restore.chooseFolder(folder, 'secondary');
    expect(await restore.chooseSecondary('sim:secondary')).toBe('factory-fresh');
    await restore.toShares();
    for (const n of [2, 4, 5]) {
      await restore.beginTurn(n);
      await restore.pasteShare(seen[n - 1]!.canonical);
      expect(await restore.accepted()).toContain(NEW[n - 1]);
      await restore.next();
    }
    expect(await restore.recombined()).toMatchObject({ kcv, matchesRecord: 'true' });
    expect(await restore.runDeviceSteps()).toBe('completed');
    expect(custos.problems).toEqual([]);
    await restore.done();

    const needles = [
      ...devices.ceremony.shares.flatMap((share, i) => shareNeedles(`old share ${i + 1}`, share)),
      ...seen.flatMap((share, i) => shareNeedles(`new share ${i + 1}`, share.canonical)),
    ];
    const found = searchAfterCeremony(custos, [folder], needles);
    expect(found.hits).toEqual([]);
  });
});
