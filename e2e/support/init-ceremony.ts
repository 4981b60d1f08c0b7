// Page actions for "Initialize primary", by data-testid only. Every wait is on what the app
// shows (a step id, a phase, an attribute), never on time. A custodian's turn reads the share
// off the screen the way a custodian would, so the specs can check it is gone afterwards.

import type { Locator, Page } from 'playwright-core';
import { byTestId, CeremonyFramePage } from './ceremony-page';
import type { HomePage } from './home-page';

/** What the plan screen is given; passwords are typed twice. */
export interface PlanInput {
  ceremony: string;
  folder: string;
  custodians: string[];
  threshold: number;
  applicationPassword: string;
  auditPassword?: string;
  confirmation?: 'spot-check' | 'full' | 'none';
  verificationRound?: boolean;
  /** Rehearsal only: leave the factory key on the simulated primary. */
  keepFactoryKey?: boolean;
  /** Domains 1..16 (default: the plan's default). Set from the keyboard. */
  domains?: number[];
}

/** One share as a custodian saw it on screen. */
export interface SeenShare {
  custodian: string;
  /** The lines' groups joined: the canonical share text. */
  canonical: string;
  lines: { text: string; groups: string[]; check: string }[];
  kcv: string;
}

export class InitCeremonyPage extends CeremonyFramePage {
  constructor(page: Page) {
    super(page, 'init');
  }

  wizard(): Locator {
    return this.frame();
  }

  async choosePrimary(deviceId: string): Promise<void> {
    await this.page
      .locator(`${byTestId('device-gate-choose')}[data-device-id="${deviceId}"]`)
      .click();
    await this.page
      .locator(`${byTestId('primary-check')}[data-state="factory-fresh"]`)
      .waitFor({ state: 'visible' });
  }

  /** From the home screen to the first custodian's handover: preflight, plan, review, Begin. */
  async startFromHome(home: HomePage, deviceId: string, plan: PlanInput): Promise<void> {
    await home.settledDevice(deviceId);
    await home.startInitCeremony();
    await this.preflight(deviceId);
    await this.fillPlan(plan);
    await this.toReview();
    await this.begin();
  }

  async preflight(deviceId: string): Promise<void> {
    await this.waitForStep('preflight');
    await this.choosePrimary(deviceId);
    await this.forward('to-plan');
    await this.waitForStep('plan');
  }

  /** Sets the custodians list to exactly these names, adding or removing rows as needed. */
  async setCustodians(names: string[]): Promise<void> {
    const rows = this.testId('plan-custodian');
    while ((await rows.count()) < names.length) await this.testId('plan-custodian-add').click();
    while ((await rows.count()) > names.length)
      await this.page.locator(byTestId('plan-custodian-remove')).last().click();
    for (const [index, name] of names.entries()) await rows.nth(index).fill(name);
  }

  async setThreshold(threshold: number): Promise<void> {
    await this.testId('plan-threshold').fill(String(threshold));
  }

  /** The domain box that Tab enters the domains group at (the group's one tab stop). */
  domainTabStop(): Locator {
    return this.page.locator(`${byTestId('plan-domain')}[tabindex="0"]`);
  }

  /**
   * Sets the domains to exactly these, from the keyboard as a person would: into the group at
   * its tab stop, Home, then along with the arrow keys, Space on each box to change.
   */
  async setDomains(domains: readonly number[]): Promise<void> {
    await this.domainTabStop().focus();
    await this.page.keyboard.press('Home');
    for (let domain = 1; domain <= 16; domain++) {
      const box = this.page.locator(`${byTestId('plan-domain')}[data-domain="${domain}"]`);
      if ((await box.isChecked()) !== domains.includes(domain)) {
        await this.page.keyboard.press('Space');
        await box
          .and(this.page.locator(domains.includes(domain) ? ':checked' : ':not(:checked)'))
          .waitFor();
      }
      if (domain < 16) await this.page.keyboard.press('ArrowRight');
    }
  }

  /** Types a password twice and waits until main says it is set. */
  async setPassword(which: 'application' | 'audit', password: string): Promise<void> {
    await this.testId(`plan-${which}-password`).fill(password);
    await this.testId(`plan-${which}-password-confirm`).fill(password);
    await this.testId(`plan-${which}-password-set`).click();
    await this.page
      .locator(`${byTestId(`plan-${which}-password-state`)}[data-set="true"]`)
      .waitFor({ state: 'visible' });
  }

  async setFolder(folder: string): Promise<void> {
    await this.testId('plan-folder').fill(folder);
    await this.testId('plan-folder-set').click();
    await this.testId('plan-folder-chosen')
      .filter({ hasText: folder })
      .waitFor({ state: 'visible' });
  }

  /** The problem main reports at one plan field, once it is shown. */
  fieldProblem(field: string): Locator {
    return this.page.locator(`${byTestId('field-problem')}[data-field="${field}"]`);
  }

  async fillPlan(plan: PlanInput): Promise<void> {
    await this.testId('plan-ceremony').fill(plan.ceremony);
    await this.setFolder(plan.folder);
    await this.setCustodians(plan.custodians);
    await this.setThreshold(plan.threshold);
    if (plan.domains) await this.setDomains(plan.domains);
    if (plan.confirmation) await this.testId(`plan-confirmation-${plan.confirmation}`).check();
    if (plan.verificationRound) await this.testId('plan-verification-round').check();
    if (plan.keepFactoryKey) await this.testId('plan-keep-factory-key').check();
    await this.setPassword('application', plan.applicationPassword);
    if (plan.auditPassword !== undefined) {
      await this.testId('plan-audit-key').check();
      await this.setPassword('audit', plan.auditPassword);
    }
  }

  async toReview(): Promise<void> {
    await this.forward('to-review');
    await this.waitForStep('review');
  }

  async begin(): Promise<void> {
    await this.forward('begin');
    await this.waitForStep('shares');
  }

  /** The custodian named at the handover now on screen. */
  async handoverCustodian(): Promise<{ index: number; name: string }> {
    const handover = this.testId('share-handover');
    await handover.waitFor({ state: 'visible' });
    const index = Number(await handover.getAttribute('data-custodian'));
    const name = ((await this.testId('share-custodian').textContent()) ?? '').replace(
      / \(custodian \d+ of \d+\)$/,
      '',
    );
    return { index, name };
  }

  /** Shows the share (the custodian's own button) and reads it off the screen. */
  async revealShare(): Promise<SeenShare> {
    await this.handoverCustodian();
    await this.testId('share-reveal').click();
    return this.readShownShare();
  }

  /** Reads the share on screen as a custodian would copy it: lines, groups, check characters. */
  async readShownShare(): Promise<SeenShare> {
    await this.testId('share-reveal-view').waitFor({ state: 'visible' });
    const name = ((await this.testId('share-custodian').textContent()) ?? '').replace(
      / \(custodian \d+ of \d+\)$/,
      '',
    );
    const lines = await this.page.locator(byTestId('share-line')).evaluateAll((elements) =>
      elements.map((line) => ({
        groups: [...line.querySelectorAll('[data-testid="share-group"]')].map(
          (group) => group.textContent ?? '',
        ),
        check: line.querySelector('[data-testid="share-check"]')?.textContent ?? '',
      })),
    );
    const kcv = ((await this.testId('share-kcv').textContent()) ?? '').trim();
    const withText = lines.map((line) => ({ ...line, text: line.groups.join('') }));
    return {
      custodian: name,
      canonical: withText.map((line) => line.text).join(''),
      lines: withText,
      kcv,
    };
  }

  /** Presses Tab until an element with this test id has the focus (at most `limit` presses). */
  async tabTo(testId: string, limit = 12): Promise<void> {
    for (let presses = 0; presses < limit; presses++) {
      await this.page.keyboard.press('Tab');
      if ((await this.focused()) === testId) return;
    }
    throw new Error(
      `${limit} presses of Tab did not reach ${testId}; the focus is on ${String(await this.focused())}.`,
    );
  }

  /** The QR code on screen as a PNG, drawn as the page draws it. */
  async shareQrPng(): Promise<Buffer> {
    return this.testId('share-qr').screenshot();
  }

  /** "I have recorded it", then the spot check typed from what was seen. */
  async recordAndSpotCheck(share: SeenShare): Promise<void> {
    await this.testId('share-recorded').click();
    await this.page
      .locator(`${byTestId('share-confirm')}[data-mode="spot-check"]`)
      .waitFor({ state: 'visible' });
    const entries = this.testId('share-confirm-entry');
    for (let i = 0; i < (await entries.count()); i++) {
      const entry = entries.nth(i);
      const line = Number(await entry.getAttribute('data-line'));
      const group = Number(await entry.getAttribute('data-group'));
      await entry.fill(share.lines[line - 1]!.groups[group - 1]!);
    }
    await this.testId('share-confirm-submit').click();
    await this.testId('share-cleared').waitFor({ state: 'visible' });
  }

  /** "I have recorded it", then every line typed back with its check character (full mode). */
  async recordAndTypeEveryLine(share: SeenShare): Promise<void> {
    await this.testId('share-recorded').click();
    await this.page
      .locator(`${byTestId('share-confirm')}[data-mode="full"]`)
      .waitFor({ state: 'visible' });
    await this.typeLines(share.lines.map((line) => `${line.groups.join(' ')}  ${line.check}`));
    await this.testId('share-confirm-submit').click();
    await this.testId('share-cleared').waitFor({ state: 'visible' });
  }

  /** Types one text into each line entry on screen, in order. */
  async typeLines(lines: readonly string[]): Promise<void> {
    const inputs = this.testId('line-entry-input');
    for (const [index, text] of lines.entries()) await inputs.nth(index).fill(text);
  }

  /** The state a line entry shows (empty, typing, ok, wrong) and its sentence. */
  async lineEntry(line: number): Promise<{ state: string; status: string }> {
    const entry = this.page.locator(`${byTestId('line-entry')}[data-line="${line}"]`);
    return {
      state: (await entry.getAttribute('data-state')) ?? '',
      status: ((await entry.locator(byTestId('line-entry-status')).textContent()) ?? '').trim(),
    };
  }

  /** From the blank interstitial to the next handover, or on to the next step after the last. */
  async nextCustodian(): Promise<void> {
    await this.testId('share-next').click();
    await this.testId('share-cleared').waitFor({ state: 'detached' });
  }

  async runDeviceSteps(): Promise<void> {
    await this.waitForStep('device-steps');
    await this.forward('run-device-steps');
    await this.waitForStep('record');
  }

  async recordFacts(): Promise<{
    folder: string;
    kcv: string;
    transcriptHead: string;
    files: string[];
  }> {
    const text = async (id: string) => ((await this.testId(id).textContent()) ?? '').trim();
    return {
      folder: await text('record-folder'),
      kcv: await text('record-kcv'),
      transcriptHead: (await text('record-transcript-head')).replace(/\s+/g, ''),
      files: (await this.page.locator(`${byTestId('record-files')} li`).allTextContents()).map(
        (file) => file.trim(),
      ),
    };
  }
}
