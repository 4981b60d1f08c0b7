// A restore's share entry with the laptop camera (issue 6 §3: shares "typed ..., pasted, or
// scanned"), through the browser host, in a Chromium whose camera is a file
// (support/fake-camera.ts) showing a share sheet's QR code. What the camera reads takes the
// pasted share's path: another custodian's share is refused with main's sentence, the
// custodian's own is accepted as theirs; Esc turns the camera off and leaves the turn. The
// camera is off after each (every track ended) and the share is on no page and in no file. The
// ceremony folder comes from the engine fixture the unit tests use, as in
// restore-devices.spec.ts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CUSTODIAN_NAMES,
  initializeCeremony,
} from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import type { InitializedCeremony } from '../../src-main/ceremonies/common/testing/initialized-ceremony';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { FakeCamera } from '../support/fake-camera';
import { RestorePage } from '../support/restore-ceremony';
import { searchAfterCeremony, shareNeedles } from '../support/secrets-search';
import { watchCameraRequests } from '../support/share-sheet';
import type { CameraRequests } from '../support/share-sheet';

const SECONDARY = 'sim:secondary';

describe('browser host: a custodian’s share read by the camera in a restore', () => {
  const camera = new FakeCamera();
  let parent: string;
  let ceremony: InitializedCeremony;
  let custos: CustosSession;
  let restore: RestorePage;
  let cameraRequests: () => Promise<CameraRequests>;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-e2e-restore-camera-'));
    ceremony = await initializeCeremony(join(parent, 'ceremony'));
    custos = await openCustos({ chromiumArgs: camera.flags() });
    restore = new RestorePage(custos.page);
    await restore.startFromHome();
    await restore.chooseFolder(ceremony.folderPath, 'secondary');
    expect(await restore.chooseSecondary(SECONDARY)).toBe('factory-fresh');
    await restore.toShares();
    cameraRequests = await watchCameraRequests(custos.page);
  });

  afterAll(async () => {
    await custos?.close();
    await ceremony?.primary.close();
    camera.remove();
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('turns the camera off and leaves the turn on Esc', async () => {
    camera.showNothing();
    await restore.beginTurn(1);
    await restore.scanWithCamera();
    await restore.cameraState('scanning');
    await custos.page.keyboard.press('Escape');
    await restore.testId('restore-handover').waitFor({ state: 'visible' });
    expect(await restore.testId('restore-camera-video').count()).toBe(0);
    const seen = await cameraRequests();
    expect(seen.asked).toEqual([{ audio: false, video: true }]);
    expect(seen.tracks).toEqual([{ kind: 'video', readyState: 'ended' }]);
  });

  it('refuses another custodian’s share read by the camera with main’s sentence, and accepts the custodian’s own as theirs', async () => {
    const [ada, , katherine] = ceremony.shares as [string, string, string];
    await restore.beginTurn(1);
    camera.showQr(katherine);
    await restore.scanWithCamera();
    // The same sentence a pasted share 3 gets on share 1's turn: the camera's text took that path.
    expect(await restore.shareRefusal()).toBe(
      `${CUSTODIAN_NAMES[0]} (share 1): This custodian holds share 1, but the share typed says number 3 (after the first dash): check that number, or let the custodian who holds share 3 enter it.`,
    );
    await restore.cameraState('off');

    camera.showQr(ada);
    await restore.scanWithCamera();
    expect(await restore.accepted()).toBe(`${CUSTODIAN_NAMES[0]}’s share (share 1) is accepted`);
    const seen = await cameraRequests();
    expect(seen.tracks).toHaveLength(3);
    expect(
      seen.tracks.every((track) => track.kind === 'video' && track.readyState === 'ended'),
    ).toBe(true);
    const html = await restore.documentHtml();
    expect(html).not.toContain(ada);
    expect(html).not.toContain(katherine);
  });

  it('kept the shares out of every file Custos wrote, without page or console errors', () => {
    const needles = ceremony.shares.flatMap((share, index) =>
      shareNeedles(`share ${index + 1}`, share),
    );
    const { hits, filesSearched, profileSearched } = searchAfterCeremony(
      custos,
      [ceremony.folderPath],
      needles,
    );
    expect(filesSearched.length).toBeGreaterThan(0);
    expect(profileSearched).toBe(true);
    expect(hits).toEqual([]);
    expect(custos.problems).toEqual([]);
  });
});
