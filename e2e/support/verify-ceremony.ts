// Page actions for "Verify clone", by data-testid only, waiting on what the app shows.

import type { Page } from 'playwright-core';
import { byTestId, CeremonyPage } from './ceremony-page';

export class VerifyPage extends CeremonyPage {
  constructor(page: Page) {
    super(page, 'verify');
  }

  async chooseSecondary(deviceId: string): Promise<void> {
    await this.intentShowing(
      () =>
        this.page
          .locator(`${byTestId('device-gate-choose')}[data-device-id="${deviceId}"]`)
          .click(),
      byTestId('verify-secondary-chosen'),
    );
  }

  /** The application key's password (and its id, as typed, when given). */
  async authenticate(password: string, authKeyId?: string): Promise<void> {
    if (authKeyId !== undefined) await this.testId('verify-auth-id').fill(authKeyId);
    await this.testId('verify-auth-password').fill(password);
    await this.intentShowing(
      () => this.testId('verify-auth-submit').click(),
      `${byTestId('verify-auth-state')}[data-given="true"]`,
    );
  }

  /** "Verify the clone", and main's answer, whatever it is. */
  async runAndSettle(): Promise<void> {
    await this.settling(() => this.forward('run'));
  }

  /** "Verify the clone"; main's answer settles on the result. */
  async run(): Promise<void> {
    await this.intentShowing(() => this.forward('run'), this.stepSelector('result'));
  }

  /** "Open the printable report"; resolves with its window once the report has loaded. */
  async openReport(): Promise<Page> {
    const opened = this.page.context().waitForEvent('page');
    await this.testId('verify-open-report').click();
    const report = await opened;
    await report.waitForLoadState('load');
    await this.testId('verify-open-report-note').waitFor({ state: 'visible' });
    return report;
  }

  async objects(): Promise<{ status: string; objectId: number; type: string; text: string }[]> {
    return this.page.locator(byTestId('verify-object')).evaluateAll((rows) =>
      rows.map((row) => ({
        status: row.getAttribute('data-status') ?? '',
        objectId: Number(row.getAttribute('data-object-id')),
        type: row.getAttribute('data-object-type') ?? '',
        text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );
  }

  async signatures(): Promise<{ status: string; objectId: number }[]> {
    return this.page.locator(byTestId('verify-signature')).evaluateAll((rows) =>
      rows.map((row) => ({
        status: row.getAttribute('data-status') ?? '',
        objectId: Number(row.getAttribute('data-object-id')),
      })),
    );
  }
}
