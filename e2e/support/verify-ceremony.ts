// Page actions for "Verify clone", by data-testid only, waiting on what the app shows.

import type { Page } from 'playwright-core';
import { byTestId, CeremonyPage } from './ceremony-page';

export class VerifyPage extends CeremonyPage {
  constructor(page: Page) {
    super(page, 'verify');
  }

  async chooseSecondary(deviceId: string): Promise<void> {
    await this.page
      .locator(`${byTestId('device-gate-choose')}[data-device-id="${deviceId}"]`)
      .click();
    await this.testId('verify-secondary-chosen').waitFor({ state: 'visible' });
  }

  async authenticate(password: string): Promise<void> {
    await this.testId('verify-auth-password').fill(password);
    await this.settling(() => this.testId('verify-auth-submit').click());
    await this.page
      .locator(`${byTestId('verify-auth-state')}[data-given="true"]`)
      .waitFor({ state: 'visible' });
  }

  /** "Verify the clone", and main's answer, whatever it is. */
  async runAndSettle(): Promise<void> {
    await this.settling(() => this.forward('run'));
  }

  /** "Verify the clone", then the result. */
  async run(): Promise<void> {
    await this.forward('run');
    await this.waitForStep('result');
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
