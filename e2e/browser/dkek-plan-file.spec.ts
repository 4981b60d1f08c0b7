// The DKEK plan screen's plan file and the travelling device, through the real UI in the system
// Chromium on the browser host's simulated SmartCard-HSM: a plan (a typed-password share whose
// .pbe goes to its holder's own folder, a 2-of-3 split, sheets on) is saved by name, the ceremony
// is cancelled, and a new one loads the plan back: every field of the plan is on screen again and
// every PIN and password field is empty, to be typed twice. A file in the plans folder that is
// not a DKEK plan is refused with its sentence and the screen still works. The ceremony then ends
// after share 1 is imported, the device screen having said first that share 2 is still to come
// and that any 2 of Bob, Carol and Dan hold it; the record screen and ceremony.json say the same.
// Bob prints his own sheet during his turn (his name only, his value and check word, a QR code,
// the rehearsal watermark), and no sheet lands in the ceremony folder.
// Key derivation at 1 round (CUSTOS_TEST_DKEK_ITERATIONS, NODE_ENV=test only).

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, CeremonyFramePage } from '../support/ceremony-page';
import { openCustos, type CustosSession } from '../support/custos';
import { textNeedles } from '../support/secrets-search';

const ALICE_PASSWORD = 'alice-plan-file-e2e-password-7';
const SO_PIN = '3537363231383830';
const PIN = '64821937';
const PLAN = 'dkek travelling';

describe('browser host: the DKEK plan file, and ending with a share outstanding', () => {
  let custos: CustosSession;
  let ceremony: CeremonyFramePage;
  let parent: string;
  let folder: string;
  let aliceFile: string;
  const revealed: string[] = [];

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-dkek-plan-e2e-'));
    folder = join(parent, 'ceremony');
    mkdirSync(join(parent, 'alice'));
    aliceFile = join(parent, 'alice', 'dkek-share-1.pbe');
    custos = await openCustos({ env: { CUSTOS_TEST_DKEK_ITERATIONS: '1' } });
    ceremony = new CeremonyFramePage(custos.page, 'dkek-init');
  });
  afterAll(async () => {
    custos?.searchAtClose(
      [
        ...textNeedles("Alice's password", ALICE_PASSWORD),
        ...textNeedles('the user PIN', PIN),
        ...revealed.flatMap((value, index) =>
          textNeedles(`password share ${index + 1}`, value.replace(/[\s:]/g, '')),
        ),
      ],
      [folder],
    );
    await custos?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  const fill = (id: string, value: string) => ceremony.testId(id).fill(value);
  const value = (id: string) => ceremony.testId(id).inputValue();

  async function toPlan(): Promise<void> {
    await custos.page.locator(byTestId('smartcard-dkek-init')).click();
    await ceremony.waitForStep('preflight');
    await ceremony.testId('dkek-device-sim-schsm:primary').check();
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-read-device').click(),
      byTestId('dkek-preflight'),
    );
    await ceremony.settling(() => ceremony.forward('to-plan'));
    await ceremony.waitForStep('plan');
  }

  it('saves the plan by name, and a new ceremony loads it back without a PIN or password', async () => {
    await toPlan();
    await fill('dkek-ceremony', 'DKEK travelling rehearsal');
    await fill('dkek-retries', '5');
    await ceremony.testId('dkek-mode-shares').check();
    await ceremony.testId('dkek-print-sheets').check();
    await ceremony.testId('dkek-add-password-share').click();
    await fill('dkek-share-1-custodian', 'Alice');
    await fill('dkek-share-1-password', ALICE_PASSWORD);
    await fill('dkek-share-1-file', aliceFile);
    await ceremony.testId('dkek-add-split-share').click();
    await fill('dkek-share-2-custodians', 'Bob, Carol, Dan');
    await fill('dkek-share-2-threshold', '2');
    await fill('dkek-plan-file-name', PLAN);
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-plan-save').click(),
      `${byTestId('dkek-plan-file-status')}[data-status="saved"]`,
    );
    const plansFolder = join(custos.host.userDataDir, 'plans');
    const saved = JSON.parse(readFileSync(join(plansFolder, `${PLAN}.json`), 'utf8'));
    expect(saved).toEqual({
      ceremony: 'DKEK travelling rehearsal',
      pinRetries: 5,
      printSheets: true,
      dkek: {
        mode: 'shares',
        shares: [
          { custodian: 'Alice', file: aliceFile },
          { custodians: ['Bob', 'Carol', 'Dan'], threshold: 2 },
        ],
      },
    });
    // Saving again under the same name asks first; keeping it leaves the file as it was.
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-plan-save').click(),
      byTestId('dkek-plan-replace-question'),
    );
    await ceremony.testId('dkek-plan-keep').click();

    await ceremony.cancel();
    await ceremony.testId('home-screen').waitFor({ state: 'visible' });
    await toPlan();
    expect(await value('dkek-ceremony')).toBe('');

    // Not a DKEK plan: refused with its sentence, and the plan screen still works.
    writeFileSync(join(plansFolder, 'shopping.json'), '{"milk": 2}');
    custos.expectRefusal(/is not a DKEK plan/);
    await fill('dkek-plan-file-name', 'shopping');
    await ceremony.settling(() => ceremony.testId('dkek-plan-load').click());
    expect(await ceremony.refusal()).toMatch(/shopping\.json is not a DKEK plan/);

    await fill('dkek-plan-file-name', PLAN);
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-plan-load').click(),
      `${byTestId('dkek-plan-file-status')}[data-status="loaded"]`,
    );
    expect(await value('dkek-ceremony')).toBe('DKEK travelling rehearsal');
    expect(await value('dkek-retries')).toBe('5');
    expect(await ceremony.testId('dkek-mode-shares').isChecked()).toBe(true);
    expect(await ceremony.testId('dkek-print-sheets').isChecked()).toBe(true);
    expect(await value('dkek-share-1-custodian')).toBe('Alice');
    expect(await value('dkek-share-1-file')).toBe(aliceFile);
    expect(await value('dkek-share-2-custodians')).toBe('Bob, Carol, Dan');
    expect(await value('dkek-share-2-threshold')).toBe('2');
    for (const secret of ['dkek-so-pin', 'dkek-pin', 'dkek-share-1-password'])
      expect(await value(secret)).toBe('');

    await fill('dkek-folder', folder);
    await fill('dkek-so-pin', SO_PIN);
    await fill('dkek-so-pin-again', SO_PIN);
    await fill('dkek-pin', PIN);
    await fill('dkek-pin-again', PIN);
    await fill('dkek-share-1-password', ALICE_PASSWORD);
    await fill('dkek-share-1-password-again', ALICE_PASSWORD);
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-set-plan').click(),
      byTestId('dkek-plan-summary'),
    );
    expect(await ceremony.text('dkek-plan-sheets')).toContain('can print their own sheet');
    const files = await ceremony.testId('dkek-plan-share').allTextContents();
    expect(files[0]).toContain(aliceFile);
    expect(files[1]).toContain(join(folder, 'dkek-share-2.pbe'));
  });

  it('ends after share 1 with share 2 outstanding, naming who holds it', async () => {
    await ceremony.intentShowing(
      () => ceremony.forward('to-shares'),
      byTestId('dkek-turn-handover'),
    );
    expect(existsSync(aliceFile)).toBe(true);
    for (let turn = 0; turn < 3; turn += 1) {
      await ceremony.intentShowing(
        () => ceremony.testId('dkek-turn-show').click(),
        byTestId('dkek-turn-reveal'),
      );
      const shown = await ceremony.text('dkek-reveal-value');
      revealed.push(shown);
      if (turn === 0) {
        // The plan prints sheets: Bob prints his own, in a window of its own, during his turn.
        const opened = custos.context.waitForEvent('page');
        await ceremony.testId('dkek-turn-print').click();
        const sheet = await opened;
        await sheet.waitForLoadState('load');
        const text = (await sheet.locator('body').innerText()).replace(/\s+/g, ' ');
        expect(text).toContain('Bob');
        expect(text).not.toMatch(/Carol|Dan/);
        expect(text).toContain(shown);
        expect(text).toContain(await ceremony.text('dkek-reveal-check'));
        expect(text).toContain('REHEARSAL — NOT A REAL SHARE');
        expect(await sheet.locator('figure.qr svg').count()).toBe(1);
        // Bob closes the sheet's window; Custos notices, and the share is still his to see.
        await sheet.close();
        await custos.page
          .locator(`${byTestId('dkek-turn-print')}[data-open="false"]`)
          .waitFor({ state: 'visible' });
        expect(await ceremony.testId('dkek-turn-reveal').count()).toBe(1);
      }
      await ceremony.intentShowing(
        () => ceremony.testId('dkek-turn-recorded').click(),
        byTestId('dkek-turn-check'),
      );
      await fill('dkek-turn-check-value', shown);
      await ceremony.intentShowing(
        () => ceremony.testId('dkek-turn-check-submit').click(),
        byTestId('dkek-turn-cleared'),
      );
      await ceremony.settling(() => ceremony.testId('dkek-turn-next').click());
    }
    await ceremony.intentShowing(() => ceremony.forward('prove'), byTestId('dkek-files-kcv'));
    await ceremony.settling(() => ceremony.forward('to-device'));
    await ceremony.waitForStep('device');
    await ceremony.settling(() => ceremony.forward('initialise'));
    await ceremony.settling(() => ceremony.forward('import'));
    expect(await ceremony.text('dkek-device-outstanding')).toContain('outstanding: 1');
    expect(await ceremony.text('dkek-outstanding-statement')).toContain(
      'One share is still to be imported — share 2: any 2 of Bob, Carol, Dan (their password shares).',
    );
    await ceremony.intentShowing(
      () => ceremony.testId('dkek-finish-leave-outstanding').click(),
      byTestId('dkek-record-outstanding'),
    );
    await ceremony.waitForStep('record');
    expect(await ceremony.text('dkek-record-outstanding-share')).toContain(
      'Share 2: any 2 of Bob, Carol, Dan',
    );
    // No sheet was written anywhere Custos chose: the folder holds the record and share 2 only.
    expect(readdirSync(folder).sort()).toEqual([
      'ceremony.json',
      'dkek-share-2.pbe',
      'transcript.jsonl',
    ]);
    const transcript = readFileSync(join(folder, 'transcript.jsonl'), 'utf8');
    expect(transcript).toContain('password-share-sheet-opened');
    const record = JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8'));
    expect(record.imports.map((entry: { shareNumber: number }) => entry.shareNumber)).toEqual([1]);
    expect(record.statusReason).toContain('share 2: any 2 of Bob, Carol, Dan');
    await custos.accessibilityChecked('dkek-init/record');
    await ceremony.done();
    expect(custos.problems).toEqual([]);
  });
});
