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
import { byTestId } from '../support/ceremony-page';
import { openCustos, type CustosSession } from '../support/custos';
import {
  DkekBackupPage,
  DkekVerifyPage,
  SIM_PRIMARY,
  SIM_SECONDARY,
} from '../support/dkek-clone-ceremonies';
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
    const backup = new DkekBackupPage(custos.page);
    await backup.startFromHome();
    await backup.chooseFolder(folder);
    await backup.chooseDevice(SIM_PRIMARY, PIN);
    await backup.wrap();
    expect((await backup.keys()).map((key) => key.status)).toEqual(['written', 'written']);
    await backup.done();
  });

  it('clones the secondary: the share holders import the same shares, the KCV matches, both keys are unwrapped', async () => {
    const clone = new DkekRestorePage(custos.page, 'dkek-restore');
    await custos.page.locator(byTestId('ceremony-start-dkek-restore')).click();
    await clone.chooseFolder(folder);
    await clone.chooseDevice(SIM_SECONDARY, PIN, SO_PIN);
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
    const verify = new DkekVerifyPage(custos.page);
    await verify.startFromHome();
    await verify.chooseFolder(folder);
    await verify.verify(SIM_SECONDARY, PIN);
    const result = await verify.result();
    expect(result.verdict).toBe('verified');
    expect(result.kcvOk).toBe(true);
    expect(result.kcvText).toContain(kcv);
    expect(result.keys.map((key) => [key.keyReference, key.proof, key.ok])).toEqual([
      [1, 'proven', true],
      [2, 'proven', true],
    ]);
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
