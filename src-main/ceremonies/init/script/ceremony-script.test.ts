// The ceremony script from a real plan file and from a real ceremony: a 2-of-3 rehearsal run by
// the init engine (runHeadlessInit, the engine the screens drive) on a simulated primary. The
// script must carry the values the record holds, the times the transcript holds, and no secret.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../log/logger';
import { CeremonyFolder } from '../../../records/ceremony-folder';
import { TempFolders } from '../../../testing/temp-folders';
import { runHeadlessInit } from '../headless';
import { BLANK, CeremonyScriptError, scriptTime } from './ceremony-script';
import { scriptFromFolder, scriptFromPlanFile, writeCeremonyScript } from './script-file';
import { renderCeremonyScript } from './script-html';

const APP_PASSWORD = 'script test application pass';
const AUDIT_PASSWORD = 'script test audit pass';
const CUSTODIANS = ['Ada Lovelace', 'Grace Hopper', 'Katherine <Johnson>'];
const made = { madeAt: new Date('2026-12-06T09:00:00Z'), toolVersion: '0.1.0' };

const temp = new TempFolders('custos-script-');
const kept = new TempFolders('custos-script-day-');
afterEach(() => temp.removeAll());

let day: { folder: string; planPath: string; ceremony: string; shares: string[] };

/** A plan file with password files next to it, as a person writes one. */
function writePlan(folder: string, plan: Record<string, unknown>): string {
  writeFileSync(join(folder, 'app.pw'), `${APP_PASSWORD}\n`);
  writeFileSync(join(folder, 'audit.pw'), `${AUDIT_PASSWORD}\n`);
  const path = join(folder, 'plan.json');
  writeFileSync(path, JSON.stringify(plan, null, 2));
  return path;
}

const PLAN = {
  ceremony: 'Script rehearsal',
  custodians: CUSTODIANS,
  threshold: 2,
  domains: [1, 5],
  wrapKey: { id: 0 },
  applicationKey: { id: 0, passwordFile: 'app.pw' },
  auditKey: { id: 0, passwordFile: 'audit.pw' },
  verificationRound: true,
};

beforeAll(async () => {
  const folder = kept.make();
  const planPath = writePlan(folder, PLAN);
  const ceremony = join(folder, 'ceremony');
  await runHeadlessInit({
    planPath,
    device: { kind: 'sim', statePath: join(folder, 'primary.json') },
    out: ceremony,
    sharesDirectory: join(folder, 'shares'),
    print: () => undefined,
    logger: createLogger({ sinks: [] }),
    toolVersion: '0.1.0',
    cwd: folder,
  });
  const shares = readdirSync(join(folder, 'shares')).map((name) =>
    readFileSync(join(folder, 'shares', name), 'utf8').trim(),
  );
  day = { folder, planPath, ceremony, shares };
  return () => kept.removeAll();
});

describe('the ceremony script before the day, from a plan file', () => {
  it('lists the roles and every step in order, with blanks for what is not known yet', async () => {
    const script = await scriptFromPlanFile(day.planPath, made);
    expect(script.source).toBe('plan');
    expect(script.custodians).toEqual([
      { shareNumber: 1, name: 'Ada Lovelace' },
      { shareNumber: 2, name: 'Grace Hopper' },
      { shareNumber: 3, name: 'Katherine <Johnson>' },
    ]);
    expect(script.steps.map((step) => step.phase)).toEqual([
      'Preflight',
      'Preflight',
      'Plan',
      'Review',
      'Review',
      'Shares',
      'Shares',
      'Share 1',
      'Share 2',
      'Share 3',
      'Verification round',
      ...Array<string>(9).fill('Device steps'),
      'Record',
      'Record',
      'Close',
    ]);
    expect(script.steps[8]).toMatchObject({
      who: 'Custodian 2: Grace Hopper',
      says: '"I am Grace Hopper. I hold share 2 of 3; it is recorded and sealed."',
    });
    expect(script.steps[10]!.expected).toBe('3 sets of 2, each giving the check value');
    const value = (label: string) => script.values.find((entry) => entry.label === label)?.value;
    expect(value('Threshold')).toBe('2 of 3');
    expect(value('Domains')).toBe('1, 5');
    expect(value('Primary serial')).toBe(`${BLANK} (read from the device label)`);
    expect(value('Wrap key check value')).toBe(`${BLANK} (shown when the shares are made)`);
    expect(value('Wrap key id')).toContain('Custos picks a free id');
    expect(script.steps.every((step) => step.happened === undefined)).toBe(true);
  });

  it('renders a printable page: tick box and initials per step, signature lines, names escaped', async () => {
    const html = renderCeremonyScript(await scriptFromPlanFile(day.planPath, made));
    expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'");
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<tr data-step="/g)).toHaveLength(23);
    expect(html.match(/<td class="tick">☐<\/td><td class="initials"><\/td><\/tr>/g)).toHaveLength(
      23,
    );
    expect(html).toContain('Katherine &lt;Johnson&gt;');
    expect(html).not.toContain('Katherine <Johnson>');
    expect(html).toContain('<div class="label">Witness: I saw every step above</div>');
    expect(html).not.toContain('What happened');
  });

  it('refuses a plan the plan screen would refuse, saying which field', async () => {
    const folder = temp.make();
    const path = writePlan(folder, { ...PLAN, threshold: 4 });
    await expect(scriptFromPlanFile(path, made)).rejects.toThrow(
      /cannot be carried out: threshold: the threshold 4 is above the 3 custodians/,
    );
    const incomplete = writePlan(folder, { ...PLAN, custodians: ['Ada', ''] });
    await expect(scriptFromPlanFile(incomplete, made)).rejects.toThrow(
      /is not complete: custodians\.1: every custodian needs a name/,
    );
  });
});

describe('the ceremony script after the day, from the record', () => {
  it("fills every step from the record and transcript: serial, check value, ids, times, the transcript's hash", async () => {
    const { record, transcript } = await CeremonyFolder.open(day.ceremony);
    const script = await scriptFromFolder(day.ceremony, made);
    const kcv = record.wrapKey!.kcv;
    expect(script.outcome).toMatchObject({
      ceremonyId: record.id,
      status: 'completed',
      transcriptHead: record.transcriptHead,
      transcriptLines: transcript.length,
    });
    const value = (label: string) => script.values.find((entry) => entry.label === label)?.value;
    expect(value('Primary serial')).toBe(String(record.primary.serial));
    expect(value('Wrap key check value')).toBe(kcv);
    expect(value('Transcript hash')).toBe(record.transcriptHead);
    expect(value('Wrap key id')).toBe('0x0002');
    const lines = readFileSync(join(day.ceremony, 'transcript.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { at: string; event: string; data: { task?: string } });
    const made_ = lines.find((line) => line.event === 'shares-made')!;
    expect(script.steps[5]!.happened).toBe(
      `Shares made; check value ${kcv} (${scriptTime(made_.at)})`,
    );
    expect(script.steps[9]!.happened).toMatch(/^Shown \(.*\); confirmed by spot-check \(/);
    expect(script.steps[10]!.happened).toMatch(new RegExp(`^3 sets checked; all gave ${kcv} \\(`));
    const deleted = lines.find((line) => line.data.task === 'delete-factory-key')!;
    expect(script.steps.find((step) => step.does.startsWith('Delete the factory'))!.happened).toBe(
      `Done (${scriptTime(deleted.at)})`,
    );
    // Every device step happened; no step says it was missing.
    expect(script.steps.some((step) => step.happened?.startsWith('Not in the transcript'))).toBe(
      false,
    );
  });

  it('holds no share and no password, and is written once: never over an existing file', async () => {
    const html = renderCeremonyScript(await scriptFromFolder(day.ceremony, made));
    for (const secret of [...day.shares, APP_PASSWORD, AUDIT_PASSWORD])
      expect(html).not.toContain(secret);
    expect(html).toContain('What happened');
    const out = join(temp.make(), 'script.html');
    await writeCeremonyScript(out, html);
    expect(readFileSync(out, 'utf8')).toBe(html);
    await expect(writeCeremonyScript(out, '<p>other</p>')).rejects.toThrow(
      /already exists and Custos never overwrites a file/,
    );
    expect(readFileSync(out, 'utf8')).toBe(html);
    await expect(writeCeremonyScript(join(out, '..', 'missing', 'x.html'), html)).rejects.toThrow(
      CeremonyScriptError,
    );
  });

  it('refuses a folder without a ceremony with the folder’s own sentence', async () => {
    await expect(scriptFromFolder(temp.make(), made)).rejects.toThrow(
      /holds no Custos ceremony record \(ceremony\.json is missing\)/,
    );
  });
});
