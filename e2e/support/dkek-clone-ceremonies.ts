// Page actions for the SmartCard-HSM family's DKEK back-up and verification (and the pieces a
// clone spec shares with them), by data-testid only, every wait on what the app shows or on
// main's answer settling (`custos:settled`), never on time. Plus `prepareDkekPrimary`: the state
// `dkek init` leaves on the browser host's simulated primary, written headless before the host
// starts, so a spec begins at the back-up in a second (the UI initialisation is dkek-init.spec).
//
//   const prepared = await prepareDkekPrimary({ userDataDir, folder, sharesDir });
//   custos = await openCustos({ userDataDir, env: { CUSTOS_TEST_DKEK_ITERATIONS: '1' } });
//   const backup = new DkekBackupPage(custos.page);
//   await backup.startFromHome();            // the button beside the SmartCard-HSM list
//   await backup.chooseFolder(folder);       // settles on the device step
//   await backup.chooseDevice(PRIMARY, pin); // settles on the review
//   await backup.wrap();                     // settles once every key is handled
//   const verify = new DkekVerifyPage(custos.page);
//   await verify.startFromHome(); await verify.chooseFolder(folder);
//   await verify.verify(SECONDARY, pin);     // settles on the result
//   const report = await verify.openReport();
//
// A refused step: `custos.expectRefusal(/…/)`, then `sentence = await page.chooseDeviceRefused(…)`
// (backup) or `verifyRefused(…)`; the same form is still on screen to try again.

import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  makeCeremonyFolder,
  makePrimary,
  onCard,
  PIN,
  randomShares,
  SO_PIN,
  TestCards,
  writeRehearsalShares,
} from '../../src-main/ceremonies/dkek/testing/cards';
import { DkekBackupEngine } from '../../src-main/ceremonies/dkek/backup-engine';
import { combineShares, dkekCheckValue } from '../../src-main/hsm/smartcard-hsm/protocol/dkek-keys';
import { createLogger } from '../../src-main/log/logger';
import { smartCardStatePath } from '../../src-main/services/smartcard-service';
import { byTestId, CeremonyFramePage } from './ceremony-page';

/** The browser host's simulated pair, as the SmartCard list names them. */
export const SIM_PRIMARY = 'sim-schsm:primary';
export const SIM_SECONDARY = 'sim-schsm:secondary';

export interface PreparedDkekPrimary {
  /** The user PIN of the primary (and of a clone made by `prepareDkekClone`). */
  pin: string;
  soPin: string;
  /** The DKEK's check value, as the record holds it. */
  kcv: string;
  /** The DKEK shares (raw): the secret the .pbe files hold. */
  shares: Uint8Array[];
  /** The rehearsal's password files (`share-1/password.txt`, `share-2/<id>-<name>.txt`). */
  sharesDir: string;
}

/**
 * The browser host's simulated primary as a rehearsal `dkek init` leaves it: initialised with two
 * DKEK shares (share 1 under a typed password, share 2 under a 2-of-3 password split, 1 round of
 * key derivation: start the host with CUSTOS_TEST_DKEK_ITERATIONS=1), holding the two rehearsal
 * keys (1: EC P-256 "Issuing CA 2026", 2: RSA-2048 "code signing"), and its ceremony folder.
 * Call before `openCustos({ userDataDir })`: the host reads the state file when it starts.
 */
export async function prepareDkekPrimary(options: {
  userDataDir: string;
  folder: string;
  sharesDir: string;
}): Promise<PreparedDkekPrimary> {
  await mkdir(join(options.userDataDir, 'simulators'), { recursive: true });
  await mkdir(options.folder, { recursive: true });
  const shares = randomShares(2);
  const primaryState = smartCardStatePath(options.userDataDir, 'primary');
  await makePrimary(primaryState, shares);
  await writeRehearsalShares({
    folder: options.folder,
    sharesDir: options.sharesDir,
    shares,
    iterations: 1,
  });
  await makeCeremonyFolder({ folder: options.folder, primaryState, shares });
  return {
    pin: PIN,
    soPin: SO_PIN,
    kcv: dkekCheckValue(combineShares(shares)),
    shares,
    sharesDir: options.sharesDir,
  };
}

/**
 * The browser host's simulated secondary as a finished clone of the prepared primary: the same
 * shares imported, every key wrapped (headless, into `scratch`, a copy of the folder, so the
 * ceremony folder itself is left for the spec's own back-up) and unwrapped into it. Call before
 * `openCustos`, after `prepareDkekPrimary`.
 */
export async function prepareDkekClone(options: {
  userDataDir: string;
  folder: string;
  scratch: string;
  prepared: PreparedDkekPrimary;
}): Promise<void> {
  await cp(options.folder, options.scratch, { recursive: true });
  const backup = new DkekBackupEngine({
    cards: new TestCards(),
    logger: createLogger({ sinks: [] }),
  });
  await backup.start();
  await backup.chooseFolder(options.scratch);
  await backup.chooseDevice(smartCardStatePath(options.userDataDir, 'primary'), PIN);
  const wrapped = await backup.run();
  const files = wrapped.keys.map((key) => ({ ref: key.keyReference, file: key.file }));
  await onCard(smartCardStatePath(options.userDataDir, 'secondary'), async (client) => {
    const { shares } = options.prepared;
    await client.initialize({ userPin: PIN, soPin: SO_PIN, dkekShares: shares.length });
    for (const share of shares) await client.importDkekShare(share);
    await client.verifyPin(PIN);
    for (const { ref, file } of files)
      await client.importKey(ref, new Uint8Array(await readFile(join(options.scratch, file))));
  });
}

/** Shared by the DKEK ceremonies: home's button, the folder, a card chosen with its user PIN. */
class DkekCeremonyPage extends CeremonyFramePage {
  /** Presses the ceremony's button beside the SmartCard-HSM list; waits for the folder step. */
  async startFromHome(): Promise<void> {
    await this.testId('home-screen').waitFor({ state: 'visible' });
    await this.testId(`smartcard-${this.ceremony}`).click();
    await this.waitForStep('folder');
  }

  /** Types the ceremony folder; main's answer settles on the device step. */
  async chooseFolder(folder: string): Promise<void> {
    await this.testId(`${this.ceremony}-folder`).fill(folder);
    await this.intentShowing(
      () => this.testId(`${this.ceremony}-folder-set`).click(),
      this.stepSelector('device'),
    );
  }

  /** Chooses the card (SIM_PRIMARY, SIM_SECONDARY, `pcsc:<reader>`), types the PIN, submits. */
  protected async submitCard(cardId: string, pin: string): Promise<void> {
    await this.testId(`${this.ceremony}-device-card-${cardId}`).check();
    await this.testId(`${this.ceremony}-device-pin`).fill(pin);
    await this.settling(() => this.testId(`${this.ceremony}-device-submit`).click());
  }

  /** The PIN field as the page holds it now (empty once the PIN was sent). */
  pinFieldValue(): Promise<string> {
    return this.testId(`${this.ceremony}-device-pin`).inputValue();
  }
}

export interface DkekBackupRow {
  keyReference: number;
  status: string;
  file: string;
  blobKcv: string;
  text: string;
}

/** "Back up keys under the DKEK". */
export class DkekBackupPage extends DkekCeremonyPage {
  constructor(page: Page) {
    super(page, 'dkek-backup');
  }

  /** The primary and its PIN; main's answer settles on the review of its keys. */
  async chooseDevice(cardId: string, pin: string): Promise<void> {
    await this.submitCard(cardId, pin);
    if ((await this.page.locator(this.stepSelector('review')).count()) === 0)
      throw new Error(`The primary was not taken: ${await this.sentence().then((s) => s.text)}`);
  }

  /** The primary and a PIN main refuses: its sentence (the device step is still there). */
  async chooseDeviceRefused(cardId: string, pin: string): Promise<string> {
    await this.submitCard(cardId, pin);
    const sentence = await this.refusal();
    await this.waitForStep('device');
    return sentence;
  }

  /** Presses "Wrap …"; main's answer settles once every key is handled. */
  async wrap(): Promise<void> {
    await this.intentShowing(
      () => this.forward('run'),
      `${byTestId('dkek-backup-wrap')}[data-finished="true"]`,
    );
  }

  async keys(): Promise<DkekBackupRow[]> {
    return this.page.locator(byTestId('dkek-backup-key')).evaluateAll((rows) =>
      rows.map((row) => ({
        keyReference: Number(row.getAttribute('data-key-reference')),
        status: row.getAttribute('data-status') ?? '',
        file: row.getAttribute('data-file') ?? '',
        blobKcv: (
          row.querySelector('[data-testid="dkek-backup-key-kcv"]')?.textContent ?? ''
        ).trim(),
        text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );
  }
}

export interface DkekVerifyResult {
  verdict: string;
  kcvOk: boolean;
  kcvText: string;
  keys: { keyReference: number; proof: string; ok: boolean }[];
  report: string;
}

/** "Verify a DKEK clone". */
export class DkekVerifyPage extends DkekCeremonyPage {
  constructor(page: Page) {
    super(page, 'dkek-verify');
  }

  /** The clone and its PIN; main's answer settles on the result. */
  async verify(cardId: string, pin: string): Promise<void> {
    await this.submitCard(cardId, pin);
    if ((await this.page.locator(this.stepSelector('result')).count()) === 0)
      throw new Error(`The clone was not verified: ${await this.sentence().then((s) => s.text)}`);
  }

  /** A card or PIN main refuses: its sentence (the device step is still there). */
  async verifyRefused(cardId: string, pin: string): Promise<string> {
    await this.submitCard(cardId, pin);
    const sentence = await this.refusal();
    await this.waitForStep('device');
    return sentence;
  }

  async result(): Promise<DkekVerifyResult> {
    const result = this.testId('dkek-verify-result');
    const keys = await this.page.locator(byTestId('dkek-verify-key')).evaluateAll((rows) =>
      rows.map((row) => ({
        keyReference: Number(row.getAttribute('data-key-reference')),
        proof: row.getAttribute('data-proof') ?? '',
        ok: row.getAttribute('data-ok') === 'true',
      })),
    );
    return {
      verdict: (await result.getAttribute('data-verdict')) ?? '',
      kcvOk: (await this.testId('dkek-verify-kcv').getAttribute('data-ok')) === 'true',
      kcvText: await this.text('dkek-verify-kcv'),
      keys,
      report: (await this.testId('dkek-verify-report').getAttribute('data-file')) ?? '',
    };
  }

  /** "Open the printable report"; resolves with its window once the report has loaded. */
  async openReport(): Promise<Page> {
    const opened = this.page.context().waitForEvent('page');
    await this.testId('dkek-verify-open-report').click();
    const report = await opened;
    await report.waitForLoadState('load');
    await this.testId('dkek-verify-open-report-note').waitFor({ state: 'visible' });
    return report;
  }
}
