// "Initialize primary" through the real UI in the browser host, against the simulated primary:
// a full 2-of-3 ceremony (preflight, plan with passwords typed twice, review, three custodian
// turns with the spot check, device steps, record), checking after each turn that the share is
// gone from the page; then a search of every file Custos wrote for every secret it used.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCheckedLines } from '../../shared/shares/checked-lines';
import {
  analyzeShareSet,
  encodeWrapSecret,
  keyCheckValue,
  parseShare,
} from '../../src-main/secrets';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { InitCeremonyPage } from '../support/init-ceremony';
import type { PlanInput, SeenShare } from '../support/init-ceremony';
import {
  bytesNeedles,
  searchAfterCeremony,
  searchForSecrets,
  shareNeedles,
  textNeedle,
  textNeedles,
} from '../support/secrets-search';
import type { Needle } from '../support/secrets-search';

const PRIMARY = 'sim:primary';

/**
 * The pieces of a share the page must not hold once its turn is over: the canonical text, each
 * line (bare, and as printed with spaces and its check character), and each group standing as
 * an element's whole text, which is how the share view draws it. (A bare four-character group
 * could turn up by chance in any page; a group as an element's text cannot.)
 */
function sharePieces(share: SeenShare): string[] {
  const prefix = share.lines[0]!.groups[0]!;
  return [
    share.canonical,
    ...share.lines.map((line) => line.text),
    ...share.lines.map((line) => `${line.groups.join(' ')}  ${line.check}`),
    ...share.lines
      .flatMap((line) => line.groups)
      .filter((group) => group !== prefix)
      .map((group) => `>${group}<`),
  ];
}

function piecesIn(html: string, share: SeenShare): string[] {
  return sharePieces(share).filter((piece) => html.includes(piece));
}

/** Scans a QR code image with zbarimg (ImageMagick will not read it from a pipe, so a temp file). */
function scanQr(png: Buffer): string {
  const folder = mkdtempSync(join(tmpdir(), 'custos-e2e-qr-'));
  try {
    const file = join(folder, 'qr.png');
    writeFileSync(file, png);
    const scan = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' });
    if (scan.status !== 0) throw new Error(`zbarimg could not read the QR code: ${scan.stderr}`);
    return scan.stdout.replace(/\n$/, '');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('browser host: a 2-of-3 initialization through the UI', () => {
  let custos: CustosSession;
  let ceremonyFolder: string;
  let plan: PlanInput;
  let page: InitCeremonyPage;
  const seen: SeenShare[] = [];

  beforeAll(async () => {
    custos = await openCustos();
    const parent = mkdtempSync(join(tmpdir(), 'custos-e2e-ceremony-'));
    ceremonyFolder = join(parent, 'root-ca-2025');
    plan = {
      ceremony: 'E2E root CA ceremony',
      folder: ceremonyFolder,
      custodians: ['Alice Andersen', 'Bob Brandt', 'Carol Cruz'],
      threshold: 2,
      applicationPassword: 'e2e-application-Zq7!wbN4',
      auditPassword: 'e2e-audit-Kp3#rTy8',
      confirmation: 'spot-check',
      domains: [1, 3, 5, 6, 7],
    };
    page = new InitCeremonyPage(custos.page);
  });

  afterAll(async () => {
    await custos?.close();
    if (ceremonyFolder) rmSync(join(ceremonyFolder, '..'), { recursive: true, force: true });
  });

  it('checks the simulated primary at preflight and takes the plan with both passwords typed twice', async () => {
    await custos.home.settledDevice(PRIMARY);
    await custos.home.startInitCeremony();
    expect(await page.testId('init-network').getAttribute('data-air-gapped')).toMatch(
      /^(true|false)$/,
    );
    await page.preflight(PRIMARY);
    await page.fillPlan(plan);
    // The passwords left the fields the moment they were sent.
    expect(await page.testId('plan-application-password').inputValue()).toBe('');
    expect(await page.testId('plan-audit-password-confirm').inputValue()).toBe('');
    await page.toReview();
    const review = (await page.testId('review').textContent()) ?? '';
    for (const name of plan.custodians) expect(review).toContain(name);
    expect(review).toContain('2 of 3');
    expect(review).toContain('Domains1, 3, 5, 6, 7');
    expect(review).toContain(ceremonyFolder);
    expect(await page.testId('wizard-next').textContent()).toBe('Begin ceremony');
  });

  it('writes the printable ceremony script from the review, once: a second write is refused at the field', async () => {
    const file = join(ceremonyFolder, '..', 'ceremony-script.html');
    await page.testId('script-path').fill(file);
    await page.testId('script-write').click();
    await page.page
      .locator('[data-testid="script-status"][data-status="written"]')
      .waitFor({ state: 'visible' });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h1>E2E root CA ceremony</h1>');
    // The serial the review read aloud is the one the script says.
    const serial = /Serial(\d+)/.exec((await page.testId('review').textContent()) ?? '')?.[1];
    expect(serial).toBeDefined();
    expect(html).toContain(`The primary&#39;s serial number is ${serial}.`);
    for (const [index, name] of plan.custodians.entries())
      expect(html).toContain(
        `I am ${name}. I hold share ${index + 1} of 3; it is recorded and sealed.`,
      );
    expect(html.match(/<tr data-step="/g)?.length).toBeGreaterThan(15);
    expect(html).not.toContain(plan.applicationPassword);

    await page.testId('script-write').click();
    const refusal = page.page.locator('[data-testid="script-status"][data-status="failed"]');
    await refusal.waitFor({ state: 'visible' });
    expect(await refusal.textContent()).toContain(
      'already exists and Custos never overwrites a file',
    );
    expect(
      await custos.page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
    ).toBe('script-path');
    expect(readFileSync(file, 'utf8')).toBe(html);
  });

  it('gives each custodian their own share, and after each turn the share is gone from the page', async () => {
    await page.begin();
    for (let turn = 1; turn <= 3; turn++) {
      const custodian = await page.handoverCustodian();
      expect(custodian).toEqual({ index: turn, name: plan.custodians[turn - 1] });
      const html = await page.documentHtml();
      for (const earlier of seen)
        expect(
          piecesIn(html, earlier),
          `${earlier.custodian}'s share at ${custodian.name}'s handover`,
        ).toEqual([]);

      const share = await page.revealShare();
      expect(share.custodian).toBe(custodian.name);
      expect(share.canonical).toMatch(new RegExp(`^2-${turn}-[A-Za-z0-9+/]{70}$`));
      // What is shown is the canonical share in its checked lines, check characters and all.
      expect(share.lines.map((line) => line.check)).toEqual(
        toCheckedLines(share.canonical).map((line) => line.check),
      );
      // The search below can see a share: while shown, its groups are in the page.
      expect(piecesIn(await page.documentHtml(), share)).toContain(
        `>${share.lines[1]!.groups[1]}<`,
      );
      // The QR code drawn on screen scans back to exactly the share in the lines.
      if (turn === 1) expect(scanQr(await page.shareQrPng())).toBe(share.canonical);
      seen.push(share);

      await page.recordAndSpotCheck(share);
      expect(
        piecesIn(await page.documentHtml(), share),
        `${custodian.name}'s share on the blank interstitial`,
      ).toEqual([]);
      await page.nextCustodian();
      const after = await page.documentHtml();
      for (const earlier of seen)
        expect(
          piecesIn(after, earlier),
          `${earlier.custodian}'s share after ${custodian.name}'s turn`,
        ).toEqual([]);
    }
    expect(new Set(seen.map((share) => share.canonical)).size).toBe(3);
    expect(new Set(seen.map((share) => share.kcv)).size).toBe(1);
  });

  it('writes to the primary task by task and ends on the record with the check value every custodian saw', async () => {
    await page.runDeviceSteps();
    const record = await page.recordFacts();
    expect(record.folder).toBe(ceremonyFolder);
    expect(record.kcv).toBe(seen[0]!.kcv);
    expect(record.transcriptHead).toMatch(/^[0-9a-f]{64}$/);
    expect(record.files).toEqual(expect.arrayContaining(['ceremony.json', 'transcript.jsonl']));
    expect(record.files.some((file) => file.endsWith('.yhw'))).toBe(true);
    const saved = JSON.parse(readFileSync(join(ceremonyFolder, 'ceremony.json'), 'utf8')) as {
      wrapKey?: { kcv?: string };
    };
    expect(saved.wrapKey?.kcv).toBe(record.kcv);
  });

  it('writes the ceremony script filled from the record: what happened, the check value, the transcript head', async () => {
    const file = join(ceremonyFolder, '..', 'ceremony-script-filled.html');
    await page.testId('script-path').fill(file);
    await page.testId('script-write').click();
    await page.page
      .locator('[data-testid="script-status"][data-status="written"]')
      .waitFor({ state: 'visible' });
    const html = readFileSync(file, 'utf8');
    const record = JSON.parse(readFileSync(join(ceremonyFolder, 'ceremony.json'), 'utf8')) as {
      wrapKey: { kcv: string };
      transcriptHead: string;
    };
    expect(html).toContain('What happened');
    expect(html).toContain(`Shares made; check value ${record.wrapKey.kcv}`);
    expect(html).toContain(
      `hash of the last line <span class="mono" data-transcript-head>${record.transcriptHead}</span>`,
    );
    expect(html).toContain('confirmed by spot-check');
    expect(html).not.toContain('Not in the transcript');
    for (const share of seen) expect(html).not.toContain(share.canonical);
  });

  it('finds no share, password or wrap key in the ceremony folder, the logs or the user-data folder', async () => {
    // Two shares recombine to the wrap key: the test learns it the way a restore would.
    const recombined = await analyzeShareSet([seen[0]!.canonical, seen[2]!.canonical]);
    if (!recombined.ok) throw new Error('the captured shares did not recombine');
    const key = recombined.secret.key;
    expect(keyCheckValue(key)).toBe(seen[0]!.kcv);

    const needles: Needle[] = [
      ...textNeedles('the application key password', plan.applicationPassword),
      ...textNeedles('the audit key password', plan.auditPassword!),
      ...bytesNeedles('the wrap key', key),
      ...bytesNeedles(
        'the wrap secret (policy and key, 52 bytes)',
        encodeWrapSecret(recombined.secret),
      ),
    ];
    for (const share of seen) {
      const parsed = parseShare(share.canonical);
      if (!parsed.ok) throw new Error(`${share.custodian}'s share did not parse`);
      needles.push(
        ...shareNeedles(`${share.custodian}'s share`, share.canonical),
        ...bytesNeedles(`${share.custodian}'s share payload`, parsed.share.payload),
      );
    }
    // A control: the same search finds what the record is meant to hold, so it does read the files.
    const control = textNeedle('a custodian name (not secret)', plan.custodians[1]!);
    const { hits, filesSearched } = searchForSecrets(
      [ceremonyFolder, custos.host.userDataDir, custos.tempDir],
      { 'the browser host output': custos.host.output() },
      [...needles, control],
    );
    expect(filesSearched.some((file) => file.startsWith(ceremonyFolder))).toBe(true);
    expect(filesSearched.some((file) => file.includes(`${custos.host.userDataDir}/logs`))).toBe(
      true,
    );
    // The browser's profile and the temporary folder the ceremony used are searched too.
    expect(filesSearched.some((file) => file.startsWith(join(custos.tempDir, 'playwright')))).toBe(
      true,
    );
    expect(hits.filter((hit) => hit.what === control.what).map((hit) => hit.where)).toContain(
      join(ceremonyFolder, 'ceremony.json'),
    );
    expect(hits.filter((hit) => hit.what !== control.what)).toEqual([]);
    key.fill(0);
  });

  it('returns home on Done, where the simulated primary is no longer factory-fresh', async () => {
    await page.done();
    await custos.page
      .locator(
        `[data-testid="device-card"][data-device-id="${PRIMARY}"] [data-testid="device-status"][data-status="configured"]`,
      )
      .waitFor({ state: 'visible' });
    expect((await custos.home.settledDevice(PRIMARY)).status).toBe('configured');
  });

  it('ran without page errors or console errors', () => {
    expect(custos.problems).toEqual([]);
  });
});

describe('browser host: initialization refusals and hiding', () => {
  let custos: CustosSession;
  let page: InitCeremonyPage;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'custos-e2e-esc-'));
    custos = await openCustos();
    page = new InitCeremonyPage(custos.page);
    await custos.home.settledDevice(PRIMARY);
    await custos.home.startInitCeremony();
    await page.preflight(PRIMARY);
  });

  afterAll(async () => {
    await custos?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('says at the threshold field that a threshold above the number of custodians cannot be', async () => {
    // Main judges the rules between fields once each field on its own is valid.
    await page.testId('plan-ceremony').fill('Threshold rehearsal');
    await page.setCustodians(['Alice', 'Bob', 'Carol']);
    await page.setThreshold(5);
    const problem = page.fieldProblem('threshold');
    await problem.filter({ hasText: 'above' }).waitFor({ state: 'visible' });
    expect(await problem.textContent()).toBe(
      'The threshold 5 is above the 3 custodians; it must be between 2 and 3.',
    );
    expect(await page.testId('plan-threshold').getAttribute('aria-invalid')).toBe('true');
    await page.setThreshold(2);
    await problem.waitFor({ state: 'detached' });
  });

  it('crosses the 16 domains in one Tab: arrow keys move between them, Space turns one on or off', async () => {
    const focused = () =>
      custos.page.evaluate(() => {
        const element = document.activeElement;
        return `${element?.getAttribute('data-testid') ?? element?.tagName ?? ''}:${element?.getAttribute('data-domain') ?? ''}`;
      });
    await page.domainTabStop().focus();
    await custos.page.keyboard.press('Shift+Tab');
    const before = await focused();
    expect(before).not.toMatch(/^plan-domain:/);
    await custos.page.keyboard.press('Tab');
    expect(await focused()).toBe('plan-domain:1');
    await custos.page.keyboard.press('Tab');
    expect(await focused()).not.toMatch(/^plan-domain:/);

    await page.setDomains([2, 16]);
    expect(await focused()).toBe('plan-domain:16');
    // Tab comes back to the box last used, and ArrowRight wraps round to 1.
    await custos.page.keyboard.press('Tab');
    await custos.page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('plan-domain:16');
    await custos.page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('plan-domain:1');
    const checked = await page
      .testId('plan-domain')
      .evaluateAll((boxes) =>
        boxes
          .filter((box) => (box as HTMLInputElement).checked)
          .map((box) => box.getAttribute('data-domain')),
      );
    expect(checked).toEqual(['2', '16']);
    await page.setDomains([1]);
  });

  it('saves the plan by name in the plans folder without any password, asks before replacing it, and loads it back', async () => {
    await page.setPassword('application', 'e2e-plan-file-password');
    const plans = join(custos.host.userDataDir, 'plans');
    const file = join(plans, 'threshold-rehearsal.json');
    await page.testId('plan-files-folder').filter({ hasText: plans }).waitFor();
    await page.testId('plan-file-name').fill('threshold-rehearsal');
    await page.testId('plan-save').click();
    await page.page
      .locator('[data-testid="plan-file-status"][data-status="saved"]')
      .waitFor({ state: 'visible' });
    const saved = readFileSync(file, 'utf8');
    expect(JSON.parse(saved)).toMatchObject({
      ceremony: 'Threshold rehearsal',
      custodians: ['Alice', 'Bob', 'Carol'],
      threshold: 2,
    });
    expect(saved).not.toContain('e2e-plan-file-password');

    // Saving again under the same name asks first; keeping it leaves the file as it was.
    await page.testId('plan-ceremony').fill('Changed after saving');
    await page.testId('plan-save').click();
    await page.testId('plan-replace-question').waitFor({ state: 'visible' });
    await page.testId('plan-keep').click();
    expect(readFileSync(file, 'utf8')).toBe(saved);

    // A path typed as the name is refused before main does anything with it.
    custos.expectRefusal(/init\/save-plan/);
    await page.testId('plan-file-name').fill('../../.bashrc');
    await page.testId('plan-save').click();
    await page.page
      .locator('[data-testid="plan-file-status"][data-status="failed"]')
      .waitFor({ state: 'visible' });

    await page.testId('plan-file-name').fill('threshold-rehearsal');
    await page.testId('plan-load').click();
    await page.page
      .locator('[data-testid="plan-file-status"][data-status="loaded"]')
      .waitFor({ state: 'visible' });
    expect(await page.testId('plan-ceremony').inputValue()).toBe('Threshold rehearsal');
  });

  it('keeps a shown share off the clipboard, hides it on Esc and on blur, and says why', async () => {
    await page.fillPlan({
      ceremony: 'Esc rehearsal',
      folder: join(folder, 'ceremony'),
      custodians: ['Alice', 'Bob', 'Carol'],
      threshold: 2,
      applicationPassword: 'e2e-esc-password-1',
    });
    await page.toReview();
    await page.begin();
    const share = await page.revealShare();
    // Nothing of the share can be selected or copied.
    await custos.page.keyboard.press('Control+A');
    const selected = new Set(
      (await custos.page.evaluate(() => window.getSelection()?.toString() ?? '')).split(/\s+/),
    );
    expect(selected.has('REHEARSAL'), 'Control+A selected the rest of the page').toBe(true);
    expect(
      share.lines.flatMap((line) => line.groups).filter((group) => selected.has(group)),
    ).toEqual([]);
    const copyRefused = await custos.page.evaluate(() => {
      const copy = new Event('copy', { bubbles: true, cancelable: true });
      document.querySelector('[data-testid="share-secret"]')?.dispatchEvent(copy);
      return copy.defaultPrevented;
    });
    expect(copyRefused).toBe(true);
    await custos.page.keyboard.press('Escape');
    await page
      .testId('share-hidden-because')
      .filter({ hasText: 'Esc was pressed' })
      .waitFor({ state: 'visible' });
    expect(piecesIn(await page.documentHtml(), share)).toEqual([]);

    // Losing the window's focus hides it the same way.
    const again = await page.revealShare();
    expect(again.canonical).toBe(share.canonical);
    await custos.page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await page
      .testId('share-hidden-because')
      .filter({ hasText: 'lost the focus' })
      .waitFor({ state: 'visible' });
    expect(piecesIn(await page.documentHtml(), share)).toEqual([]);
  });

  it('runs a custodian’s turn from the keyboard alone', async () => {
    const keyboard = custos.page.keyboard;
    await page.handoverCustodian();
    await page.tabTo('share-reveal');
    await keyboard.press('Enter');
    const share = await page.readShownShare();
    await page.tabTo('share-recorded');
    await keyboard.press('Enter');
    await page.testId('share-confirm').waitFor({ state: 'visible' });
    const entries = page.testId('share-confirm-entry');
    for (let i = 0; i < (await entries.count()); i++) {
      await page.tabTo('share-confirm-entry');
      const line = Number(await entries.nth(i).getAttribute('data-line'));
      const group = Number(await entries.nth(i).getAttribute('data-group'));
      await keyboard.type(share.lines[line - 1]!.groups[group - 1]!);
    }
    await keyboard.press('Enter');
    await page.testId('share-cleared').waitFor({ state: 'visible' });
    await page.tabTo('share-next');
    await keyboard.press('Enter');
    expect(await page.handoverCustodian()).toEqual({ index: 2, name: 'Bob' });
    expect(piecesIn(await page.documentHtml(), share)).toEqual([]);
  });

  it('cancels after the shares were made and says they are worthless', async () => {
    await custos.page.locator('[data-testid="wizard-cancel"]').click();
    expect(await page.testId('wizard-cancel-dialog').textContent()).toMatch(
      /Nothing has been written to the primary/,
    );
    await page.testId('wizard-cancel-confirm').click();
    const stopped = page.testId('ceremony-stopped');
    await stopped.waitFor({ state: 'visible' });
    expect(await stopped.getAttribute('data-device-touched')).toBe('false');
    expect(await stopped.textContent()).toMatch(/destroy any copy/);
    await page.testId('ceremony-close').click();
    await custos.home.waitUntilShown();
  });

  it('ran without page errors or console errors', () => {
    expect(custos.problems).toEqual([]);
  });
});

describe('browser host: full re-entry and the verification round', () => {
  let custos: CustosSession;
  let page: InitCeremonyPage;
  let parent: string;
  const shares: SeenShare[] = [];

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-e2e-verify-'));
    custos = await openCustos();
    page = new InitCeremonyPage(custos.page);
    await custos.home.settledDevice(PRIMARY);
    await custos.home.startInitCeremony();
    await page.preflight(PRIMARY);
  });

  afterAll(async () => {
    await custos?.close();
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('types every share back line by line, names a mistyped line at once, and recombines every pair', async () => {
    await page.fillPlan({
      ceremony: 'Verification rehearsal',
      folder: join(parent, 'ceremony'),
      custodians: ['Dana', 'Erik', 'Fay'],
      threshold: 2,
      applicationPassword: 'e2e-verify-password-1',
      confirmation: 'full',
      verificationRound: true,
      keepFactoryKey: true,
    });
    await page.toReview();
    await page.begin();
    for (let turn = 0; turn < 3; turn++) {
      const share = await page.revealShare();
      shares.push(share);
      await page.recordAndTypeEveryLine(share);
      await page.nextCustodian();
    }
    await page.waitForStep('verification');

    // Dana types her share back with two characters of line 3 swapped: that line is named.
    await page.testId('verification-start').click();
    await page.testId('verification-entry').waitFor({ state: 'visible' });
    const dana = shares[0]!;
    const typed = dana.lines.map((line) => `${line.text}${line.check}`);
    const third = typed[2]!;
    const swapAt = [...third].findIndex(
      (character, index) => index < third.length - 2 && character !== third[index + 1],
    );
    typed[2] = `${third.slice(0, swapAt)}${third[swapAt + 1]}${third[swapAt]}${third.slice(swapAt + 2)}`;
    await page.typeLines(typed);
    expect(await page.lineEntry(3)).toEqual({
      state: 'wrong',
      status:
        'Line 3 does not match its check character: look for a mistyped or swapped character on this line.',
    });
    expect((await page.lineEntry(2)).state).toBe('ok');
    await page.typeLines(dana.lines.map((line) => `${line.text}${line.check}`));
    await page.testId('verification-submit').click();
    await page.testId('verification-cleared').waitFor({ state: 'visible' });
    await page.testId('verification-next').click();

    // Erik pastes Fay's share whole: main names whose it is.
    await page.testId('verification-start').click();
    await page.testId('verification-mode-whole').check();
    await page.testId('verification-whole').fill(shares[2]!.canonical);
    await page.testId('verification-submit').click();
    await page
      .testId('ceremony-problem')
      .filter({ hasText: "This is Fay's share (share 3), not Erik's." })
      .waitFor({ state: 'visible' });
    await page.testId('verification-whole').fill(shares[1]!.canonical);
    await page.testId('verification-submit').click();
    await page.testId('verification-cleared').waitFor({ state: 'visible' });
    await page.testId('verification-next').click();

    await page.testId('verification-start').click();
    await page.typeLines(shares[2]!.lines.map((line) => `${line.groups.join(' ')} ${line.check}`));
    await page.testId('verification-submit').click();
    await page.testId('verification-next').click();

    const result = page.testId('verification-result');
    await result.waitFor({ state: 'visible' });
    expect(await result.getAttribute('data-all-match')).toBe('true');
    expect(await result.textContent()).toContain('3 sets of 2 shares were recombined');
    expect(await page.testId('verification-kcv').textContent()).toBe(shares[0]!.kcv);
  });

  it('goes on to the device steps and completes, keeping the factory key as the plan asked', async () => {
    await page.forward('leave-verification');
    await page.waitForStep('device-steps');
    expect(
      await page.page
        .locator('[data-testid="device-task"][data-task-id="delete-factory-key"]')
        .getAttribute('data-status'),
    ).toBe('skipped');
    await page.runDeviceSteps();
    expect((await page.recordFacts()).kcv).toBe(shares[0]!.kcv);
    await page.done();
  });

  it('leaves no share in any printed form in any file, the browser profile or the temp folder', () => {
    const { hits, profileSearched } = searchAfterCeremony(
      custos,
      [parent],
      shares.flatMap((share) => shareNeedles(`${share.custodian}'s share`, share.canonical)),
    );
    expect(profileSearched).toBe(true);
    expect(hits).toEqual([]);
  });

  it('offers to reset a primary that is not factory-fresh only behind the exact words, then finds it fresh', async () => {
    await custos.page
      .locator(
        `[data-testid="device-card"][data-device-id="${PRIMARY}"] [data-testid="device-status"][data-status="factory-key-present"]`,
      )
      .waitFor({ state: 'visible' });
    await custos.home.startInitCeremony();
    await page.waitForStep('preflight');
    await page.page
      .locator(`[data-testid="device-gate-choose"][data-device-id="${PRIMARY}"]`)
      .click();
    const check = page.page.locator('[data-testid="primary-check"][data-state="not-fresh"]');
    await check.waitFor({ state: 'visible' });
    expect(await check.textContent()).toContain('Wrap key');
    expect(await page.testId('init-reset').isDisabled()).toBe(true);
    const serial = /serial (\d+)/.exec((await check.textContent()) ?? '')?.[1];
    expect(serial).toMatch(/^\d+$/);
    // The browser host shows the reset's word in its terminal; the page is told only where.
    expect(await page.testId('init-reset-word-where').textContent()).toBe(
      'the terminal where Custos was started',
    );
    const wordLine = new RegExp(`RESET ${serial} ([A-Z]{6})$`);
    const first = (await custos.host.line(wordLine, 0))[1]!;
    expect(await custos.page.content()).not.toContain(first);
    // Main judges the words: what the page could compute (RESET and the serial) is refused,
    // nothing is reset, and the word is used up: a new one is printed.
    let mark = custos.host.output().length;
    await page.testId('init-reset-confirmation').fill(`RESET ${serial}`);
    await page.testId('init-reset').click();
    await page.page
      .locator('[data-testid="ceremony-problem"]')
      .filter({ hasText: 'Nothing was reset' })
      .waitFor({ state: 'visible' });
    expect(await page.testId('wizard-next').isDisabled()).toBe(true);
    const second = (await custos.host.line(wordLine, mark))[1]!;
    expect(second).not.toBe(first);
    // The used word no longer resets either.
    mark = custos.host.output().length;
    await page.testId('init-reset-confirmation').fill(`RESET ${serial} ${first}`);
    await page.testId('init-reset').click();
    const third = (await custos.host.line(wordLine, mark))[1]!;
    await page.page
      .locator('[data-testid="ceremony-problem"]')
      .filter({ hasText: 'a new word is shown there now' })
      .waitFor({ state: 'visible' });
    expect(
      await page.page.locator('[data-testid="primary-check"]').getAttribute('data-state'),
    ).toBe('not-fresh');
    await page.testId('init-reset-confirmation').fill(`RESET ${serial} ${third}`);
    await page.testId('init-reset').click();
    await page.page
      .locator('[data-testid="primary-check"][data-state="factory-fresh"]')
      .waitFor({ state: 'visible' });
    await page.forward('to-plan');
    await page.waitForStep('plan');
  });

  it('ran without page errors or console errors', () => {
    expect(custos.problems).toEqual([]);
  });
});
