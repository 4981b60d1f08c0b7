// A DKEK clone day, every step through the real UI in the system Chromium on the browser host's
// simulated SmartCard-HSM pair: the primary initialised with two shares (Alice's typed password;
// a 2-of-3 password split among Bob, Carol and Dan, each custodian writing down their reveal),
// the primary's two rehearsal keys backed up under the DKEK, the secondary cloned (Alice's
// password, then Bob's and Dan's password shares; the KCV compared before any unwrap), the
// clone verified against the record with each signing key proven; then no password or password
// share anywhere the host or the browser wrote. The derivation runs at 1 round
// (CUSTOS_TEST_DKEK_ITERATIONS, honoured only under NODE_ENV=test).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, CeremonyFramePage } from '../support/ceremony-page';
import { openCustos, type CustosSession } from '../support/custos';
import { initialiseWithTwoShares } from '../support/dkek-init-ceremony';
import { DkekRestorePage, type TypedPasswordShare } from '../support/dkek-restore-ceremony';
import { searchAfterCeremony, textNeedles } from '../support/secrets-search';

const ALICE_PASSWORD = 'alice-clone-day-password-0917';
const SO_PIN = '3537363231383830';
const PIN = '648219';

describe('browser host: a DKEK clone day on the simulated SmartCard-HSM pair', () => {
  let custos: CustosSession;
  let parent: string;
  let folder: string;
  let written: TypedPasswordShare[] = [];
  let kcv = '';

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-dkek-clone-day-'));
    folder = join(parent, 'ceremony');
    custos = await openCustos({ env: { CUSTOS_TEST_DKEK_ITERATIONS: '1' } });
  });
  afterAll(async () => {
    await custos?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('initialises the primary with two shares', async () => {
    ({ written, kcv } = await initialiseWithTwoShares(custos, {
      folder,
      alicePassword: ALICE_PASSWORD,
      soPin: SO_PIN,
      pin: PIN,
    }));
    expect(written.map((share) => share.id)).toEqual(['1', '2', '3']);
    expect(kcv).toMatch(/^[0-9A-F]{16}$/);
  });

  it('backs up the rehearsal keys under the DKEK', async () => {
    const backup = new CeremonyFramePage(custos.page, 'dkek-backup');
    await custos.page.locator(byTestId('ceremony-start-dkek-backup')).click();
    await backup.waitForStep('folder');
    await backup.testId('dkek-backup-folder').fill(folder);
    await backup.intentShowing(
      () => backup.testId('dkek-backup-folder-set').click(),
      backup.stepSelector('device'),
    );
    await backup.testId('dkek-backup-device-card-sim-schsm:primary').check();
    await backup.testId('dkek-backup-device-pin').fill(PIN);
    await backup.intentShowing(
      () => backup.testId('dkek-backup-device-submit').click(),
      backup.stepSelector('review'),
    );
    await backup.intentShowing(() => backup.forward('run'), byTestId('dkek-backup-summary'));
    expect(await backup.text('dkek-backup-summary')).toMatch(/2 keys/);
    await backup.done();
  });

  it('clones the secondary: the share holders import the same shares, the KCV matches, both keys are unwrapped', async () => {
    const clone = new DkekRestorePage(custos.page, 'dkek-restore');
    await custos.page.locator(byTestId('ceremony-start-dkek-restore')).click();
    await clone.chooseFolder(folder);
    await clone.chooseDevice('sim-schsm:secondary', PIN, SO_PIN);
    await clone.waitForStep('shares');
    await clone.takeTurn();
    await clone.importWithPassword(ALICE_PASSWORD);
    await clone.testId('dkek-restore-turn-cleared').waitFor({ state: 'visible' });
    await clone.nextHolder(byTestId('dkek-restore-turn-handover'));
    await clone.takeTurn();
    // Bob (ID 1) and Dan (ID 3) came; Carol stayed home.
    await clone.addPasswordShare(written[0]!);
    await clone.addPasswordShare(written[2]!);
    await clone.importWithPasswordShares();
    await clone.nextHolder(clone.stepSelector('unwrap'));
    expect(await clone.text('dkek-restore-kcv-matched')).toContain(kcv);
    await clone.intentShowing(() => clone.forward('unwrap'), byTestId('dkek-restore-summary'));
    expect(await clone.text('dkek-restore-summary')).toBe('2 keys unwrapped.');
    await clone.done();
  });

  it('verifies the clone against the record, every signing key proven', async () => {
    const verify = new CeremonyFramePage(custos.page, 'dkek-verify');
    await custos.page.locator(byTestId('ceremony-start-dkek-verify')).click();
    await verify.waitForStep('folder');
    await verify.testId('dkek-verify-folder').fill(folder);
    await verify.intentShowing(
      () => verify.testId('dkek-verify-folder-set').click(),
      verify.stepSelector('device'),
    );
    await verify.testId('dkek-verify-device-card-sim-schsm:secondary').check();
    await verify.testId('dkek-verify-device-pin').fill(PIN);
    await verify.intentShowing(
      () => verify.testId('dkek-verify-device-submit').click(),
      byTestId('dkek-verify-result'),
    );
    expect(await verify.testId('dkek-verify-result').getAttribute('data-verdict')).toBe('verified');
    expect(await verify.testId('dkek-verify-kcv').getAttribute('data-ok')).toBe('true');
    expect(await verify.testId('dkek-verify-key').count()).toBe(2);
    await verify.done();
    expect(custos.problems).toEqual([]);
  });

  it('leaves no password or password share where the host or the browser wrote', async () => {
    expect(written).toHaveLength(3);
    const needles = [
      ...textNeedles("Alice's password", ALICE_PASSWORD),
      ...written.flatMap((share, index) => [
        ...textNeedles(`password share ${index + 1}`, share.value),
        ...textNeedles(`password share ${index + 1} (bare)`, share.value.replace(/[\s:]/g, '')),
      ]),
    ];
    const { hits, profileSearched } = searchAfterCeremony(custos, [folder], needles);
    expect(profileSearched).toBe(true);
    expect(hits).toEqual([]);
  });
});
