// The scan-back check with the laptop camera (issue 5 §4), through the browser host, in a
// Chromium whose camera is a file (support/fake-camera.ts) showing the custodian's sheet's QR
// code. The custodian prints their sheet, says it is recorded, and holds the sheet up to the
// camera: Esc turns the camera off; a sheet with a mangled code is refused with where it
// differs; their own sheet confirms the turn. The camera is off after each (every track ended),
// the microphone was never asked for, and the share is in no file Custos wrote.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCheckedLines } from '../../shared/shares/checked-lines';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { FakeCamera } from '../support/fake-camera';
import { InitCeremonyPage } from '../support/init-ceremony';
import type { PlanInput, SeenShare } from '../support/init-ceremony';
import { searchAfterCeremony, shareNeedles } from '../support/secrets-search';
import { ShareSheetPage, watchCameraRequests } from '../support/share-sheet';
import type { CameraRequests } from '../support/share-sheet';

const PRIMARY = 'sim:primary';

describe('browser host: scanning the printed sheet back with the camera', () => {
  const camera = new FakeCamera();
  let custos: CustosSession;
  let ceremony: InitCeremonyPage;
  let sheets: ShareSheetPage;
  let plan: PlanInput;
  let first: SeenShare;
  let cameraRequests: () => Promise<CameraRequests>;

  beforeAll(async () => {
    custos = await openCustos({ chromiumArgs: camera.flags() });
    const parent = mkdtempSync(join(tmpdir(), 'custos-e2e-camera-ceremony-'));
    plan = {
      ceremony: 'E2E camera scan-back rehearsal',
      folder: join(parent, 'camera-ceremony'),
      custodians: ['Gil Grant', 'Hana Holm', 'Ivo Ide'],
      threshold: 2,
      applicationPassword: 'e2e-application-Zt7!wQe3',
      confirmation: 'spot-check',
    };
    ceremony = new InitCeremonyPage(custos.page);
    sheets = new ShareSheetPage(custos.page, custos.context);
    await ceremony.startFromHome(custos.home, PRIMARY, plan);

    // The first custodian prints their sheet (the browser host hands it to the browser) and
    // says their share is recorded: the confirm phase offers the scan-back check.
    first = await ceremony.revealShare();
    const sheet = await sheets.openSheet('a4');
    await sheet.close();
    await custos.page
      .locator('[data-testid="sheet-actions"][data-printed="true"]')
      .waitFor({ state: 'visible' });
    await sheets.recorded();
    await sheets.testId('scan-back').waitFor({ state: 'visible' });
    cameraRequests = await watchCameraRequests(custos.page);
  });

  afterAll(async () => {
    await custos?.close();
    camera.remove();
    if (plan) rmSync(join(plan.folder, '..'), { recursive: true, force: true });
  });

  it('offers the camera where one is listed, and Esc turns it off with a sentence', async () => {
    camera.showNothing();
    await sheets.scanWithCamera();
    await sheets.cameraState('scanning');
    expect(await sheets.testId('scan-back-camera-video').isVisible()).toBe(true);
    await custos.page.keyboard.press('Escape');
    await sheets.cameraState('stopped');
    expect(await sheets.testId('scan-back-camera-status').textContent()).toBe(
      'The camera was turned off because Esc was pressed.',
    );
    expect(await sheets.testId('scan-back-camera-video').isVisible()).toBe(false);
    const seen = await cameraRequests();
    expect(seen.asked).toEqual([{ audio: false, video: true }]);
    expect(seen.tracks).toEqual([{ kind: 'video', readyState: 'ended' }]);
    expect(await ceremony.testId('share-confirm').isVisible()).toBe(true);
  });

  it('refuses a sheet whose code is not the share, with where it differs, and turns the camera off', async () => {
    const share = first.canonical;
    camera.showQr(share.slice(0, 36) + (share[36] === 'A' ? 'B' : 'A') + share.slice(37));
    await sheets.scanWithCamera();
    const refusal = await sheets.refusal();
    expect(refusal).toContain('differs from your share at character 37');
    for (const line of toCheckedLines(share)) expect(refusal).not.toContain(line.text);
    await sheets.cameraState('off');
    const seen = await cameraRequests();
    expect(
      seen.tracks.every((track) => track.kind === 'video' && track.readyState === 'ended'),
    ).toBe(true);
    expect(seen.tracks).toHaveLength(2);
    // The typed box was not touched: the camera's text went to main and nowhere else.
    expect(await sheets.testId('scan-back-entry').inputValue()).toBe('');
  });

  it('confirms the turn when the camera reads the custodian’s own sheet, and leaves the camera off', async () => {
    camera.showQr(first.canonical);
    await sheets.scanWithCamera();
    await ceremony.testId('share-cleared').waitFor({ state: 'visible' });
    const seen = await cameraRequests();
    expect(seen.asked.every((asked) => asked.audio === false && asked.video)).toBe(true);
    expect(seen.tracks).toHaveLength(3);
    expect(
      seen.tracks.every((track) => track.kind === 'video' && track.readyState === 'ended'),
    ).toBe(true);
    const html = await ceremony.documentHtml();
    for (const line of toCheckedLines(first.canonical)) expect(html).not.toContain(line.text);
  });

  it('records the scan as the check that confirmed the turn, and the share is in no file Custos wrote', () => {
    const transcript = readFileSync(join(plan.folder, 'transcript.jsonl'), 'utf8');
    expect(transcript).toContain(
      '"event":"share-scan-back-refused","data":{"custodian":"Gil Grant","shareNumber":1,"verdict":"differs","position":37}',
    );
    expect(transcript).toContain(
      '"event":"share-confirmed","data":{"custodian":"Gil Grant","shareNumber":1,"check":"scan-back"}',
    );
    const needles = shareNeedles('the first share', first.canonical);
    const { hits, filesSearched, profileSearched } = searchAfterCeremony(
      custos,
      [plan.folder],
      needles,
    );
    expect(filesSearched.length).toBeGreaterThan(0);
    expect(profileSearched).toBe(true);
    expect(hits).toEqual([]);
    expect(custos.problems).toEqual([]);
  });
});
