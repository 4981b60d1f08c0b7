// Page actions for a custodian's share sheet inside their turn, by data-testid only: open the
// sheet (the browser host answers with a one-time page, which opens in a window of its own),
// read that window, and scan the sheet back in the confirm phase, typed or with the camera. Waits are on what the app
// shows (a window opening, an attribute changing), never on time.

import type { BrowserContext, Locator, Page } from 'playwright-core';

const byTestId = (id: string) => `[data-testid="${id}"]`;

export class ShareSheetPage {
  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
  ) {}

  testId(id: string): Locator {
    return this.page.locator(byTestId(id));
  }

  actions(): Locator {
    return this.testId('sheet-actions');
  }

  /** Chooses the paper and opens the sheet; resolves with its window once the sheet has loaded. */
  async openSheet(paper: 'a4' | 'letter'): Promise<Page> {
    await this.testId(`sheet-paper-${paper}`).check();
    const opened = this.context.waitForEvent('page');
    await this.testId('sheet-open').click();
    const sheet = await opened;
    await sheet.waitForLoadState('load');
    await this.page
      .locator(`${byTestId('sheet-actions')}[data-open="true"][data-view="page"]`)
      .waitFor({ state: 'visible' });
    return sheet;
  }

  /** "I have recorded it", then waits for the confirm phase. */
  async recorded(): Promise<void> {
    await this.testId('share-recorded').click();
    await this.testId('share-confirm').waitFor({ state: 'visible' });
  }

  /** Types into the scan-back box as a handheld scanner does: the text, then Enter. */
  async scan(text: string): Promise<void> {
    await this.testId('scan-back-entry').fill(text);
    await this.testId('scan-back-entry').press('Enter');
  }

  /** "Scan with the camera", once the box offers it (a camera is listed). */
  async scanWithCamera(): Promise<void> {
    await this.testId('scan-back-camera').click();
  }

  /** Waits until the camera box says the camera is in this state (`data-state`). */
  async cameraState(state: 'off' | 'starting' | 'scanning' | 'failed' | 'stopped'): Promise<void> {
    await this.page
      .locator(`${byTestId('scan-back-camera-box')}[data-state="${state}"]`)
      .waitFor({ state: 'attached' });
  }

  /** Main's sentence about the last scan, once shown. */
  async refusal(): Promise<string> {
    const problem = this.page.locator(`${byTestId('ceremony-problem')}[data-field="scanBack"]`);
    await problem.waitFor({ state: 'visible' });
    return ((await problem.textContent()) ?? '').trim();
  }
}

/** What the sheet's own window shows, as a person would read it. */
export async function sheetText(sheet: Page): Promise<string> {
  return (await sheet.locator('body').innerText()).replace(/\s+/g, ' ');
}

/** The groups of one printed line of the sheet (1-based), as the sheet's own window shows them. */
export async function sheetLineGroups(sheet: Page, line: number): Promise<string[]> {
  return sheet
    .locator('table.lines tbody tr')
    .nth(line - 1)
    .locator('td.text span')
    .allTextContents();
}

/** What the page asked of the camera and got, as watchCameraRequests records it. */
export interface CameraRequests {
  /** The constraints of each getUserMedia call. */
  asked: { audio: unknown; video: boolean }[];
  /** Every track handed out, with its kind and whether it is still live. */
  tracks: { kind: string; readyState: string }[];
}

/**
 * Wraps the page's getUserMedia so a spec can see what was asked for and whether every track
 * it handed out has been stopped. Records no picture.
 */
export async function watchCameraRequests(page: Page): Promise<() => Promise<CameraRequests>> {
  await page.evaluate(() => {
    const media = navigator.mediaDevices;
    const original = media.getUserMedia.bind(media);
    const seen = {
      asked: [] as { audio: unknown; video: boolean }[],
      streams: [] as MediaStream[],
    };
    (window as unknown as { __cameraRequests: typeof seen }).__cameraRequests = seen;
    media.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      seen.asked.push({ audio: constraints?.audio, video: Boolean(constraints?.video) });
      const stream = await original(constraints);
      seen.streams.push(stream);
      return stream;
    };
  });
  return () =>
    page.evaluate(() => {
      const seen = (
        window as unknown as {
          __cameraRequests: { asked: CameraRequests['asked']; streams: MediaStream[] };
        }
      ).__cameraRequests;
      return {
        asked: seen.asked,
        tracks: seen.streams.flatMap((stream) =>
          stream.getTracks().map((track) => ({ kind: track.kind, readyState: track.readyState })),
        ),
      };
    });
}
