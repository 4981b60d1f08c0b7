// Page actions for a custodian's share sheet inside their turn, by data-testid only: open the
// sheet (the browser host answers with a one-time page, which opens in a window of its own),
// read that window, and scan the sheet back in the confirm phase. Waits are on what the app
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
    await this.page.locator(`${byTestId('sheet-actions')}[data-open="true"][data-view="page"]`).waitFor({ state: 'visible' });
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

  /** Main's sentence about the last scan, once shown. */
  async refusal(): Promise<string> {
    const problem = this.page.locator(`${byTestId('init-problem')}[data-field="scanBack"]`);
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
  return sheet.locator('table.lines tbody tr').nth(line - 1).locator('td.text span').allTextContents();
}
