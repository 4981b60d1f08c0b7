// Page actions for "Back up (dump)", by data-testid only, waiting on what the app shows.

import type { Page } from 'playwright-core';
import { byTestId, CeremonyPage } from './ceremony-page';

export interface BackupRow {
  status: string;
  file: string | null;
  objectId: number;
  text: string;
}

export class BackupPage extends CeremonyPage {
  constructor(page: Page) {
    super(page, 'dump');
  }

  async choosePrimary(deviceId: string): Promise<void> {
    await this.intentShowing(
      () =>
        this.page
          .locator(`${byTestId('device-gate-choose')}[data-device-id="${deviceId}"]`)
          .click(),
      byTestId('dump-primary-chosen'),
    );
  }

  /** Types the application key's password (and id, when given); main's answer settles on the review. */
  async authenticate(password: string, authKeyId?: string): Promise<void> {
    if (authKeyId !== undefined) await this.testId('dump-auth-id').fill(authKeyId);
    await this.testId('dump-auth-password').fill(password);
    await this.intentShowing(
      () => this.testId('dump-auth-submit').click(),
      this.stepSelector('review'),
    );
  }

  /** Types the application key's password (and id) and waits until main has answered. */
  async submitPassword(password: string, authKeyId?: string): Promise<void> {
    if (authKeyId !== undefined) await this.testId('dump-auth-id').fill(authKeyId);
    await this.testId('dump-auth-password').fill(password);
    await this.settling(() => this.testId('dump-auth-submit').click());
  }

  async generateRehearsalKeys(): Promise<string> {
    await this.testId('dump-generate-sample-keys').click();
    await this.testId('dump-sample-keys-generated').waitFor({ state: 'visible' });
    return this.text('dump-sample-keys-generated');
  }

  async rows(): Promise<BackupRow[]> {
    return this.page.locator(byTestId('dump-object')).evaluateAll((rows) =>
      rows.map((row) => ({
        status: row.getAttribute('data-status') ?? '',
        file: row.getAttribute('data-file'),
        objectId: Number(row.getAttribute('data-object-id')),
        text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );
  }

  /** "Export": runs the back-up; main answers once it has finished. */
  async run(): Promise<void> {
    await this.intentShowing(
      () => this.forward('run'),
      `${byTestId('dump-export')}[data-finished="true"]`,
    );
  }
}
