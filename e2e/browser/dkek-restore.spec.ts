// Clone a second device (DKEK) through the real UI in the system Chromium, on the browser host's
// simulated SmartCard-HSM pair: the primary (initialised with two shares, its two rehearsal keys
// backed up into the ceremony folder before the host starts) chosen as the secondary is refused
// with main's sentence and the screen goes on; Alice types a wrong password (named, nothing
// imported) then the right one; Bob enters his password share and the holders give up mid-turn
// (the entry cleared, nothing imported), then take the turn again with Bob's and Dan's; the KCV
// matches; both keys are unwrapped. Then no password or password share anywhere the host or the
// browser wrote. The derivation runs at 1 round (CUSTOS_TEST_DKEK_ITERATIONS, NODE_ENV=test).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId } from '../support/ceremony-page';
import { openCustos, type CustosSession } from '../support/custos';
import {
  DkekRestorePage,
  PIN,
  SO_PIN,
  prepareBackedUpDomain,
  type BackedUpDomain,
} from '../support/dkek-restore-ceremony';
import { searchAfterCeremony, textNeedles } from '../support/secrets-search';

describe('browser host: clone the simulated SmartCard-HSM secondary from a DKEK back-up', () => {
  let custos: CustosSession;
  let clone: DkekRestorePage;
  let parent: string;
  let domain: BackedUpDomain;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-dkek-restore-e2e-'));
    domain = await prepareBackedUpDomain(parent);
    custos = await openCustos({
      userDataDir: domain.userDataDir,
      env: { CUSTOS_TEST_DKEK_ITERATIONS: '1' },
    });
    clone = new DkekRestorePage(custos.page, 'dkek-restore');
  }, 120_000);
  afterAll(async () => {
    await custos?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('refuses the primary, takes a wrong password then the right one, survives a holder giving up, and unwraps both keys after the KCV', async () => {
    await custos.page.locator(byTestId('ceremony-start-dkek-restore')).click();
    await clone.chooseFolder(domain.folder);
    expect(await clone.text('dkek-restore-domain')).toContain('2 shares');

    // The wrong card: the primary itself. Main's sentence; the device step still works.
    custos.expectRefusal(/This card is the primary/);
    await clone.chooseDevice('sim-schsm:primary', PIN, SO_PIN);
    expect(await clone.refusal()).toMatch(
      /^This card is the primary \(serial .*\).*Insert the secondary\./,
    );
    await clone.waitForStep('device');
    await clone.chooseDevice('sim-schsm:secondary', PIN, SO_PIN);
    await clone.waitForStep('shares');
    expect(await clone.text('dkek-restore-shares-count')).toContain(
      '2 total, 0 imported, 2 outstanding; next: share 1',
    );

    // Alice: a wrong password is named and imports nothing; the turn stays open.
    expect(await clone.text('dkek-restore-turn-handover')).toContain('hand the screen to Alice');
    await clone.takeTurn();
    custos.expectRefusal(/The password does not open/);
    await clone.importWithPassword('not-alices-password');
    expect(await clone.refusal()).toContain('The password does not open');
    expect(await clone.text('dkek-restore-turn-refusal')).toContain('Nothing was imported');
    expect(await clone.text('dkek-restore-shares-count')).toContain('0 imported');
    await clone.importWithPassword(domain.password);
    await clone.testId('dkek-restore-turn-cleared').waitFor({ state: 'visible' });
    await clone.nextHolder(byTestId('dkek-restore-turn-handover'));
    expect(await clone.text('dkek-restore-shares-count')).toContain('1 imported (1)');

    // Share 2's holders: Bob enters his, then they give up mid-turn.
    const [bob, dan] = domain.passwordShares;
    expect(await clone.text('dkek-restore-turn-handover')).toContain('2 of Bob, Carol, Dan');
    await clone.takeTurn();
    await clone.addPasswordShare(bob!);
    expect(await clone.text('dkek-restore-password-shares-in')).toContain(
      '1 of the 2 needed (Bob)',
    );
    await clone.intentShowing(
      () => clone.testId('dkek-restore-turn-leave').click(),
      byTestId('dkek-restore-turn-handover'),
    );
    expect(await clone.text('dkek-restore-turn-cleared-why')).toContain(
      'Nothing typed was kept and nothing was imported; the turn can be taken again.',
    );
    expect(await clone.text('dkek-restore-shares-count')).toContain('1 imported (1)');

    // The turn taken again: a mistyped check word is named, then both shares open the file.
    await clone.takeTurn();
    expect(await clone.text('dkek-restore-password-shares-in')).toContain('0 of the 2 needed');
    custos.expectRefusal(/does not match its check word/);
    await clone.addPasswordShare({ ...bob!, checkWord: 'WRONG1' });
    expect(await clone.refusal()).toContain('Password share 1 does not match its check word');
    await clone.addPasswordShare(bob!);
    await clone.addPasswordShare(dan!);
    await clone.importWithPasswordShares();
    await clone.nextHolder(clone.stepSelector('unwrap'));
    expect(await clone.text('dkek-restore-kcv-matched')).toMatch(/check value [0-9A-F]{16}/);

    await clone.intentShowing(() => clone.forward('unwrap'), byTestId('dkek-restore-summary'));
    for (const file of ['key-001-issuing-ca-2026.wrapped', 'key-002-code-signing.wrapped'])
      expect(await clone.testId(`dkek-restore-file-${file}`).getAttribute('data-outcome')).toBe(
        'unwrapped',
      );
    expect(await clone.text('dkek-restore-summary')).toBe('2 keys unwrapped.');
    await custos.accessibilityChecked('dkek-restore/unwrap');
    await clone.done();
    expect(custos.problems).toEqual([]);
  });

  it('leaves no password or password share where the host or the browser wrote', async () => {
    const needles = [
      ...textNeedles("Alice's password", domain.password),
      ...domain.passwordShares.flatMap((share, index) => [
        ...textNeedles(`password share ${index + 1}`, share.value),
        ...textNeedles(`password share ${index + 1} (bare)`, share.value.replace(/[\s:]/g, '')),
      ]),
    ];
    const { hits, profileSearched } = searchAfterCeremony(custos, [domain.folder], needles);
    expect(profileSearched).toBe(true);
    expect(hits).toEqual([]);
  });
});
