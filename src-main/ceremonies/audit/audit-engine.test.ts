// The share audit as the screens drive it: custodians' turns with checked lines, a wrong share
// named by custodian and entered again, the verdict against the recorded check value, the audit
// entry, transcript event and report in the folder — and no share anywhere in it.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditSnapshot } from '../../../shared/ceremony/audit-snapshot';
import { toCheckedLines } from '../../../shared/shares/checked-lines';
import { createLogger } from '../../log/logger';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { secretSpellings } from '../init/testing/secret-spellings';
import {
  AIR_GAP_WARNINGS,
  airGapSurveys,
  expectBothSurveys,
  expectSurveysBefore,
  transcriptEvents,
} from '../common/testing/air-gap-surveys';
import { AuditEngine } from './audit-engine';
import { makeShareCeremony, type TestCeremony } from './testing/share-ceremony';

let parent: string;
let ceremony: TestCeremony;
let events: (AuditSnapshot | null)[];

function engine(airGap = airGapSurveys().source): AuditEngine {
  const audit = new AuditEngine({
    logger: createLogger({ sinks: [] }),
    toolVersion: 'test',
    airGap,
  });
  audit.onSnapshot((snapshot) => events.push(snapshot));
  return audit;
}

function typed(share: string): string[] {
  return toCheckedLines(share).map((line) => `${line.groups.join(' ')} ${line.check}`);
}

function sharesView(snapshot: AuditSnapshot) {
  if (snapshot.view.step !== 'shares') throw new Error(`at ${snapshot.view.step}`);
  return snapshot.view;
}

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'custos-audit-'));
  ceremony = await makeShareCeremony(parent);
  events = [];
});

afterEach(async () => rm(parent, { recursive: true, force: true }));

describe('the share audit engine', () => {
  it('names a wrong share by custodian, takes the right one, proves the set and records the audit', async () => {
    const surveys = airGapSurveys();
    const audit = engine(surveys.source);
    expect((await audit.start()).airGapWarnings).toEqual(AIR_GAP_WARNINGS);
    const chosen = await audit.chooseFolder(ceremony.path);
    expect(chosen.ceremony).toMatchObject({ kcv: ceremony.kcv, threshold: 2, shareCount: 3 });
    expect(sharesView(chosen).custodians.map((c) => c.name)).toEqual(ceremony.custodians);

    await audit.beginTurn(1);
    const first = await audit.submitShare({ lines: typed(ceremony.shares[0]!) });
    expect(sharesView(first).phase).toBe('cleared');
    await audit.nextCustodian();

    // Grace types Katherine's share body under her own number: the commitment names her.
    await audit.beginTurn(2);
    const other = ceremony.shares[2]!.replace(/^2-3-/, '2-2-');
    const wrong = await audit.submitShare({ text: other });
    const refused = sharesView(wrong);
    expect(refused.phase).toBe('entry');
    expect(refused.refusal?.message).toContain('Share 2 (Grace Hopper) is wrong');
    expect(await audit.back().catch((e: Error) => e.message)).toContain('already entered shares');

    const right = await audit.submitShare({ lines: typed(ceremony.shares[1]!) });
    expect(sharesView(right).phase).toBe('cleared');
    const result = await audit.nextCustodian();
    expect(result.view).toMatchObject({
      step: 'result',
      outcome: 'proven',
      shareSet: 'current',
      kcv: ceremony.kcv,
      matchesRecord: true,
      proven: [
        { shareNumber: 1, custodian: 'Ada Lovelace' },
        { shareNumber: 2, custodian: 'Grace Hopper' },
      ],
    });
    const report = result.view.step === 'result' ? result.view.report : '';
    const html = await readFile(join(ceremony.path, report), 'utf8');
    expect(html).toContain('Ada Lovelace');
    expect(html).toContain(ceremony.kcv);

    const folder = await CeremonyFolder.open(ceremony.path);
    expect(folder.record.shareAudits).toEqual([
      expect.objectContaining({ outcome: 'proven', report, kcv: ceremony.kcv }),
    ]);
    const transcript = await readFile(join(ceremony.path, 'transcript.jsonl'), 'utf8');
    expect(transcript).toContain('"event":"share-audit"');
    expect(folder.record.transcriptHead).toBe(folder.transcript.head);
    // Both air-gap surveys, before the audit's own event (its report's head covers them).
    const lines = await transcriptEvents(ceremony.path);
    expectBothSurveys(lines, surveys.taken);
    expectSurveysBefore(lines, 'share-audit');

    // Nothing secret in the folder, the snapshots or the events.
    const spellings = secretSpellings({
      shares: ceremony.shares,
      passwords: [],
      wrapKey: ceremony.key,
    });
    const texts = [
      ...(await Promise.all(
        (await readdir(ceremony.path)).map((name) => readFile(join(ceremony.path, name), 'utf8')),
      )),
      JSON.stringify(events),
      JSON.stringify(result),
    ];
    for (const text of texts)
      for (const spelling of spellings)
        expect(text.includes(spelling.text), spelling.what).toBe(false);
    await audit.close();
  });

  it('clears an abandoned entry and says why; a cancelled audit records nothing', async () => {
    const surveys = airGapSurveys();
    const audit = engine(surveys.source);
    await audit.start();
    await audit.chooseFolder(ceremony.path);
    await audit.beginTurn(3);
    const left = sharesView(await audit.abandonTurn('blur'));
    expect(left.phase).toBe('handover');
    expect(left.cleared?.message).toContain('lost the focus');
    expect(await audit.beginTurn(7).catch((e: Error) => e.message)).toContain(
      'Say which custodian',
    );
    const stopped = await audit.cancel();
    expect(stopped.stopped?.reason).toContain('nothing was recorded');
    expect((await CeremonyFolder.open(ceremony.path)).record.shareAudits).toBeUndefined();
    // The end's survey was still taken (and logged); the folder's transcript has neither.
    expect(surveys.taken).toHaveLength(2);
    const events = (await transcriptEvents(ceremony.path)).map((line) => line.event);
    expect(events.filter((event) => event.startsWith('air-gap'))).toEqual([]);
  });

  it('refuses a folder without a ceremony record, and the screen can go on', async () => {
    const audit = engine();
    await audit.start();
    const message = await audit.chooseFolder(parent).catch((e: Error) => e.message);
    expect(message).toContain('holds no Custos ceremony record');
    expect((await audit.chooseFolder(ceremony.path)).view.step).toBe('shares');
  });
});
