// Page actions for the share audit, by data-testid only, waiting on what the app shows. The
// custodian's entry form is the restore's (restore-entry, restore-share-text, …); the audit's own
// handover, cleared and result screens carry audit-* ids.

import type { Page } from 'playwright-core';
import { byTestId, CeremonyPage } from './ceremony-page';

export class AuditPage extends CeremonyPage {
  constructor(page: Page) {
    super(page, 'share-audit');
  }

  /** The custodian holding share `custodian` says it is them; the entry form opens. */
  async beginTurn(custodian: number): Promise<void> {
    await this.testId('audit-handover').waitFor({ state: 'visible' });
    await this.page
      .locator(`${byTestId('audit-begin-turn')}[data-custodian="${custodian}"]`)
      .click();
    await this.testId('restore-entry').waitFor({ state: 'visible' });
  }

  /** Pastes (or scans) the whole share and presses Enter. */
  async pasteShare(text: string): Promise<void> {
    const mode = this.testId('restore-mode-text');
    if ((await mode.count()) > 0) await mode.check();
    await this.testId('restore-share-text').fill(text);
    await this.settling(() => this.testId('restore-share-text').press('Enter'));
  }

  /** Main's verdict on a refused share (the phase stays at the entry). */
  async shareRefusal(): Promise<string> {
    const refusal = this.testId('restore-share-refusal');
    await refusal.waitFor({ state: 'visible' });
    return ((await refusal.textContent()) ?? '').trim();
  }

  /** Waits for the blank screen after an accepted share and returns its heading. */
  async accepted(): Promise<string> {
    await this.testId('audit-cleared').waitFor({ state: 'visible' });
    return this.text('audit-cleared-title');
  }

  /** From the blank screen to the next handover (or the result). */
  async next(): Promise<void> {
    await this.settling(() => this.testId('audit-next').click());
    await this.testId('audit-cleared').waitFor({ state: 'detached' });
  }

  async result(): Promise<{ outcome: string; summary: string; proven: string[]; report: string }> {
    const result = this.testId('audit-result');
    await result.waitFor({ state: 'visible' });
    return {
      outcome: (await result.getAttribute('data-outcome')) ?? '',
      summary: await this.text('audit-summary'),
      proven: await this.page
        .locator(byTestId('audit-proven-share'))
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-share') ?? '')),
      report: await this.text('audit-report'),
    };
  }
}
