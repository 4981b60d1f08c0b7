// `custos audit` and `custos reshare` as a person runs them, each a child process (the launcher),
// on a ceremony `custos init` made: every exit status with its sentence, the reshare's new set
// restoring a secondary (and the old set too, with its warning), and afterwards no share and no
// wrap key in the ceremony folder, the user-data folder or anything printed.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INIT_REHEARSAL, filesUnder, runCustos } from '../testing/run-custos';
import { CeremonyRecordSchema } from '../../../shared/records/ceremony-record';
import { recombine } from '../../ceremonies/init/testing/secondary';
import { secretSpellings } from '../../ceremonies/init/testing/secret-spellings';
import { splitForSetup, encodeWrapSecret } from '../../secrets';

const APP_PASSWORD = 'application pass phrase for the day';
const PLAN = {
  ceremony: 'Audit and reshare rehearsal',
  custodians: ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson'],
  threshold: 2,
  domains: [1],
  wrapKey: { id: 2 },
  applicationKey: { id: 3, passwordFile: 'app.pw' },
  shareConfirmation: 'none',
};
const NEW_PLAN = {
  custodians: [
    'Alan Turing',
    'Barbara Liskov',
    'Claude Shannon',
    'Donald Knuth',
    'Edsger Dijkstra',
  ],
  threshold: 3,
  shareConfirmation: 'spot-check',
};

let folder: string;
let userData: string;
const printed: string[] = [];

const custos = (args: readonly string[]) => runCustos(args, { cwd: folder, userData, printed });

function shareFile(dir: string, n: number): string {
  return join(
    dir,
    readdirSync(join(folder, dir)).find((name) => name.startsWith(`${n}-`))!,
  );
}

function share(dir: string, n: number): string {
  return readFileSync(join(folder, shareFile(dir, n)), 'utf8').trimEnd();
}

function record() {
  return CeremonyRecordSchema.parse(
    JSON.parse(readFileSync(join(folder, 'ceremony', 'ceremony.json'), 'utf8')),
  );
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-cli-audit-'));
  userData = join(folder, 'user-data');
  writeFileSync(join(folder, 'app.pw'), `${APP_PASSWORD}\n`);
  writeFileSync(join(folder, 'plan.json'), JSON.stringify(PLAN));
  writeFileSync(join(folder, 'new-plan.json'), JSON.stringify(NEW_PLAN));
  const init = await custos(INIT_REHEARSAL);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
}, 90_000);

afterAll(async () => rm(folder, { recursive: true, force: true }));

describe('custos audit and custos reshare', () => {
  it(
    'audit: 0 when the shares are proven; 1 naming a wrong share, for too few shares, for another ceremony; 2 without shares',
    { timeout: 120_000 },
    async () => {
      const proven = await custos([
        'audit',
        '--folder',
        'ceremony/',
        '--share-file',
        shareFile('shares', 1),
        '--share-file',
        shareFile('shares', 3),
      ]);
      expect(proven.stderr).toBe('');
      expect(proven.code).toBe(0);
      expect(proven.stdout).toContain('share 1 (Ada Lovelace) is proven');
      expect(proven.stdout).toMatch(/Audit proven: .*check value [0-9A-F]{6}/);
      const report = record().shareAudits![0]!.report;
      expect(existsSync(join(folder, 'ceremony', report))).toBe(true);

      const usage = await custos(['audit', '--folder', 'ceremony/']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--share-file');

      const few = await custos([
        'audit',
        '--folder',
        'ceremony/',
        '--share-file',
        shareFile('shares', 2),
      ]);
      expect(few.code).toBe(1);
      expect(few.stderr).toContain('2 shares are needed');
      expect(few.stderr).toContain('Nothing was recorded');

      // Grace's file holds Katherine's share body under her number: named, and recorded not proven.
      writeFileSync(join(folder, '2-grace.txt'), share('shares', 3).replace(/^2-3-/, '2-2-'));
      const wrong = await custos([
        'audit',
        '--folder',
        'ceremony/',
        '--share-file',
        shareFile('shares', 1),
        '--share-file',
        '2-grace.txt',
      ]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('Share 2 (Grace Hopper) is wrong');
      expect(record().shareAudits!.at(-1)).toMatchObject({
        outcome: 'not-proven',
        wrong: [{ shareNumber: 2, custodian: 'Grace Hopper' }],
      });

      // Shares of another ceremony (another wrap key, same threshold).
      const other = splitForSetup(
        encodeWrapSecret({
          wrapKeyId: 2,
          domains: 1,
          capabilities: 0x3000n,
          delegatedCapabilities: 0n,
          key: new Uint8Array(32).fill(7),
        }),
        2,
        3,
      );
      writeFileSync(join(folder, 'other-1.txt'), other[0]!);
      writeFileSync(join(folder, 'other-2.txt'), other[1]!);
      const elsewhere = await custos([
        'audit',
        '--folder',
        'ceremony/',
        '--share-file',
        'other-1.txt',
        '--share-file',
        'other-2.txt',
      ]);
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.stderr).toContain('None of these shares belongs to this ceremony');
    },
  );

  it(
    'reshare: 1 and 2 for bad input with nothing changed; 0 for 2-of-3 -> 3-of-5; the new set restores, the old one too with a warning',
    { timeout: 240_000 },
    async () => {
      const before = record();
      writeFileSync(
        join(folder, 'bad-plan.json'),
        JSON.stringify({ custodians: ['A', 'B'], threshold: 3 }),
      );
      const badPlan = await custos([
        'reshare',
        '--folder',
        'ceremony/',
        '--share-file',
        shareFile('shares', 1),
        '--share-file',
        shareFile('shares', 2),
        '--plan',
        'bad-plan.json',
        '--rehearsal-shares-dir',
        'new-shares/',
      ]);
      expect(badPlan.code).toBe(1);
      expect(badPlan.stderr).toContain('above the 2 custodians');
      const few = await custos([
        'reshare',
        '--folder',
        'ceremony/',
        '--share-file',
        shareFile('shares', 1),
        '--plan',
        'new-plan.json',
        '--rehearsal-shares-dir',
        'new-shares/',
      ]);
      expect(few.code).toBe(1);
      expect(few.stderr).toContain('2 current shares are needed');
      const usage = await custos([
        'reshare',
        '--folder',
        'ceremony/',
        '--share-file',
        shareFile('shares', 1),
      ]);
      expect(usage.code).toBe(2);
      expect(record().custodians).toEqual(before.custodians);
      expect(existsSync(join(folder, 'new-shares'))).toBe(false);

      const done = await custos([
        'reshare',
        '--folder',
        'ceremony/',
        '--share-file',
        shareFile('shares', 1),
        '--share-file',
        shareFile('shares', 2),
        '--plan',
        'new-plan.json',
        '--rehearsal-shares-dir',
        'new-shares/',
      ]);
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      expect(done.stdout).toContain('split 3-of-5');
      expect(done.stdout).toContain('The old shares still rebuild the wrap key');
      const after = record();
      expect(after.custodians.map((c) => c.name)).toEqual(NEW_PLAN.custodians);
      expect(after.wrapKey).toMatchObject({
        threshold: 3,
        shareCount: 5,
        kcv: before.wrapKey!.kcv,
      });
      expect(after.supersededShareSets?.[0]?.custodians.map((c) => c.name)).toEqual(
        PLAN.custodians,
      );
      expect(readdirSync(join(folder, 'new-shares')).sort()).toEqual([
        '1-alan-turing.txt',
        '2-barbara-liskov.txt',
        '3-claude-shannon.txt',
        '4-donald-knuth.txt',
        '5-edsger-dijkstra.txt',
      ]);

      const restored = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--share-file',
        shareFile('new-shares', 2),
        '--share-file',
        shareFile('new-shares', 4),
        '--share-file',
        shareFile('new-shares', 5),
      ]);
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain('Restore complete');
      const fromOld = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:second-secondary.json',
        '--share-file',
        shareFile('shares', 2),
        '--share-file',
        shareFile('shares', 3),
      ]);
      expect(fromOld.code).toBe(0);
      expect(fromOld.stdout).toContain('a reshare replaced');

      // Secrets: no old or new share, nor the wrap key, in the folder, the user data or the output.
      const oldShares = [1, 2, 3].map((n) => share('shares', n));
      const newShares = [1, 2, 3, 4, 5].map((n) => share('new-shares', n));
      const key = await recombine(oldShares.slice(0, 2));
      const spellings = secretSpellings({
        shares: [...oldShares, ...newShares],
        passwords: [APP_PASSWORD],
        wrapKey: key.secret.key,
      });
      const haystacks = [...filesUnder(join(folder, 'ceremony')), ...filesUnder(userData)].map(
        (file) => readFileSync(file, 'latin1'),
      );
      haystacks.push(...printed);
      for (const text of haystacks)
        for (const spelling of spellings)
          expect(text.includes(spelling.text), spelling.what).toBe(false);
    },
  );
});
