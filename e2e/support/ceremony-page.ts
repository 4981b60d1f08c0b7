// Page actions every ceremony screen shares: the frame (its step, its one forward action, its
// notices, Cancel, Done) for all of them (CeremonyFramePage, which the initialization's page
// extends too), and for the back-up, restore and verify, starting from the home screen and the
// folder step. By data-testid only; every wait is on what the app shows, never on time.

import type { Locator, Page } from 'playwright-core';
import { settling } from './app-events';
import { refusalWatchOf } from './refusal-watch';

export const byTestId = (id: string) => `[data-testid="${id}"]`;

export type CeremonyKind = 'dump' | 'restore' | 'verify' | 'rotate' | 'share-audit' | 'reshare';

/** The SmartCard-HSM family's DKEK ceremonies (dkek-clone-ceremonies.ts has their page actions). */
export type DkekCeremonyKind =
  'dkek-init' | 'dkek-backup' | 'dkek-restore' | 'dkek-import' | 'dkek-verify';

export interface AfterRefusal {
  /** A busy sentence is still on screen. */
  busy: boolean;
  /** The sentence is wholly inside the viewport, below the rehearsal banner. */
  inViewport: boolean;
  /** "sentence", "field:<test id>", or "other:<what>". */
  focus: string;
  /** Cancel is offered. */
  cancel: boolean;
}

/** The frame every ceremony is shown in (CeremonyFrame), found by its data-ceremony. */
export class CeremonyFramePage {
  constructor(
    readonly page: Page,
    readonly ceremony: CeremonyKind | 'init' | DkekCeremonyKind,
  ) {}

  testId(id: string): Locator {
    return this.page.locator(byTestId(id));
  }

  frame(): Locator {
    return this.page.locator(`${byTestId('wizard')}[data-ceremony="${this.ceremony}"]`);
  }

  async waitForStep(step: string): Promise<void> {
    await this.page
      .locator(`${byTestId('wizard')}[data-ceremony="${this.ceremony}"][data-step-id="${step}"]`)
      .waitFor({ state: 'visible' });
  }

  /** Presses the step's one forward action (it must be the one named) once it is enabled. */
  async forward(action: string): Promise<void> {
    await this.page.locator(`${byTestId('wizard-next')}[data-action="${action}"]:enabled`).click();
  }

  stepSelector(step: string): string {
    return `${byTestId('wizard')}[data-ceremony="${this.ceremony}"][data-step-id="${step}"]`;
  }

  /**
   * Does `action` (which sends an intent), waits until main's answer has settled, then requires
   * `selector` on screen at once: no polling, and a refused intent fails here with main's
   * sentence instead of a long wait for something that will never come.
   */
  async intentShowing(action: () => Promise<void>, selector: string): Promise<void> {
    await this.settling(action);
    if ((await this.page.locator(selector).count()) > 0) return;
    const refusal = this.testId('ceremony-refusal');
    const said = (await refusal.count()) > 0 ? ((await refusal.textContent()) ?? '').trim() : '';
    throw new Error(
      `Main's answer settled without ${selector} on screen${said ? `; it said: ${said}` : ''}`,
    );
  }

  /** Does `action` (which sends an intent) and waits until main's answer has settled. */
  settling(action: () => Promise<void>): Promise<void> {
    return settling(this.page, action);
  }

  /** Main's sentence for the last refused intent, once it is shown. */
  async refusal(): Promise<string> {
    const notice = this.testId('ceremony-refusal');
    await notice.waitFor({ state: 'visible' });
    const sentence = ((await notice.textContent()) ?? '').trim();
    refusalWatchOf(this.page)?.acknowledge(sentence);
    return sentence;
  }

  /**
   * Main's sentence after an intent it either refused (`ceremony-refusal`) or took and then
   * reported trouble with (`ceremony-problem`, e.g. a device pulled out mid-step), once shown.
   */
  async sentence(): Promise<{ id: 'ceremony-refusal' | 'ceremony-problem'; text: string }> {
    const notice = this.page
      .locator(`${byTestId('ceremony-refusal')}, ${byTestId('ceremony-problem')}`)
      .first();
    await notice.waitFor({ state: 'visible' });
    const id = (await notice.getAttribute('data-testid')) as
      'ceremony-refusal' | 'ceremony-problem';
    const text = ((await notice.textContent()) ?? '').trim();
    if (id === 'ceremony-refusal') refusalWatchOf(this.page)?.acknowledge(text);
    return { id, text };
  }

  /**
   * What the person finds right after a refusal, to check they can go on from this screen:
   * whether Custos still says it is busy, whether the sentence is inside the viewport (and not
   * under the sticky banner), what has the focus, and whether Cancel is offered.
   */
  async afterRefusal(sentenceId = 'ceremony-refusal'): Promise<AfterRefusal> {
    await this.testId(sentenceId).waitFor({ state: 'visible' });
    return this.page.evaluate((id) => {
      const sentence = document.querySelector(`[data-testid="${id}"]`)!;
      const box = sentence.getBoundingClientRect();
      const banner = document.querySelector('[data-testid="rehearsal-banner"]');
      const top = banner ? Math.max(0, banner.getBoundingClientRect().bottom) : 0;
      const active = document.activeElement;
      const focus =
        active === sentence
          ? 'sentence'
          : active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement
            ? `field:${active.getAttribute('data-testid') ?? ''}`
            : `other:${active?.getAttribute('data-testid') ?? active?.tagName ?? 'none'}`;
      return {
        busy: document.querySelector('[data-testid$="-busy"]') !== null,
        inViewport: box.top >= top && box.bottom <= window.innerHeight,
        focus,
        cancel: document.querySelector('[data-testid="wizard-cancel"]') !== null,
      };
    }, sentenceId);
  }

  async text(id: string): Promise<string> {
    return ((await this.testId(id).textContent()) ?? '').trim();
  }

  /** "Done": the ceremony closes in main and the home screen is back. */
  async done(): Promise<void> {
    await this.forward('done');
    await this.frame().waitFor({ state: 'detached' });
    await this.testId('home-screen').waitFor({ state: 'visible' });
  }

  /** Cancel behind its confirmation. */
  async cancel(): Promise<void> {
    await this.testId('wizard-cancel').click();
    await this.testId('wizard-cancel-confirm').click();
  }

  /** The data-testid of the element that has the keyboard focus. */
  async focused(): Promise<string | null> {
    return this.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  }

  /** Everything in the page's DOM right now, for searching. */
  async documentHtml(): Promise<string> {
    return this.page.evaluate(() => document.documentElement.outerHTML);
  }
}

/** The back-up, restore and verify: started from home, and opened on a ceremony folder. */
export class CeremonyPage extends CeremonyFramePage {
  constructor(
    page: Page,
    override readonly ceremony: CeremonyKind,
  ) {
    super(page, ceremony);
  }

  /** From the home screen: press the ceremony's button and wait for its first step. */
  async startFromHome(): Promise<void> {
    await this.testId('home-screen').waitFor({ state: 'visible' });
    await this.testId(`ceremony-start-${this.ceremony}`).click();
    await this.waitForStep('source');
  }

  /** Types a folder into the source step; main's answer settles on the next step. */
  async chooseFolder(folder: string, next: string): Promise<void> {
    await this.waitForStep('source');
    await this.testId(`${this.ceremony}-folder`).fill(folder);
    await this.intentShowing(
      () => this.testId(`${this.ceremony}-folder-set`).click(),
      this.stepSelector(next),
    );
  }

  /** Presses Tab until the focused element matches `selector` (at most `limit` presses). */
  async tabTo(selector: string, limit = 20): Promise<void> {
    for (let presses = 0; presses < limit; presses++) {
      await this.page.keyboard.press('Tab');
      if (
        await this.page.evaluate(
          (wanted) => document.activeElement?.matches(wanted) ?? false,
          selector,
        )
      )
        return;
    }
    throw new Error(
      `${limit} presses of Tab did not reach ${selector}; the focus is on ${String(await this.focused())}.`,
    );
  }
}
