// The DKEK clone's verification on simulated SmartCard-HSMs: a faithful clone verified (KCV,
// references, types, labels, public keys, and each signing key proven with the primary's recorded
// public key), its printable report and record entry; a clone with a different key at a recorded
// reference, or with a key of its own, differs; the primary refused; a blocked PIN said.

import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { combineShares, dkekCheckValue } from '../../hsm/smartcard-hsm/protocol/dkek-keys';
import { createLogger } from '../../log/logger';
import type { ReportToShow } from '../../print/report-viewer';
import type { Refusal } from '../../refusal/refusal';
import { DkekBackupEngine } from './backup-engine';
import { verificationsOf } from './backup-record';
import { DkekCeremonyFolder } from './record';
import {
  PIN,
  SO_PIN,
  TestCards,
  makeCeremonyFolder,
  makePrimary,
  onCard,
  randomShares,
} from './testing/cards';
import {
  AIR_GAP_WARNINGS,
  airGapSurveys,
  expectBothSurveys,
  expectSurveysBefore,
  transcriptEvents,
} from '../common/testing/air-gap-surveys';
import { DkekVerifyEngine } from './verify-engine';

let dir: string;
let folder: string;
let primary: string;
let clone: string;
const shares = randomShares(2);
const kcv = dkekCheckValue(combineShares(shares));
const logger = createLogger({ sinks: [] });

/** The secondary as a restore leaves it: same shares, the back-up's files unwrapped. */
async function cloneFrom(statePath: string, files: string[]): Promise<void> {
  await onCard(statePath, async (client) => {
    await client.initialize({ userPin: PIN, soPin: SO_PIN, dkekShares: shares.length });
    for (const share of shares) await client.importDkekShare(share);
    await client.verifyPin(PIN);
    for (const [index, file] of files.entries())
      await client.importKey(index + 1, new Uint8Array(await readFile(join(folder, file))));
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-dkek-verify-'));
  folder = join(dir, 'ceremony');
  primary = join(dir, 'a.json');
  clone = join(dir, 'b.json');
  await makePrimary(primary, shares);
  await makeCeremonyFolder({ folder, primaryState: primary, shares });
  const backup = new DkekBackupEngine({ cards: new TestCards(), logger });
  await backup.start();
  await backup.chooseFolder(folder);
  await backup.chooseDevice(primary, PIN);
  await backup.run();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function verifyOn(statePath: string, pin = PIN, airGap = airGapSurveys().source) {
  const engine = new DkekVerifyEngine({ cards: new TestCards(), logger, airGap });
  expect((await engine.start()).airGapWarnings).toEqual(AIR_GAP_WARNINGS);
  await engine.chooseFolder(folder);
  return engine.verify(statePath, pin);
}

const FILES = ['key-001-issuing-ca-2026.wrapped', 'key-002-code-signing.wrapped'];

describe('DKEK clone verification', () => {
  it('a faithful clone is verified: every check matches and both signing keys are proven; the report and the record say so', async () => {
    await cloneFrom(clone, FILES);
    const surveys = airGapSurveys();
    const result = await verifyOn(clone, PIN, surveys.source);
    expect(result.steps.current).toBe('result');
    expect(result.result?.verdict).toBe('verified');
    expect(result.result?.kcv).toEqual({ expected: kcv, found: kcv, ok: true });
    expect(result.result?.keys.map((k) => [k.keyReference, k.proof])).toEqual([
      [1, 'proven'],
      [2, 'proven'],
    ]);
    expect(result.result?.keys[0]!.checks.map((c) => [c.what, c.ok])).toEqual([
      ['present', true],
      ['type', true],
      ['label', true],
      ['public key', true],
      ['signature', true],
    ]);
    const html = await readFile(join(folder, result.result!.report), 'utf8');
    expect(html).toContain(
      'VERIFIED: the clone holds the recorded DKEK and every recorded key; 2 signing keys proven.',
    );
    expect(html).toContain(kcv);
    expect(html).not.toContain(PIN);
    const opened = await DkekCeremonyFolder.open(folder);
    expect(verificationsOf(opened.record).map((v) => v.verdict)).toEqual(['verified']);
    // Both air-gap surveys, before the verification is recorded (the report's head covers them).
    const lines = await transcriptEvents(folder);
    expectBothSurveys(lines, surveys.taken);
    expectSurveysBefore(lines, 'dkek-clone-verified');
  });

  it('opens the report it wrote for the verification on screen only, and not once the file has changed', async () => {
    await cloneFrom(clone, FILES);
    const shown: ReportToShow[] = [];
    const engine = new DkekVerifyEngine({
      cards: new TestCards(),
      logger,
      reportViewer: { open: async (report) => (shown.push(report), { kind: 'viewer' }) },
    });
    const started = await engine.start();
    const early = await engine.openReport(started.ceremonyId).catch((e: unknown) => e);
    expect((early as Error).message).toMatch(/^No verification has finished here/);
    await engine.chooseFolder(folder);
    const result = await engine.verify(clone, PIN);
    const stale = await engine.openReport('another-verification').catch((e: unknown) => e);
    expect((stale as Error).message).toMatch(/belongs to an earlier verification/);
    const { opened } = await engine.openReport(result.ceremonyId);
    expect(opened).toEqual({ kind: 'viewer' });
    const path = join(folder, result.result!.report);
    expect(shown).toEqual([{ path, html: await readFile(path, 'utf8') }]);
    await appendFile(path, '<p>edited</p>');
    const changed = await engine.openReport(result.ceremonyId).catch((e: unknown) => e);
    expect((changed as Error).message).toContain('has been changed since Custos wrote it');
    expect(shown).toHaveLength(1);
  });

  it('a clone whose key 2 is another key, and which holds a key of its own, differs; the rows say where', async () => {
    await cloneFrom(clone, [FILES[0]!]);
    await onCard(clone, async (client) => {
      await client.verifyPin(PIN);
      await client.generateKeyPair(2, { algorithm: 'ec-p256', label: 'code signing' });
      await client.generateKeyPair(7, { algorithm: 'ec-p256', label: 'stray' });
    });
    const result = await verifyOn(clone);
    expect(result.result?.verdict).toBe('differs');
    const two = result.result!.keys.find((k) => k.keyReference === 2)!;
    expect(two.checks.filter((c) => !c.ok).map((c) => c.what)).toEqual([
      'type',
      'public key',
      'signature',
    ]);
    expect(two.proof).toBe('failed');
    expect(result.result?.extra).toEqual([7]);
    const html = await readFile(join(folder, result.result!.report), 'utf8');
    expect(html).toContain('DIFFERS');
    expect(html).toContain('EXTRA on the clone (not in the record): key reference 7');
  });

  it('refuses the primary, and a blocked PIN is said with what to do; nothing is recorded', async () => {
    const refused = await verifyOn(primary).catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/^This card is the primary/);
    await cloneFrom(clone, FILES);
    for (const left of [2, 1]) {
      const wrong = await verifyOn(clone, '000000').catch((e: unknown) => e);
      expect((wrong as Error).message).toContain(
        `${left} ${left === 1 ? 'try is' : 'tries are'} left`,
      );
    }
    const last = await verifyOn(clone, '000000').catch((e: unknown) => e);
    expect((last as Refusal).code).toBe('wrong-password');
    expect((last as Error).message).toContain('is blocked after too many wrong tries');
    const blocked = await verifyOn(clone, PIN).catch((e: unknown) => e);
    expect((blocked as Error).message).toContain(
      'The user PIN of the clone is blocked after too many wrong tries',
    );
    expect((blocked as Error).message).toContain('sc-hsm-tool --unlock-pin');
    expect(verificationsOf((await DkekCeremonyFolder.open(folder)).record)).toEqual([]);
  });
});
