// Page actions for the reshare, by data-testid only, waiting on what the app shows. The current
// custodians use the restore's entry form (restore-*) under reshare-old-* turns; the new
// custodians' turns are the initialization's own screens, driven with InitCeremonyPage.

import type { Page } from 'playwright-core';
import { byTestId, CeremonyPage } from './ceremony-page';

export class ResharePage extends CeremonyPage {
  constructor(page: Page) {
    super(page, 'reshare');
  }

  /** Types the plan and checks it; main's answer settles with the plan accepted. */
  async plan(custodians: readonly string[], threshold: number): Promise<void> {
    await this.waitForStep('plan');
    await this.testId('reshare-custodians').fill(custodians.join('\n'));
    await this.testId('reshare-threshold').fill(String(threshold));
    await this.intentShowing(
      () => this.testId('reshare-plan-check').click(),
      byTestId('reshare-plan-ok'),
    );
    await this.forward('to-old-shares');
    await this.waitForStep('old-shares');
  }

  /** One current custodian's turn: say who, paste the share, then the blank screen's button. */
  async currentShare(custodian: number, share: string): Promise<void> {
    await this.testId('reshare-old-handover').waitFor({ state: 'visible' });
    await this.page
      .locator(`${byTestId('reshare-old-begin-turn')}[data-custodian="${custodian}"]`)
      .click();
    await this.testId('restore-entry').waitFor({ state: 'visible' });
    const mode = this.testId('restore-mode-text');
    if ((await mode.count()) > 0) await mode.check();
    await this.testId('restore-share-text').fill(share);
    await this.intentShowing(
      () => this.testId('restore-share-text').press('Enter'),
      byTestId('reshare-old-cleared'),
    );
    await this.settling(() => this.testId('reshare-old-next').click());
  }

  async splitAgain(): Promise<string> {
    await this.testId('reshare-recombined').waitFor({ state: 'visible' });
    const kcv = await this.text('reshare-kcv');
    await this.forward('split-again');
    await this.waitForStep('new-shares');
    return kcv;
  }
}
