// Page actions for the home screen and the wizard shell, by data-testid only. Every wait is on
// DOM state the app produces (an element appears, an attribute changes), never on time.

import type { Locator, Page } from 'playwright-core';

export interface DeviceCardText {
  id: string;
  serial: string;
  firmware: string;
  transport: string;
  slots: string;
  status: string;
}

const byTestId = (id: string) => `[data-testid="${id}"]`;

export class HomePage {
  constructor(readonly page: Page) {}

  screen(): Locator {
    return this.page.locator(byTestId('home-screen'));
  }

  async waitUntilShown(): Promise<void> {
    await this.screen().waitFor({ state: 'visible' });
  }

  rehearsalBanner(): Locator {
    return this.page.locator(byTestId('rehearsal-banner'));
  }

  deviceCard(id: string): Locator {
    return this.page.locator(`${byTestId('device-card')}[data-device-id="${id}"]`);
  }

  /** Waits until the device is listed and its status check has finished, then reads its card. */
  async settledDevice(id: string): Promise<DeviceCardText> {
    const card = this.deviceCard(id);
    await card
      .locator(`${byTestId('device-status')}:not([data-status="checking"])`)
      .waitFor({ state: 'visible' });
    const text = async (testId: string) =>
      ((await card.locator(byTestId(testId)).textContent()) ?? '').trim();
    return {
      id,
      serial: await text('device-serial'),
      firmware: await text('device-firmware'),
      transport: await text('device-transport'),
      slots: await text('device-slots'),
      status: (await card.locator(byTestId('device-status')).getAttribute('data-status')) ?? '',
    };
  }

  async listedDeviceIds(): Promise<string[]> {
    return this.page
      .locator(byTestId('device-card'))
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-device-id') ?? ''));
  }

  /** Starts "Initialize primary" and waits for the wizard. */
  async startInitCeremony(): Promise<WizardPage> {
    await this.page.locator(byTestId('ceremony-start-init')).click();
    const wizard = new WizardPage(this.page);
    await wizard.root().waitFor({ state: 'visible' });
    return wizard;
  }
}

export class WizardPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.locator(byTestId('wizard'));
  }

  async currentStepId(): Promise<string | null> {
    return this.root().getAttribute('data-step-id');
  }

  async stepTitles(): Promise<string[]> {
    return this.page.locator(`${byTestId('wizard-step-list')} li`).allTextContents();
  }

  /** Cancel, confirm in the dialog, and wait until the wizard is gone and home is back. */
  async cancel(): Promise<void> {
    await this.page.locator(byTestId('wizard-cancel')).click();
    await this.page.locator(byTestId('wizard-cancel-confirm')).click();
    await this.root().waitFor({ state: 'detached' });
    await this.page.locator(byTestId('home-screen')).waitFor({ state: 'visible' });
  }
}
