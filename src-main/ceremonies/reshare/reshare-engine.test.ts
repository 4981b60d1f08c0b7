// The reshare as the screens drive it: the current custodians' shares, the key rebuilt and
// checked, new shares shown one custodian at a time with the spot check, the verification round,
// the record's new set and superseded old set — proved independently with the npm
// shamir-secret-sharing package — and a reshare cancelled after new shares were shown.

import { createCipheriv } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { combine } from 'shamir-secret-sharing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReshareSnapshot } from '../../../shared/ceremony/audit-snapshot';
import { createLogger } from '../../log/logger';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { parseShare } from '../../secrets';
import { makeShareCeremony, type TestCeremony } from '../audit/testing/share-ceremony';
import { combinations } from '../init/verification-round';
import { answersFor } from '../init/share-answers';
import { ManualTimers } from '../init/testing/manual-timers';
import { recordShareExpectations } from '../common/record-facts';
import { ShareCollector } from '../common/share-collection';
import {
  AIR_GAP_WARNINGS,
  airGapSurveys,
  expectBothSurveys,
  expectSurveysBefore,
  transcriptEvents,
} from '../common/testing/air-gap-surveys';
import { ReshareEngine } from './reshare-engine';

const NEW = ['Alan Turing', 'Barbara Liskov', 'Claude Shannon', 'Donald Knuth', 'Edsger Dijkstra'];

let parent: string;
let ceremony: TestCeremony;
let events: (ReshareSnapshot | null)[];

function engine(airGap = airGapSurveys().source): ReshareEngine {
  const reshare = new ReshareEngine({
    logger: createLogger({ sinks: [] }),
    timers: new ManualTimers(),
    airGap,
  });
  reshare.onSnapshot((snapshot) => events.push(snapshot));
  return reshare;
}

async function rebuild(reshare: ReshareEngine, plan: object, shareIndexes: number[]) {
  await reshare.start();
  await reshare.chooseFolder(ceremony.path);
  const planned = await reshare.setPlan(plan);
  expect(planned.view).toMatchObject({ step: 'plan', errors: [] });
  await reshare.toOldShares();
  let snapshot: ReshareSnapshot | undefined;
  for (const index of shareIndexes) {
    await reshare.beginTurn(index + 1);
    await reshare.submitShare({ text: ceremony.shares[index]! });
    snapshot = await reshare.nextCustodian();
  }
  expect(snapshot!.view).toMatchObject({ step: 'old-shares', recombined: { kcv: ceremony.kcv } });
  return reshare.splitAgain();
}

/** One new custodian's whole turn; returns their share as shown. */
async function newTurn(reshare: ReshareEngine): Promise<string> {
  const reveal = await reshare.revealShare();
  if (reveal.view.step !== 'new-shares' || !reveal.view.turns.share)
    throw new Error('no share shown');
  const turn = reveal.view.turns;
  const recorded = await reshare.shareRecorded();
  if (recorded.view.step !== 'new-shares') throw new Error('not at the new shares');
  if (recorded.view.turns.phase === 'confirm') {
    const confirmed = await reshare.confirmShare(answersFor(turn, recorded.view.turns));
    expect(confirmed.problem).toBeUndefined();
  }
  return turn.share!.canonical;
}

/** AES-256-ECB of 16 zero bytes, first 3 bytes: the KCV, computed here with node:crypto. */
function kcvOf(key: Uint8Array): string {
  const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  return cipher.update(Buffer.alloc(16)).subarray(0, 3).toString('hex').toUpperCase();
}

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'custos-reshare-'));
  ceremony = await makeShareCeremony(parent);
  events = [];
});

afterEach(async () => rm(parent, { recursive: true, force: true }));

describe('the reshare engine', () => {
  it('splits the same key 3-of-5 for new custodians; any 3 new shares rebuild it (checked with shamir-secret-sharing)', async () => {
    const surveys = airGapSurveys();
    const reshare = engine(surveys.source);
    await rebuild(
      reshare,
      { custodians: NEW, threshold: 3, shareFormat: 'yubihsm-manager', verificationRound: true },
      [0, 2],
    );
    const shares: string[] = [];
    for (let i = 0; i < NEW.length; i++) {
      shares.push(await newTurn(reshare));
      await reshare.nextNewCustodian();
    }
    let snapshot: ReshareSnapshot | undefined;
    for (const share of shares) {
      await reshare.revealShare();
      const entered = await reshare.enterVerificationShare(share);
      expect(entered.problem).toBeUndefined();
      snapshot = await reshare.nextVerification();
    }
    expect(snapshot!.view).toMatchObject({ step: 'finished', kcv: ceremony.kcv, threshold: 3 });
    expect(snapshot!.oldSharesStillWork).toContain('old shares still rebuild the wrap key');

    // Independent proof: every 3-subset, recombined by the npm package, gives the recorded key.
    const points = shares.map((text) => {
      const parsed = parseShare(text);
      if (!parsed.ok) throw new Error(parsed.problem.message);
      return Uint8Array.from([...parsed.share.payload, parsed.share.number]);
    });
    let subsets = 0;
    for (const subset of combinations(points, 3)) {
      const secret = await combine(subset);
      expect(kcvOf(secret.subarray(20))).toBe(ceremony.kcv);
      subsets += 1;
    }
    expect(subsets).toBe(10);
    // Two shares are not enough.
    expect(kcvOf((await combine(points.slice(0, 2))).subarray(20))).not.toBe(ceremony.kcv);

    const folder = await CeremonyFolder.open(ceremony.path);
    const record = folder.record;
    expect(record.custodians.map((c) => c.name)).toEqual(NEW);
    expect(record.wrapKey).toMatchObject({
      threshold: 3,
      shareCount: 5,
      shareFormat: 'yubihsm-manager',
      kcv: ceremony.kcv,
    });
    expect(record.supersededShareSets).toEqual([
      expect.objectContaining({
        threshold: 2,
        shareCount: 3,
        note: expect.stringContaining('still rebuild'),
      }),
    ]);
    expect(record.reshares).toEqual([
      expect.objectContaining({
        status: 'completed',
        fromShareNumbers: [1, 3],
        sharesShown: [1, 2, 3, 4, 5],
      }),
    ]);
    const transcript = await readFile(join(ceremony.path, 'transcript.jsonl'), 'utf8');
    for (const event of [
      'reshare-started',
      'share-set-superseded',
      'reshare-completed',
      'verification-result',
    ])
      expect(transcript).toContain(`"event":"${event}"`);
    // Both air-gap surveys, before the reshare's recorded end.
    expect(snapshot!.airGapWarnings).toEqual(AIR_GAP_WARNINGS);
    const lines = await transcriptEvents(ceremony.path);
    expectBothSurveys(lines, surveys.taken);
    expectSurveysBefore(lines, 'reshare-completed');

    // The new set is the current one; the old set still rebuilds the key, with its warning.
    const current = new ShareCollector(recordShareExpectations(record));
    for (const share of shares.slice(2)) expect(current.offer(share).ok).toBe(true);
    const rebuilt = await current.recombine();
    expect(rebuilt).toMatchObject({ ok: true, kcv: ceremony.kcv });
    const old = new ShareCollector(recordShareExpectations(record));
    expect(old.offer(ceremony.shares[1]!)).toMatchObject({ ok: true });
    expect(old.offer(shares[0]!)).toMatchObject({
      ok: false,
      message: expect.stringContaining('cannot mix two splits'),
    });
    expect(old.offer(ceremony.shares[2]!).ok).toBe(true);
    const fromOld = await old.recombine();
    expect(fromOld).toMatchObject({ ok: true, kcv: ceremony.kcv, superseded: expect.anything() });
    if (fromOld.ok) expect(fromOld.warnings[0]).toContain('still rebuild the wrap key');

    // No share in the folder or in any event.
    const files =
      (await readFile(join(ceremony.path, 'ceremony.json'), 'utf8')) +
      transcript +
      JSON.stringify(events);
    for (const share of [...shares, ...ceremony.shares]) expect(files.includes(share)).toBe(false);
  });

  it('cancelled after new shares were shown: the record says the new set was never completed, the old set stays current', async () => {
    const surveys = airGapSurveys();
    const reshare = engine(surveys.source);
    await rebuild(reshare, { custodians: NEW, threshold: 3 }, [1, 2]);
    await newTurn(reshare);
    await reshare.nextNewCustodian();
    await reshare.revealShare();
    const stopped = await reshare.cancel();
    expect(stopped.stopped?.reason).toContain('old shares stay the current set');
    const record = (await CeremonyFolder.open(ceremony.path)).record;
    expect(record.custodians.map((c) => c.name)).toEqual(ceremony.custodians);
    expect(record.supersededShareSets).toBeUndefined();
    expect(record.reshares).toEqual([
      expect.objectContaining({
        status: 'never-completed',
        sharesShown: [1, 2],
        statusReason: expect.stringContaining('never completed'),
      }),
    ]);
    const current = new ShareCollector(recordShareExpectations(record));
    expect(current.offer(ceremony.shares[0]!).ok).toBe(true);
    // New shares were shown, so the stop is recorded, with both air-gap surveys before it.
    const lines = await transcriptEvents(ceremony.path);
    expectBothSurveys(lines, surveys.taken);
    expectSurveysBefore(lines, 'reshare-never-completed');
  });

  it('refuses a plan that breaks the rules and a wrong current share, naming the custodian', async () => {
    const reshare = engine();
    await reshare.start();
    await reshare.chooseFolder(ceremony.path);
    const bad = await reshare.setPlan({ custodians: ['A', 'B'], threshold: 3 });
    expect(bad.view.step === 'plan' && bad.view.errors[0]?.message).toContain(
      'above the 2 custodians',
    );
    expect(await reshare.toOldShares().catch((e: Error) => e.message)).toContain(
      'plan has problems',
    );
    await reshare.setPlan({ custodians: NEW, threshold: 3 });
    await reshare.toOldShares();
    await reshare.beginTurn(1);
    await reshare.submitShare({ text: ceremony.shares[0]! });
    await reshare.nextCustodian();
    await reshare.beginTurn(2);
    const wrong = await reshare.submitShare({ text: ceremony.shares[2]!.replace(/^2-3-/, '2-2-') });
    expect(wrong.view.step === 'old-shares' && wrong.view.refusal?.message).toContain(
      'Share 2 (Grace Hopper) is wrong',
    );
    await reshare.cancel();
    expect((await CeremonyFolder.open(ceremony.path)).record.reshares).toBeUndefined();
  });
});
