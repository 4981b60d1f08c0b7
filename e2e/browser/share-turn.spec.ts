// A custodian's turn as people in the room live it (issue 15): the browser host says its window
// has no screenshot protection (bug 10); someone copying the share by hand, touching nothing,
// sees a countdown before it hides and keeps it up with "I am still here", which the transcript
// records (bug 8); closing the sheet's window without printing is not called printed (bug 7);
// and a spot-check group typed in the wrong case is said as such, under the boxes, with the
// cursor in the box to fix (bug 4).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCheckedLines } from '../../shared/shares/checked-lines';
import { shareNeedles, textNeedles } from '../support/secrets-search';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { InitCeremonyPage } from '../support/init-ceremony';
import type { PlanInput, SeenShare } from '../support/init-ceremony';
import { ShareSheetPage } from '../support/share-sheet';

const PRIMARY = 'sim:primary';

describe('browser host: a custodian’s turn at the share', () => {
  let custos: CustosSession;
  let ceremony: InitCeremonyPage;
  let sheets: ShareSheetPage;
  let parent: string;
  let plan: PlanInput;
  let share: SeenShare;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-e2e-share-turn-'));
    plan = {
      ceremony: 'E2E share turn rehearsal',
      folder: join(parent, 'ceremony'),
      custodians: ['Gil Gray', 'Hana Holm', 'Ivo Ives'],
      threshold: 2,
      applicationPassword: 'e2e-share-turn-Jk3#wQ9z',
      confirmation: 'spot-check',
    };
    custos = await openCustos();
    ceremony = new InitCeremonyPage(custos.page);
    sheets = new ShareSheetPage(custos.page, custos.context);
    await custos.home.settledDevice(PRIMARY);
    await custos.home.startInitCeremony();
    await ceremony.preflight(PRIMARY);
    await ceremony.fillPlan(plan);
    // The shortest period a plan allows, so the countdown comes within seconds.
    await ceremony.testId('plan-hide-seconds').fill('10');
    await ceremony.toReview();
    await ceremony.begin();
  });

  afterAll(async () => {
    await custos?.close();
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('says on the reveal screen that a browser window has no screenshot protection', async () => {
    share = await ceremony.revealShare();
    custos.searchAtClose(
      [
        ...shareNeedles(`${share.custodian}'s share`, share.canonical),
        ...textNeedles('the application key password', plan.applicationPassword),
      ],
      [plan.folder],
    );
    expect(await ceremony.testId('share-unprotected-window').textContent()).toBe(
      'This share is shown in an ordinary browser window, with no protection from screenshots or screen sharing (the desktop app has it). Make sure nothing is recording or sharing this screen.',
    );
  });

  it('counts down before the share hides; "I am still here" keeps it up, and untouched it then hides', async () => {
    const countdown = ceremony.testId('share-countdown');
    await countdown.waitFor({ state: 'visible' });
    expect(Number(await countdown.getAttribute('data-seconds'))).toBeLessThanOrEqual(5);
    expect(await countdown.textContent()).toMatch(/^Your share hides in \d+ seconds?\./);
    await ceremony.testId('share-still-here').click();
    await countdown.waitFor({ state: 'detached' });
    expect(await ceremony.testId('share-reveal-view').isVisible()).toBe(true);
    // Left alone again, the countdown comes back and then the share goes.
    await countdown.waitFor({ state: 'visible' });
    await ceremony.testId('share-handover').waitFor({ state: 'visible' });
    expect(await ceremony.testId('share-secret').count()).toBe(0);
  });

  it('does not call a sheet printed when its window was closed without printing', async () => {
    await ceremony.revealShare();
    const sheet = await sheets.openSheet('a4');
    await sheet.close();
    await ceremony.testId('sheet-not-printed').waitFor({ state: 'visible' });
    expect(await ceremony.testId('sheet-printed').count()).toBe(0);
    expect(await ceremony.testId('share-reveal-view').isVisible()).toBe(true);
  });

  it('says a group typed in small letters is in the wrong case, under the boxes, with the cursor in that box', async () => {
    await sheets.recorded();
    const entries = ceremony.testId('share-confirm-entry');
    await entries.first().waitFor({ state: 'visible' });
    const groupOf = async (index: number) => {
      const entry = entries.nth(index);
      const line = Number(await entry.getAttribute('data-line'));
      const group = Number(await entry.getAttribute('data-group'));
      return share.lines[line - 1]!.groups[group - 1]!;
    };
    // Pick a box whose group has a capital letter, and type it in small letters.
    let wrong = 0;
    while (!/[A-Z]/.test(await groupOf(wrong))) wrong++;
    for (let i = 0; i < (await entries.count()); i++) {
      const group = await groupOf(i);
      await entries.nth(i).fill(i === wrong ? group.toLowerCase() : group);
    }
    await ceremony.testId('share-confirm-submit').click();
    const problem = ceremony.testId('share-confirm-problem');
    await problem.waitFor({ state: 'visible' });
    expect(await problem.textContent()).toMatch(
      /^Group \d of line \d has the right letters, but capital and small letters differ in a share: type it exactly as on Gil Gray's record\.$/,
    );
    expect(await ceremony.testId('ceremony-problem').count()).toBe(0);
    const focus = await custos.page.evaluate(() => ({
      testId: document.activeElement?.getAttribute('data-testid'),
      invalid: document.activeElement?.getAttribute('aria-invalid'),
    }));
    expect(focus).toEqual({ testId: 'share-confirm-entry', invalid: 'true' });
    const inView = await problem.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);

    await entries.nth(wrong).fill(await groupOf(wrong));
    await ceremony.testId('share-confirm-submit').click();
    await ceremony.testId('share-cleared').waitFor({ state: 'visible' });
  });

  it('writes each extension to the transcript, and no share', async () => {
    const transcript = readFileSync(join(plan.folder, 'transcript.jsonl'), 'utf8');
    expect(transcript).toContain(
      '"event":"share-display-extended","data":{"custodian":"Gil Gray","shareNumber":1,"seconds":10}',
    );
    expect(transcript).toContain(
      '"event":"share-hidden","data":{"custodian":"Gil Gray","shareNumber":1,"reason":"idle"}',
    );
    for (const line of toCheckedLines(share.canonical)) expect(transcript).not.toContain(line.text);
    expect(custos.problems).toEqual([]);
  });
});
