// Page actions for "Restore secondary", by data-testid only, waiting on what the app shows. A
// custodian's turn types the share the way a custodian would: line by line from the sheet
// (each line with its check character), or pasted / scanned whole into the text field.

import type { Page } from 'playwright-core';
import { byTestId, CeremonyPage } from './ceremony-page';

/** A share as the sheet prints it: the lines' groups and their check characters. */
export interface SheetShare {
  canonical: string;
  lines: { text: string; groups: string[]; check: string }[];
}

export interface RestoredFileRow {
  file: string;
  status: string;
  reason: string;
  text: string;
  /** The row's cells as shown: file, result, id, type, label, why. */
  cells: string[];
}

export class RestorePage extends CeremonyPage {
  constructor(page: Page) {
    super(page, 'restore');
  }

  /** Chooses the secondary among the devices and waits until main has checked it; returns the check's state. */
  async chooseSecondary(deviceId: string): Promise<string> {
    await this.page
      .locator(`${byTestId('device-gate-choose')}[data-device-id="${deviceId}"]`)
      .click();
    const check = this.page.locator(
      `${byTestId('secondary-check')}[data-device-id="${deviceId}"]:not([data-state="checking"])`,
    );
    await check.waitFor({ state: 'visible' });
    return (await check.getAttribute('data-state')) ?? '';
  }

  async toShares(): Promise<void> {
    await this.forward('to-shares');
    await this.waitForStep('shares');
    await this.testId('restore-handover').waitFor({ state: 'visible' });
  }

  /** Record mode: the custodian holding share `custodian` says it is them. Interop: no number. */
  async beginTurn(custodian?: number): Promise<void> {
    await this.testId('restore-handover').waitFor({ state: 'visible' });
    const button =
      custodian === undefined
        ? this.testId('restore-begin-turn')
        : this.page.locator(`${byTestId('restore-begin-turn')}[data-custodian="${custodian}"]`);
    await button.click();
    await this.testId('restore-entry').waitFor({ state: 'visible' });
  }

  /** The line as printed on the sheet: groups with spaces, two spaces, the check character. */
  static printed(line: SheetShare['lines'][number]): string {
    return `${line.groups.join(' ')}  ${line.check}`;
  }

  /** Types one line key by key, as a custodian does (the form judges it as it fills). */
  async typeLine(line: number, text: string): Promise<void> {
    const input = this.page.locator(
      `${byTestId('line-entry')}[data-line="${line}"] ${byTestId('line-entry-input')}`,
    );
    await input.fill('');
    await input.pressSequentially(text);
  }

  async typeLines(lines: readonly string[]): Promise<void> {
    for (const [index, text] of lines.entries()) await this.typeLine(index + 1, text);
  }

  async lineEntry(line: number): Promise<{ state: string; status: string }> {
    const entry = this.page.locator(`${byTestId('line-entry')}[data-line="${line}"]`);
    return {
      state: (await entry.getAttribute('data-state')) ?? '',
      status: ((await entry.locator(byTestId('line-entry-status')).textContent()) ?? '').trim(),
    };
  }

  /** The number of the line whose field has the keyboard focus (null: none has). */
  async focusedLine(): Promise<number | null> {
    return this.page.evaluate(() => {
      const line = document.activeElement?.closest('[data-testid="line-entry"]');
      return line ? Number(line.getAttribute('data-line')) : null;
    });
  }

  async lineValues(): Promise<string[]> {
    return this.testId('line-entry-input').evaluateAll((inputs) =>
      inputs.map((input) => (input as HTMLInputElement).value),
    );
  }

  /** Pastes (or scans: a scanner types the QR's text) the whole share and presses Enter. */
  async pasteShare(text: string): Promise<void> {
    const mode = this.testId('restore-mode-text');
    if ((await mode.count()) > 0) await mode.check();
    await this.testId('restore-share-text').fill(text);
    await this.testId('restore-share-text').press('Enter');
  }

  /** The custodian holds their sheet up to the laptop camera (the fake camera decides what it sees). */
  async scanWithCamera(): Promise<void> {
    await this.testId('restore-camera').click();
  }

  /** Waits until the camera box says the camera is in this state (`data-state`). */
  async cameraState(state: 'off' | 'starting' | 'scanning' | 'failed' | 'stopped'): Promise<void> {
    await this.page
      .locator(`${byTestId('restore-camera-box')}[data-state="${state}"]`)
      .waitFor({ state: 'attached' });
  }

  async submit(): Promise<void> {
    await this.testId('restore-share-submit').click();
  }

  /** Main's verdict on a refused share, once shown (the phase stays at the entry). */
  async shareRefusal(): Promise<string> {
    const refusal = this.testId('restore-share-refusal');
    await refusal.waitFor({ state: 'visible' });
    return ((await refusal.textContent()) ?? '').trim();
  }

  /** Waits for the blank screen after an accepted share and returns its heading. */
  async accepted(): Promise<string> {
    await this.testId('restore-cleared').waitFor({ state: 'visible' });
    return this.text('restore-cleared-title');
  }

  /** From the blank screen to the next handover (or the rebuilt key). */
  async next(): Promise<void> {
    await this.testId('restore-next').click();
    await this.testId('restore-cleared').waitFor({ state: 'detached' });
  }

  /** One custodian's whole turn, typed line by line from their sheet. */
  async typedTurn(custodian: number, share: SheetShare): Promise<string> {
    await this.beginTurn(custodian);
    await this.typeLines(share.lines.map(RestorePage.printed));
    await this.submit();
    return this.accepted();
  }

  async recombined(): Promise<{ kcv: string; matchesRecord: string; verdict: string }> {
    const view = this.testId('restore-recombined');
    await view.waitFor({ state: 'visible' });
    return {
      kcv: await this.text('restore-kcv'),
      matchesRecord: (await view.getAttribute('data-matches-record')) ?? '',
      verdict: await this.text('restore-kcv-verdict'),
    };
  }

  /** The application key's password (and its id, as typed, when given). */
  async giveApplicationPassword(password: string, authKeyId?: string): Promise<void> {
    if (authKeyId !== undefined) await this.testId('restore-app-key-id').fill(authKeyId);
    await this.testId('restore-app-key-password').fill(password);
    await this.intentShowing(
      () => this.testId('restore-app-key-submit').click(),
      `${byTestId('restore-app-key-state')}[data-given="true"]`,
    );
  }

  /** "Write to the secondary", then the finished screen; returns its status. */
  async runDeviceSteps(): Promise<string> {
    await this.intentShowing(() => this.forward('run-device-steps'), this.stepSelector('finished'));
    return (await this.testId('restore-finished').getAttribute('data-status')) ?? '';
  }

  async files(): Promise<RestoredFileRow[]> {
    return this.page.locator(byTestId('restore-file')).evaluateAll((rows) =>
      rows.map((row) => ({
        file: row.getAttribute('data-file') ?? '',
        status: row.getAttribute('data-status') ?? '',
        reason: (
          row.querySelector('[data-testid="restore-file-reason"]')?.textContent ?? ''
        ).trim(),
        text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
        cells: [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim()),
      })),
    );
  }

  async factoryKey(): Promise<{ decision: string; text: string }> {
    const line = this.testId('restore-factory-key');
    return {
      decision: (await line.getAttribute('data-decision')) ?? '',
      text: ((await line.textContent()) ?? '').trim(),
    };
  }
}
