// Share sheets inside a rehearsal initialization, through the browser host: the first custodian
// opens their sheet from their reveal step (the browser host's one-time page, in a window of its
// own), which shows their name, their share and the REHEARSAL watermark and no one else's name;
// in the confirm phase a mangled scan is refused with where it differs, and the share typed back
// confirms the turn. A custodian who printed nothing is not offered the scan.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCheckedLines } from '../../shared/shares/checked-lines';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { InitCeremonyPage } from '../support/init-ceremony';
import type { PlanInput, SeenShare } from '../support/init-ceremony';
import { searchAfterCeremony, shareNeedles } from '../support/secrets-search';
import { ShareSheetPage, sheetLineGroups, sheetText } from '../support/share-sheet';

const PRIMARY = 'sim:primary';
const WATERMARK = 'REHEARSAL — NOT A REAL SHARE';

describe('browser host: printing a share sheet inside the custodian’s turn', () => {
  let custos: CustosSession;
  let ceremony: InitCeremonyPage;
  let sheets: ShareSheetPage;
  let plan: PlanInput;
  let first: SeenShare;

  beforeAll(async () => {
    custos = await openCustos();
    const parent = mkdtempSync(join(tmpdir(), 'custos-e2e-sheets-'));
    plan = {
      ceremony: 'E2E share sheet rehearsal',
      folder: join(parent, 'sheets-ceremony'),
      custodians: ['Dana Dahl', 'Erik Eng', 'Fay Fox'],
      threshold: 2,
      applicationPassword: 'e2e-application-Hq4!pLm8',
      confirmation: 'spot-check',
    };
    ceremony = new InitCeremonyPage(custos.page);
    sheets = new ShareSheetPage(custos.page, custos.context);
    await ceremony.startFromHome(custos.home, PRIMARY, plan);
  });

  afterAll(async () => {
    await custos?.close();
    if (plan) rmSync(join(plan.folder, '..'), { recursive: true, force: true });
  });

  it('opens the custodian’s own sheet in a window of its own: their name, their share, the watermark, no one else', async () => {
    first = await ceremony.revealShare();
    expect(first.custodian).toBe('Dana Dahl');
    const sheet = await sheets.openSheet('a4');
    expect(new URL(sheet.url()).pathname).toMatch(/^\/print\/sheet\/[A-Za-z0-9_-]{43}$/);
    const text = await sheetText(sheet);
    expect(text).toContain('Dana Dahl');
    expect(await sheetLineGroups(sheet, 1)).toEqual(first.lines[0]!.groups);
    expect(text).toContain(WATERMARK);
    expect(text).toContain('E2E share sheet rehearsal');
    for (const other of ['Erik Eng', 'Fay Fox']) expect(text).not.toContain(other);
    // The QR code on the sheet holds exactly the share (an inline SVG: nothing was fetched for it).
    expect(await sheet.locator('figure.qr svg').count()).toBe(1);

    // The link worked once: the same address now says so, and holds no share.
    await sheet.reload();
    const reloaded = await sheetText(sheet);
    expect(reloaded).toContain('has been used or has expired');
    expect(reloaded).not.toContain(first.lines[1]!.groups[0]!);

    // The custodian closes the sheet's window; Custos notices, and the share is still theirs to see.
    await sheet.close();
    await custos.page
      .locator('[data-testid="sheet-actions"][data-open="false"][data-printed="true"]')
      .waitFor({ state: 'visible' });
    await ceremony.testId('share-reveal-view').waitFor({ state: 'visible' });
  });

  it('refuses a mangled scan with where it differs, then confirms the turn when the share is typed back', async () => {
    await sheets.recorded();
    await sheets.testId('scan-back').waitFor({ state: 'visible' });
    const share = first.canonical;
    const mangled = share.slice(0, 36) + (share[36] === 'A' ? 'B' : 'A') + share.slice(37);
    await sheets.scan(mangled);
    const refusal = await sheets.refusal();
    expect(refusal).toContain('differs from your share at character 37');
    for (const line of toCheckedLines(share)) expect(refusal).not.toContain(line.text);
    expect(await sheets.testId('scan-back-entry').inputValue()).toBe('');
    expect(await ceremony.testId('share-confirm').isVisible()).toBe(true);

    // Typed back from the page, as one line with the lines' spaces: that is the share.
    await sheets.scan(first.lines.map((line) => line.groups.join(' ')).join('\n'));
    await ceremony.testId('share-cleared').waitFor({ state: 'visible' });
    const html = await ceremony.documentHtml();
    for (const line of toCheckedLines(share)) expect(html).not.toContain(line.text);
  });

  it('offers the scan only to a custodian whose sheet went out this turn', async () => {
    await ceremony.nextCustodian();
    const second = await ceremony.revealShare();
    expect(second.custodian).toBe('Erik Eng');
    await sheets.recorded();
    expect(await sheets.testId('scan-back').count()).toBe(0);
    await ceremony.testId('share-confirm-entry').first().waitFor({ state: 'visible' });
  });

  it('records in the transcript that the sheet went out and the scan matched, never the share', async () => {
    const transcript = readFileSync(join(plan.folder, 'transcript.jsonl'), 'utf8');
    expect(transcript).toContain(
      '"event":"share-sheet-opened","data":{"custodian":"Dana Dahl","shareNumber":1,"paper":"a4","view":"page"}',
    );
    expect(transcript).toContain('"event":"share-sheet-delivered"');
    expect(transcript).toContain(
      '"event":"share-scan-back-refused","data":{"custodian":"Dana Dahl","shareNumber":1,"verdict":"differs","position":37}',
    );
    expect(transcript).toContain(
      '"event":"share-confirmed","data":{"custodian":"Dana Dahl","shareNumber":1,"check":"scan-back"}',
    );
    for (const line of toCheckedLines(first.canonical)) expect(transcript).not.toContain(line.text);
    expect(custos.problems).toEqual([]);
  });

  it('leaves the share in no printed form in any file, the browser profile or the temp folder', () => {
    const { hits, profileSearched } = searchAfterCeremony(
      custos,
      [plan.folder],
      shareNeedles('the first share', first.canonical),
    );
    expect(profileSearched).toBe(true);
    expect(hits).toEqual([]);
  });
});
