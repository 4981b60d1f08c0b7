// The DKEK back-up and verification through the real UI in the system Chromium, on the browser
// host's simulated SmartCard-HSM pair: the primary as a rehearsal `dkek init` leaves it and its
// ceremony folder (prepared headless before the host starts, support/dkek-clone-ceremonies.ts;
// the UI initialisation is dkek-init.spec.ts), and the secondary as a finished clone of it. The
// back-up is started beside the SmartCard-HSM list; a wrong user PIN is said with the tries left
// and the same form takes the right one; both rehearsal keys are wrapped into their files, each
// with its blob KCV, and the record lists them. The verification refuses the primary itself
// (main's sentence; the form goes on), verifies the clone (same KCV, same keys, both signing keys
// proven) and opens the printable report. Then no PIN, share or password anywhere the host or the
// browser wrote. Key derivations run at 1 round (CUSTOS_TEST_DKEK_ITERATIONS, NODE_ENV=test only).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCustos, type CustosSession } from '../support/custos';
import {
  DkekBackupPage,
  DkekVerifyPage,
  prepareDkekClone,
  prepareDkekPrimary,
  SIM_PRIMARY,
  SIM_SECONDARY,
  type PreparedDkekPrimary,
} from '../support/dkek-clone-ceremonies';
import { bytesNeedles, searchAfterCeremony, textNeedles } from '../support/secrets-search';

const WRONG_PIN = '917305';
const FILES = ['key-001-issuing-ca-2026.wrapped', 'key-002-code-signing.wrapped'];

describe('browser host: back up the simulated SmartCard-HSM under its DKEK and verify a clone', () => {
  let custos: CustosSession;
  let parent: string;
  let folder: string;
  let prepared: PreparedDkekPrimary;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'custos-dkek-bv-e2e-'));
    folder = join(parent, 'ceremony');
    const userDataDir = join(parent, 'user-data');
    prepared = await prepareDkekPrimary({
      userDataDir,
      folder,
      sharesDir: join(parent, 'shares'),
    });
    await prepareDkekClone({ userDataDir, folder, scratch: join(parent, 'scratch'), prepared });
    custos = await openCustos({ userDataDir, env: { CUSTOS_TEST_DKEK_ITERATIONS: '1' } });
  });
  afterAll(async () => {
    await custos?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('wraps both rehearsal keys after a wrong PIN, each into its file with its blob KCV, and records them', async () => {
    const backup = new DkekBackupPage(custos.page);
    await backup.startFromHome();
    await backup.chooseFolder(folder);
    expect(await backup.text('dkek-backup-kcv')).toBe(prepared.kcv);

    custos.expectRefusal(/The user PIN given for the primary is wrong/);
    const wrong = await backup.chooseDeviceRefused(SIM_PRIMARY, WRONG_PIN);
    expect(wrong).toContain('The user PIN given for the primary is wrong: 2 tries are left');
    // The PIN left the page once; the form is there to try again.
    expect(await backup.pinFieldValue()).toBe('');
    await backup.chooseDevice(SIM_PRIMARY, prepared.pin);

    const review = await backup.keys();
    expect(review.map((row) => [row.keyReference, row.status, row.file])).toEqual([
      [1, 'to-wrap', FILES[0]],
      [2, 'to-wrap', FILES[1]],
    ]);
    expect(review[0]!.text).toContain('Issuing CA 2026');
    expect(review[1]!.text).toContain('code signing');
    await custos.accessibilityChecked('dkek-backup/review');

    await backup.wrap();
    const wrapped = await backup.keys();
    expect(wrapped.map((row) => row.status)).toEqual(['written', 'written']);
    for (const row of wrapped) expect(row.blobKcv).toMatch(/^[0-9A-F]{16}$/);
    expect(await backup.text('dkek-backup-summary')).toContain(
      '2 keys wrapped into the ceremony folder',
    );
    for (const file of FILES) expect(existsSync(join(folder, file))).toBe(true);
    const record = JSON.parse(readFileSync(join(folder, 'ceremony.json'), 'utf8')) as {
      backups: { kcv: string; keys: { file: string; blobKcv: string }[] }[];
    };
    expect(record.backups).toHaveLength(1);
    expect(record.backups[0]!.kcv).toBe(prepared.kcv);
    expect(record.backups[0]!.keys.map((key) => [key.file, key.blobKcv])).toEqual(
      wrapped.map((row) => [row.file, row.blobKcv]),
    );
    await backup.done();
    expect(custos.problems).toEqual([]);
  });

  it('refuses the primary itself, verifies the clone (same KCV, same keys, both proven) and opens the report', async () => {
    const verify = new DkekVerifyPage(custos.page);
    await verify.startFromHome();
    await verify.chooseFolder(folder);

    custos.expectRefusal(/This card is the primary/);
    const primary = await verify.verifyRefused(SIM_PRIMARY, prepared.pin);
    expect(primary).toContain('This card is the primary');
    expect(primary).toContain('Insert the secondary');
    expect(await verify.pinFieldValue()).toBe('');

    await verify.verify(SIM_SECONDARY, prepared.pin);
    const result = await verify.result();
    expect(result.verdict).toBe('verified');
    expect(result.kcvOk).toBe(true);
    expect(result.kcvText).toBe(`✓ expected ${prepared.kcv}, found ${prepared.kcv}`);
    expect(result.keys).toEqual([
      { keyReference: 1, proof: 'proven', ok: true },
      { keyReference: 2, proof: 'proven', ok: true },
    ]);
    expect(existsSync(join(folder, result.report))).toBe(true);
    await custos.accessibilityChecked('dkek-verify/result');

    const report = await verify.openReport();
    const printed = (await report.textContent('body')) ?? '';
    expect(printed).toContain('VERIFIED');
    expect(printed).toContain(prepared.kcv);
    await report.close();
    await verify.done();
    expect(custos.problems).toEqual([]);
  });

  it('leaves no PIN, DKEK share or share password where the host or the browser wrote', () => {
    const needles = [
      ...textNeedles('the user PIN', prepared.pin),
      ...textNeedles('the wrong user PIN', WRONG_PIN),
      ...textNeedles('the SO-PIN', prepared.soPin),
      ...textNeedles("share 1's password", 'rehearsal-password-1'),
      ...prepared.shares.flatMap((share, index) => bytesNeedles(`DKEK share ${index + 1}`, share)),
    ];
    const { hits, profileSearched } = searchAfterCeremony(custos, [folder], needles);
    expect(profileSearched).toBe(true);
    expect(hits).toEqual([]);
  });
});
