// The backup officer's day through the real UI in the browser host, on the simulated primary
// and secondary: initialize the primary (its shares read off the screen during the custodians'
// turns), back it up after generating rehearsal keys, restore the secondary from two custodians'
// shares typed line by line, verify the clone against the record, and find the secondary
// configured on the home screen. On the way, bad input goes in through the same forms: a typo
// caught on its line as it is typed, a share entered twice, a share from another ceremony, one
// from a set with another threshold, and afterwards nothing secret is in any file Custos wrote.
// A second session restores the same folder with one .yhw file corrupted and one wrapped under
// another key, and in interop mode shows a share entered twice, mixed thresholds, and that one
// share of two cannot go on. (A used secondary and an unplug: restore-devices.spec.ts.)

import { randomBytes } from 'node:crypto';
import {
  cpSync,
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
import { wrapOffline } from '../../src-main/ceremonies/restore/testing/yubihsm-wrap';
import { ObjectType } from '../../src-main/hsm/yubihsm/protocol/object-types';
import {
  analyzeShareSet,
  encodeWrapSecret,
  parseShare,
  splitForSetup,
} from '../../src-main/secrets';
import { BackupPage } from '../support/backup-ceremony';
import { openCustos } from '../support/custos';
import type { CustosSession } from '../support/custos';
import { InitCeremonyPage } from '../support/init-ceremony';
import type { PlanInput, SeenShare } from '../support/init-ceremony';
import { RestorePage } from '../support/restore-ceremony';
import {
  bytesNeedles,
  searchForSecrets,
  shareNeedles,
  textNeedle,
  textNeedles,
} from '../support/secrets-search';
import type { Needle } from '../support/secrets-search';
import { VerifyPage } from '../support/verify-ceremony';

const PRIMARY = 'sim:primary';
const SECONDARY = 'sim:secondary';

/** What of a share must not be in the page once its turn is over (see init-ceremony.spec.ts). */
function piecesIn(html: string, share: SeenShare): string[] {
  const prefix = share.lines[0]!.groups[0]!;
  const pieces = [
    share.canonical,
    ...share.lines.map((line) => line.text),
    ...share.lines.map((line) => `${line.groups.join(' ')}  ${line.check}`),
    ...share.lines
      .flatMap((line) => line.groups)
      .filter((group) => group !== prefix)
      .map((group) => `>${group}<`),
  ];
  return pieces.filter((piece) => html.includes(piece));
}

/** The line with two neighbouring characters swapped (in the share text, not the check character). */
function swapped(line: SeenShare['lines'][number]): string {
  const text = line.text;
  const at = [...text].findIndex(
    (character, index) => index < text.length - 1 && character !== text[index + 1],
  );
  const wrong = `${text.slice(0, at)}${text[at + 1]}${text[at]}${text.slice(at + 2)}`;
  return `${wrong}${line.check}`;
}

const yhwFiles = (folder: string) =>
  readdirSync(folder)
    .filter((file) => file.endsWith('.yhw'))
    .sort();

// One day, two sessions: what the first one made is what the second one restores again.
const plan: PlanInput = {
  ceremony: 'E2E restore-day ceremony',
  folder: '',
  custodians: ['Alice Andersen', 'Bob Brandt', 'Carol Cruz'],
  threshold: 2,
  applicationPassword: 'e2e-restore-app-Vq8#mLx2',
  auditPassword: 'e2e-restore-audit-Rt5!nHw9',
  confirmation: 'spot-check',
};
const seen: SeenShare[] = [];
let parent: string;
let ceremonyFolder: string;
/** A 2-of-3 share numbered 2 from another (random) wrap key: another ceremony's. */
const foreignShare = splitForSetup(new Uint8Array(randomBytes(52)), 2, 3)[1]!;
/** Share 2 of a 3-of-5 set: its threshold digit disagrees with this ceremony's shares. */
const thresholdThreeShare = splitForSetup(new Uint8Array(randomBytes(52)), 3, 5)[1]!;
const mixedThreshold = (whose: string) =>
  `This share says threshold 3 (the digit before the first dash), but ${whose} 2: that digit is mistyped, or the share belongs to another set.`;

beforeAll(() => {
  parent = mkdtempSync(join(tmpdir(), 'custos-e2e-restore-day-'));
  ceremonyFolder = join(parent, 'root-ca-2025');
  plan.folder = ceremonyFolder;
});

afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});

describe('browser host: the backup officer’s day through the UI', () => {
  let custos: CustosSession;

  beforeAll(async () => {
    custos = await openCustos();
  });

  afterAll(async () => {
    await custos?.close();
  });

  it('initializes the primary, each custodian’s share read off the screen in their turn', async () => {
    const init = new InitCeremonyPage(custos.page);
    await init.startFromHome(custos.home, PRIMARY, plan);
    for (let turn = 1; turn <= 3; turn++) {
      seen.push(await init.revealShare());
      await init.recordAndSpotCheck(seen[seen.length - 1]!);
      await init.nextCustodian();
    }
    await init.runDeviceSteps();
    expect((await init.recordFacts()).kcv).toBe(seen[0]!.kcv);
    await init.done();
    await custos.page
      .locator(
        `[data-testid="device-card"][data-device-id="${PRIMARY}"] [data-testid="device-status"][data-status="configured"]`,
      )
      .waitFor({ state: 'visible' });
  });

  it('backs up the primary after generating rehearsal keys: exported, kept (already there) and not exported, each said', async () => {
    const before = yhwFiles(ceremonyFolder);
    const backup = new BackupPage(custos.page);
    await backup.startFromHome();
    await backup.chooseFolder(ceremonyFolder, 'primary');
    await backup.choosePrimary(PRIMARY);
    expect(await backup.testId('dump-auth-id').inputValue()).toMatch(/^0x[0-9a-f]{4}$/);
    await backup.authenticate(plan.applicationPassword);
    expect(await backup.documentHtml()).not.toContain(plan.applicationPassword);

    const review = await backup.rows();
    expect(
      review
        .filter((row) => row.status === 'exists')
        .map((row) => row.file)
        .sort(),
    ).toEqual(before);
    expect(review.filter((row) => row.status === 'export')).toEqual([]);
    const notExportable = review.filter((row) => row.status === 'not-exportable');
    expect(notExportable.length).toBeGreaterThan(0);
    for (const row of notExportable) expect(row.text).toMatch(/[a-z]{4,}.*\./);

    expect(await backup.generateRehearsalKeys()).toMatch(
      /^Generated: 0x[0-9a-f]{4}, 0x[0-9a-f]{4}, 0x[0-9a-f]{4}$/,
    );
    const planned = await backup.rows();
    expect(planned.filter((row) => row.status === 'export')).toHaveLength(3);
    expect(await backup.testId('wizard-next').textContent()).toBe('Export 3 objects');

    // The backup officer chooses to replace one of the files already there; the other is kept.
    const [replaced, kept] = before as [string, string];
    await backup.page.locator(`[data-testid="dump-replace"][data-file="${replaced}"]`).check();
    await backup.run();
    const result = await backup.rows();
    const written = result.filter((row) => row.status === 'written').map((row) => row.file!);
    expect(written).toHaveLength(3);
    expect(result.filter((row) => row.status === 'replaced').map((row) => row.file)).toEqual([
      replaced,
    ]);
    expect(result.filter((row) => row.status === 'kept').map((row) => row.file)).toEqual([kept]);
    expect(result.filter((row) => row.status === 'not-exported')).toHaveLength(
      notExportable.length,
    );
    expect(await backup.text('dump-summary')).toBe(
      `Back-up done: 4 files written (1 replaced), 1 file already there and kept, ${notExportable.length} object not exportable.`,
    );
    expect(yhwFiles(ceremonyFolder)).toEqual([...before, ...written].sort());
    for (const file of written)
      expect(readFileSync(join(ceremonyFolder, file), 'utf8')).toMatch(/^[A-Za-z0-9+/]+=*\n?$/);
    await backup.done();
  });

  it('restores the secondary from two custodians typing line by line, naming a typo, a share entered twice and another ceremony’s share', async () => {
    const [alice, bob] = seen as [SeenShare, SeenShare, SeenShare];
    const restore = new RestorePage(custos.page);
    await restore.startFromHome();
    await restore.chooseFolder(ceremonyFolder, 'secondary');
    expect(await restore.testId('restore-source').getAttribute('data-mode')).toBe('record');
    expect(await restore.text('restore-ceremony-name')).toBe(plan.ceremony);
    expect(await restore.chooseSecondary(SECONDARY)).toBe('factory-fresh');
    await restore.toShares();
    expect(await restore.text('restore-progress')).toBe('0 of the 2 shares needed are in.');

    // Alice swaps two characters of line 3: the line says so as soon as it is typed, and
    // pressing "Check my share" sends nothing while it is wrong.
    await restore.beginTurn(1);
    expect(await restore.focused()).toBe('restore-entry-custodian');
    const typed = alice.lines.map(RestorePage.printed);
    await restore.typeLines(typed.slice(0, 2));
    await restore.typeLine(3, swapped(alice.lines[2]!));
    expect(await restore.lineEntry(3)).toEqual({
      state: 'wrong',
      status:
        'Line 3 does not match its check character: look for a mistyped or swapped character on this line.',
    });
    expect((await restore.lineEntry(2)).state).toBe('ok');
    await restore.typeLines(typed);
    await restore.typeLine(3, swapped(alice.lines[2]!));
    await restore.submit();
    await restore
      .testId('restore-entry-waiting')
      .filter({ hasText: 'One line is not right yet' })
      .waitFor({ state: 'visible' });
    expect(await restore.testId('restore-share-refusal').count()).toBe(0);
    await restore.typeLine(3, typed[2]!);
    expect((await restore.lineEntry(3)).state).toBe('ok');
    await restore.submit();
    expect(await restore.accepted()).toBe('Alice Andersen’s share (share 1) is accepted');
    expect(
      piecesIn(await restore.documentHtml(), alice),
      'Alice’s share on the cleared screen',
    ).toEqual([]);
    // One share of two: the only way on is the next custodian.
    expect(await restore.text('restore-progress')).toBe('1 of the 2 shares needed is in.');
    expect(await restore.text('restore-next')).toBe('Call the next custodian');
    await restore.next();

    // Bob pastes Alice's share (the same share a second time), then another ceremony's share 2:
    // main names what is wrong, and the form is empty again each time.
    await restore.beginTurn(2);
    await restore.pasteShare(alice.canonical);
    expect(await restore.shareRefusal()).toBe(
      'Bob Brandt (share 2): This custodian holds share 2, but the share typed says number 1 (after the first dash): check that number, or let the custodian who holds share 1 enter it.',
    );
    expect(await restore.testId('restore-share-text').inputValue()).toBe('');
    await restore.pasteShare(foreignShare);
    await restore
      .testId('restore-share-refusal')
      .filter({ hasText: 'comes from another ceremony' })
      .waitFor({ state: 'visible' });
    expect(await restore.shareRefusal()).toMatch(
      /^Share 2 \(Bob Brandt\) is wrong: it is not the share recorded at the ceremony for custodian 2, Bob Brandt\./,
    );
    expect(await restore.testId('restore-share-text').inputValue()).toBe('');
    await restore.pasteShare(thresholdThreeShare);
    await restore
      .testId('restore-share-refusal')
      .filter({ hasText: 'threshold 3' })
      .waitFor({ state: 'visible' });
    expect(await restore.shareRefusal()).toBe(
      `Bob Brandt (share 2): ${mixedThreshold("the ceremony's threshold is")}`,
    );
    const afterRefusals = await restore.documentHtml();
    expect(piecesIn(afterRefusals, alice)).toEqual([]);
    expect(afterRefusals).not.toContain(foreignShare);
    expect(afterRefusals).not.toContain(thresholdThreeShare);

    // Esc clears the entry and hands the screen back, saying why.
    await restore.testId('restore-share-text').fill(bob.canonical);
    await custos.page.keyboard.press('Escape');
    await restore
      .testId('ceremony-notice')
      .filter({ hasText: 'cleared because Esc was pressed' })
      .waitFor({ state: 'visible' });
    expect(piecesIn(await restore.documentHtml(), bob)).toEqual([]);

    expect(await restore.typedTurn(2, bob)).toBe('Bob Brandt’s share (share 2) is accepted');
    expect(await restore.testId('restore-next').textContent()).toBe(
      'Enough shares are in: rebuild the wrap key',
    );
    await restore.next();
    const rebuilt = await restore.recombined();
    expect(rebuilt).toMatchObject({ kcv: alice.kcv, matchesRecord: 'true' });
    expect(rebuilt.verdict).toContain('matches the check value recorded at the ceremony');
    for (const share of [alice, bob])
      expect(piecesIn(await restore.documentHtml(), share)).toEqual([]);

    await restore.giveApplicationPassword(plan.applicationPassword);
    expect(await restore.testId('restore-app-key-password').inputValue()).toBe('');
    expect(await restore.runDeviceSteps()).toBe('completed');
    const files = await restore.files();
    expect(files.map((file) => file.file)).toEqual(yhwFiles(ceremonyFolder));
    expect(files.every((file) => file.status === 'imported')).toBe(true);
    const factoryKey = await restore.factoryKey();
    expect(factoryKey.decision).toBe('deleted');
    expect(factoryKey.text).toMatch(
      /was imported and its password opened a session on the secondary/,
    );

    // The KSP hand-off for the restored secondary, from the result screen (issue 12 §6): the
    // .reg file regedit reads, with the application key's id and never its password (the
    // secrets search below also goes through these files).
    await restore.testId('ksp-handoff-write').click();
    await restore.testId('ksp-handoff-written').waitFor({ state: 'visible' });
    const reg = readFileSync(join(ceremonyFolder, 'ksp-handoff-7550002.reg'));
    expect([...reg.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const regText = reg.subarray(2).toString('utf16le');
    expect(regText).toContain('"ConnectorURL"="http://127.0.0.1:12345"\r\n"AuthKeysetID"=dword:');
    expect(regText).not.toContain('AuthKeysetPassword');
    expect(existsSync(join(ceremonyFolder, 'ksp-handoff-7550002.html'))).toBe(true);
    await restore.done();
  });

  it('verifies the clone against the record: every object matches and every signing key is proven', async () => {
    const verify = new VerifyPage(custos.page);
    await verify.startFromHome();
    await verify.chooseFolder(ceremonyFolder, 'devices');
    await verify.chooseSecondary(SECONDARY);
    await verify.authenticate(plan.applicationPassword);
    expect(await verify.testId('verify-auth-password').inputValue()).toBe('');
    await verify.run();
    expect(await verify.testId('verify-result').getAttribute('data-all-match')).toBe('true');
    expect(await verify.text('verify-verdict')).toBe('The clone matches');
    const objects = await verify.objects();
    expect(objects.filter((row) => row.status === 'match').length).toBeGreaterThanOrEqual(6);
    expect(objects.every((row) => row.status === 'match' || row.status === 'not-backed-up')).toBe(
      true,
    );
    expect(objects.find((row) => row.type === 'wrap-key')?.status).toBe('match');
    const signatures = await verify.signatures();
    expect(signatures).toHaveLength(3);
    expect(signatures.every((signature) => signature.status === 'verified')).toBe(true);
    const report = (await verify.testId('verify-report').getAttribute('data-file')) ?? '';
    expect(report).toMatch(/^verification-\d{8}-\d{6}-7550002\.html$/);
    expect(readFileSync(join(ceremonyFolder, report), 'utf8')).toContain('</html>');
    await verify.done();
  });

  it('shows the secondary configured on the home screen', async () => {
    await custos.page
      .locator(
        `[data-testid="device-card"][data-device-id="${SECONDARY}"] [data-testid="device-status"][data-status="configured"]`,
      )
      .waitFor({ state: 'visible' });
    expect((await custos.home.settledDevice(SECONDARY)).status).toBe('configured');
  });

  it('finds no share, password or wrap key in the ceremony folder, the logs or the user-data folder', async () => {
    const recombined = await analyzeShareSet([seen[0]!.canonical, seen[2]!.canonical]);
    if (!recombined.ok) throw new Error('the captured shares did not recombine');
    const key = recombined.secret.key;
    const needles: Needle[] = [
      ...textNeedles('the application key password', plan.applicationPassword),
      ...textNeedles('the audit key password', plan.auditPassword!),
      ...shareNeedles('the other ceremony’s share', foreignShare),
      ...shareNeedles('the 3-of-5 share', thresholdThreeShare),
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
    const control = textNeedle('a custodian name (not secret)', plan.custodians[1]!);
    const { hits, filesSearched } = searchForSecrets(
      [ceremonyFolder, custos.host.userDataDir, custos.tempDir],
      { 'the browser host output': custos.host.output() },
      [...needles, control],
    );
    expect(filesSearched.some((file) => file.includes(`${custos.host.userDataDir}/logs`))).toBe(
      true,
    );
    // The browser's profile and the temporary folder the ceremony used are searched too.
    expect(filesSearched.some((file) => file.startsWith(join(custos.tempDir, 'playwright')))).toBe(
      true,
    );
    expect(filesSearched.some((file) => /verification-.*\.html$/.test(file))).toBe(true);
    expect(hits.filter((hit) => hit.what === control.what).map((hit) => hit.where)).toContain(
      join(ceremonyFolder, 'ceremony.json'),
    );
    expect(hits.filter((hit) => hit.what !== control.what)).toEqual([]);
    key.fill(0);
  });

  it('ran without page errors or console errors', () => {
    expect(custos.problems).toEqual([]);
  });
});

describe('browser host: a corrupted backup, one wrapped under another key, the primary offered as the secondary, and shares that cannot rebuild the key', () => {
  let custos: CustosSession;
  let copy: string;
  let interop: string;
  let corrupted: string;
  /** Another wrap key's backup, as a yubihsm-wrap run under that key leaves it (not in the record). */
  const foreignFile = '0x0042-opaque.yhw';

  beforeAll(async () => {
    if (seen.length < 3)
      throw new Error('the day above did not produce the shares this session needs');
    // A fresh host: its simulated primary and secondary are factory-fresh again, with the same serials.
    custos = await openCustos();
    copy = join(parent, 'copy-of-ceremony');
    cpSync(ceremonyFolder, copy, { recursive: true });
    interop = join(parent, 'yubihsm-setup-dump');
    mkdirSync(interop);
    for (const file of yhwFiles(ceremonyFolder))
      cpSync(join(ceremonyFolder, file), join(interop, file));
    // Corrupt one rehearsal key's backup: one base64 character changed in the middle.
    corrupted = yhwFiles(copy).find((file) => file.includes('asymmetric-key'))!;
    const text = readFileSync(join(copy, corrupted), 'utf8');
    const at = Math.floor(text.length / 2);
    writeFileSync(
      join(copy, corrupted),
      `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`,
    );
    const otherWrapKey = new Uint8Array(randomBytes(32));
    writeFileSync(
      join(copy, foreignFile),
      wrapOffline(otherWrapKey, {
        id: 0x42,
        type: ObjectType.Opaque,
        algorithm: 30,
        label: 'another wrap key',
        domains: 1,
        capabilities: 0n,
        body: Uint8Array.of(9, 9, 9),
      }),
    );
  });

  afterAll(async () => {
    await custos?.close();
  });

  it('in a yubihsm-setup folder, says which checks are not possible, refuses the same share twice and mixed thresholds, clears an entry on blur and when idle, and cannot go on with one share of two', async () => {
    const [alice] = seen as [SeenShare];
    const restore = new RestorePage(custos.page);
    await custos.home.settledDevice(SECONDARY);
    await restore.startFromHome();
    await restore.chooseFolder(interop, 'secondary');
    expect(await restore.testId('restore-source').getAttribute('data-mode')).toBe('interop');
    expect(await restore.text('restore-interop-note')).toContain('no Custos ceremony record');
    expect(await restore.chooseSecondary(SECONDARY)).toBe('factory-fresh');
    await restore.toShares();
    await restore.beginTurn();
    await restore.testId('restore-whole-only').waitFor({ state: 'visible' });
    await restore.pasteShare(alice.canonical);
    expect(await restore.accepted()).toBe('Share 1 is accepted');
    // Too few: one share is in, it says two are needed, and nothing offers to go on without the second.
    expect(await restore.text('restore-progress')).toBe('1 of the 2 shares needed is in.');
    expect(await restore.text('restore-next')).toBe('Call the next custodian');
    expect(await restore.testId('wizard-next').count()).toBe(0);
    await restore.next();
    expect(await restore.text('restore-progress')).toBe('1 of the 2 shares needed is in.');
    expect(await restore.testId('wizard-next').count()).toBe(0);
    await restore.beginTurn();
    await restore.pasteShare(alice.canonical);
    expect(await restore.shareRefusal()).toBe(
      'This share was already entered as share 1; the same share counts once. The next custodian should enter their own.',
    );
    // Mixed thresholds: a share of a 3-of-5 set after a share of a 2-of-3 one.
    await restore.pasteShare(thresholdThreeShare);
    await restore
      .testId('restore-share-refusal')
      .filter({ hasText: 'threshold 3' })
      .waitFor({ state: 'visible' });
    expect(await restore.shareRefusal()).toBe(mixedThreshold('the shares entered before say'));
    expect(await restore.testId('restore-share-text').inputValue()).toBe('');

    // The window losing the focus clears the entry and hands the screen back.
    await restore.testId('restore-share-text').fill(seen[1]!.canonical);
    await custos.page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await restore
      .testId('ceremony-notice')
      .filter({ hasText: 'cleared because this window lost the focus' })
      .waitFor({ state: 'visible' });
    expect(piecesIn(await restore.documentHtml(), seen[1]!)).toEqual([]);

    // So does an entry left alone: the page's clock jumps two minutes ahead (no waiting).
    await custos.page.clock.install();
    await restore.beginTurn();
    // The first share told the line lengths: the entry now offers line by line first.
    await restore.typeLine(1, RestorePage.printed(seen[1]!.lines[0]!));
    expect((await restore.lineEntry(1)).state).toBe('ok');
    await custos.page.clock.fastForward('02:01');
    await restore
      .testId('ceremony-notice')
      .filter({ hasText: 'cleared because nothing happened on the screen for a while' })
      .waitFor({ state: 'visible' });
    expect(piecesIn(await restore.documentHtml(), seen[1]!)).toEqual([]);

    // Giving up with one share in loses nothing: the dialog says so, and the secondary is untouched.
    await restore.testId('wizard-cancel').click();
    expect(await restore.text('wizard-cancel-dialog')).toContain(
      'Nothing has been written to the secondary. The shares entered so far are forgotten; the custodians keep their own records and enter them again in a new restore.',
    );
    await restore.testId('wizard-cancel-confirm').click();
    await custos.home.waitUntilShown();
    expect((await custos.home.settledDevice(SECONDARY)).status).toBe('factory-fresh');
  });

  it('refuses the primary as the secondary, then imports every backup but the corrupted one, which it names, and skips the one under another key', async () => {
    const [alice, , carol] = seen as [SeenShare, SeenShare, SeenShare];
    const restore = new RestorePage(custos.page);
    await custos.home.settledDevice(PRIMARY);
    await restore.startFromHome();
    await restore.chooseFolder(copy, 'secondary');
    // This host's primary is factory-fresh, but it has the ceremony's primary serial.
    expect(await restore.chooseSecondary(PRIMARY)).toBe('refused');
    expect(await restore.testId('secondary-check').getAttribute('data-reason')).toBe('is-primary');
    expect(await restore.testId('wizard-next').isDisabled()).toBe(true);
    await restore.testId('device-gate-choose-again').click();
    expect(await restore.chooseSecondary(SECONDARY)).toBe('factory-fresh');
    await restore.toShares();

    // Carol's turn from the keyboard alone: Tab to her button, type each line, Enter to check.
    const keyboard = custos.page.keyboard;
    await restore.tabTo('[data-testid="restore-begin-turn"][data-custodian="3"]');
    await keyboard.press('Enter');
    await restore.testId('restore-entry').waitFor({ state: 'visible' });
    for (const [index, line] of carol.lines.entries()) {
      await restore.tabTo(`[data-testid="line-entry"][data-line="${index + 1}"] input`);
      await keyboard.type(RestorePage.printed(line));
    }
    await keyboard.press('Enter');
    expect(await restore.accepted()).toBe('Carol Cruz’s share (share 3) is accepted');
    await restore.tabTo('[data-testid="restore-next"]');
    await keyboard.press('Enter');
    await restore.testId('restore-handover').waitFor({ state: 'visible' });
    await restore.beginTurn(1);
    await restore.pasteShare(alice.canonical);
    await restore.accepted();
    await restore.next();
    expect((await restore.recombined()).matchesRecord).toBe('true');
    expect(await restore.runDeviceSteps()).toBe('incomplete');

    const files = await restore.files();
    const bad = files.filter((file) => file.status === 'failed');
    expect(bad.map((file) => file.file)).toEqual([corrupted]);
    expect(bad[0]!.reason).toBe(
      `${corrupted} differs from the file this ceremony recorded (its SHA-256 changed): it was altered or damaged. Restore it from another copy of the ceremony folder.`,
    );
    const skipped = files.filter((file) => file.status === 'skipped');
    expect(skipped.map((file) => file.file)).toEqual([foreignFile]);
    expect(skipped[0]!.reason).toBe(
      `${foreignFile} was not wrapped under this ceremony's wrap key (the recombined key cannot open it): it belongs to another wrap key, or it is damaged. It was not imported.`,
    );
    const imported = files.filter((file) => file.status === 'imported');
    expect(imported.map((file) => file.file)).toEqual(
      yhwFiles(ceremonyFolder).filter((file) => file !== corrupted),
    );
    // Each imported row names what the file held (id and type, read from inside it); the skipped one cannot.
    for (const row of imported) {
      const [, id, type] = /^(0x[0-9a-f]{4})-(.+)\.yhw$/.exec(row.file)!;
      expect(row.cells.slice(0, 4)).toEqual([row.file, 'Imported', id, type]);
      expect(row.cells[4]).not.toBe('—');
    }
    expect(skipped[0]!.cells).toEqual([foreignFile, 'Skipped', '—', '—', '—', skipped[0]!.reason]);
    expect((await restore.factoryKey()).decision).toBe('deleted');
    expect(await restore.text('restore-summary')).toBe(
      'The restore is incomplete (4 imported, 1 skipped, 1 failed): the files that failed are not on the secondary. Fix them and import them with the application key (yubihsm-shell put-wrapped), or reset the secondary and restore again.',
    );
    await restore.done();
  });

  it('verifies that clone and names the object the corrupted backup left out', async () => {
    const verify = new VerifyPage(custos.page);
    await verify.startFromHome();
    await verify.chooseFolder(copy, 'devices');
    await verify.chooseSecondary(SECONDARY);
    await verify.authenticate(plan.applicationPassword);
    await verify.run();
    expect(await verify.testId('verify-result').getAttribute('data-all-match')).toBe('false');
    const id = Number.parseInt(/^0x([0-9a-f]{4})/.exec(corrupted)![1]!, 16);
    const missing = (await verify.objects()).filter((row) => row.status === 'missing');
    expect(missing.map((row) => row.objectId)).toEqual([id]);
    expect(missing[0]!.text).toContain('Missing on the clone');
    expect(await verify.text('verify-summary')).toMatch(
      /^The clone does not match: asymmetric-key 0x[0-9a-f]{4} is missing on the clone/,
    );
    expect(
      existsSync(join(copy, (await verify.testId('verify-report').getAttribute('data-file'))!)),
    ).toBe(true);
    await verify.done();
  });

  it('ran without page errors or console errors', () => {
    expect(custos.problems).toEqual([]);
  });
});
