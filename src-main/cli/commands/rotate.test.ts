// `custos rotate` as a person runs it, each command a child process (the launcher): `custos init`
// (a custom profile whose application key may manage wrap keys) and `restore` make a primary and
// a secondary; a first `rotate` with the primary and a device of another ceremony rotates the
// primary, refuses the stranger and leaves the secondary on the old key (exit 1, each named); a
// second `rotate` with the NEW shares finishes the secondary (exit 0); a fresh device restored
// from the new shares verifies against the record; nothing secret is left anywhere.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INIT_REHEARSAL, filesUnder, runCustos } from '../testing/run-custos';
import { CeremonyRecordSchema } from '../../../shared/records/ceremony-record';
import { recombine } from '../../ceremonies/init/testing/secondary';
import { secretSpellings } from '../../ceremonies/init/testing/secret-spellings';

const APP_PASSWORD = 'application pass phrase for rotation';
const AUDIT_PASSWORD = 'audit pass phrase for rotation';
const ROTATION_CAPABILITIES = [
  'export-wrapped',
  'import-wrapped',
  'put-wrap-key',
  'delete-wrap-key',
  'get-pseudo-random',
  'exportable-under-wrap',
];
const PLAN = {
  ceremony: 'Rotation rehearsal',
  custodians: ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson'],
  threshold: 2,
  domains: [1],
  wrapKey: { id: 2 },
  applicationKey: { id: 3, passwordFile: 'app.pw' },
  auditKey: { id: 4, passwordFile: 'audit.pw' },
  capabilityProfile: {
    custom: {
      wrapKey: ['export-wrapped', 'import-wrapped'],
      wrapKeyDelegated: ['sign-ecdsa', 'get-log-entries', ...ROTATION_CAPABILITIES],
      applicationKey: ['sign-ecdsa', ...ROTATION_CAPABILITIES],
      applicationKeyDelegated: ['sign-ecdsa', 'get-log-entries', ...ROTATION_CAPABILITIES],
    },
  },
};

let folder: string;
let userData: string;
const printed: string[] = [];

const custos = (args: readonly string[]) => runCustos(args, { cwd: folder, userData, printed });

function shareIn(directory: string, n: number): string {
  const name = readdirSync(join(folder, directory)).find((f) => f.startsWith(`${n}-`))!;
  return readFileSync(join(folder, directory, name), 'utf8').trimEnd();
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-cli-rotate-'));
  userData = join(folder, 'user-data');
  printed.length = 0;
  writeFileSync(join(folder, 'app.pw'), `${APP_PASSWORD}\n`);
  writeFileSync(join(folder, 'audit.pw'), `${AUDIT_PASSWORD}\n`);
  writeFileSync(join(folder, 'plan.json'), JSON.stringify(PLAN));
  const init = await custos(INIT_REHEARSAL);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  const restore = await custos([
    'restore',
    '--folder',
    'ceremony/',
    '--device',
    'sim:secondary.json',
    '--share-file',
    'shares/1-ada-lovelace.txt',
    '--share-file',
    'shares/3-katherine-johnson.txt',
    '--password-file',
    'app.pw',
  ]);
  expect(restore.stderr).toBe('');
  expect(restore.code).toBe(0);
}, 120_000);

afterEach(async () => rm(folder, { recursive: true, force: true }));

describe('custos rotate', () => {
  it(
    'rotates the primary, refuses a stranger, finishes the secondary later from the new shares; a clone of the new backups verifies',
    { timeout: 240_000 },
    async () => {
      const before = CeremonyRecordSchema.parse(
        JSON.parse(readFileSync(join(folder, 'ceremony', 'ceremony.json'), 'utf8')),
      );
      const first = await custos([
        'rotate',
        '--folder',
        'ceremony/',
        '--device',
        'sim:primary.json',
        '--device',
        'sim:stranger.json',
        '--share-file',
        'shares/2-grace-hopper.txt',
        '--share-file',
        'shares/3-katherine-johnson.txt',
        '--password-file',
        'app.pw',
        '--audit-password-file',
        'audit.pw',
        '--rehearsal-shares-dir',
        'new-shares/',
      ]);
      expect(first.code).toBe(1);
      expect(first.stderr).toMatch(
        /The device connected \(serial \d+\) is not a device of this ceremony: its record knows the primary \(serial \d+\) and the secondary \(serial \d+\)\./,
      );
      expect(first.stderr).toMatch(
        /The secondary \(serial \d+\) still holds the old wrap key: run custos rotate again with it and the new shares\./,
      );
      expect(first.stdout).toMatch(/The old wrap key 0x0002 was deleted from the primary/);

      const second = await custos([
        'rotate',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--share-file',
        `new-shares/${readdirSync(join(folder, 'new-shares')).find((f) => f.startsWith('1-'))}`,
        '--share-file',
        `new-shares/${readdirSync(join(folder, 'new-shares')).find((f) => f.startsWith('2-'))}`,
        '--password-file',
        'app.pw',
      ]);
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/^A rotation of this ceremony stopped part-way/);
      expect(second.stdout).toMatch(
        /Destroy these old backups made under the old wrap key \(Custos did not delete them\): 0x0003-authentication-key\.yhw, 0x0004-authentication-key\.yhw\./,
      );
      expect(second.stdout).toMatch(
        /Rotation complete: every device holds only the new wrap key, check value [0-9A-F]{6}\./,
      );

      const record = CeremonyRecordSchema.parse(
        JSON.parse(readFileSync(join(folder, 'ceremony', 'ceremony.json'), 'utf8')),
      );
      expect(record.wrapKey?.kcv).not.toBe(before.wrapKey?.kcv);
      expect(record.rotations).toMatchObject([{ status: 'completed' }]);
      expect(record.deviceAudits?.filter((a) => a.after === 'rotation')).toHaveLength(1);

      const third = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:third.json',
        '--share-file',
        `new-shares/${readdirSync(join(folder, 'new-shares')).find((f) => f.startsWith('2-'))}`,
        '--share-file',
        `new-shares/${readdirSync(join(folder, 'new-shares')).find((f) => f.startsWith('3-'))}`,
        '--password-file',
        'app.pw',
      ]);
      expect(third.stderr).toBe('');
      expect(third.code).toBe(0);
      const verify = await custos([
        'verify',
        '--folder',
        'ceremony/',
        '--device',
        'sim:third.json',
        '--password-file',
        'app.pw',
      ]);
      expect(verify.stderr).toBe('');
      expect(verify.code).toBe(0);

      const oldShares = [1, 2, 3].map((n) => shareIn('shares', n));
      const newShares = [1, 2, 3].map((n) => shareIn('new-shares', n));
      const forbidden = [];
      for (const set of [oldShares, newShares]) {
        const { secret } = await recombine(set.slice(0, 2));
        forbidden.push(
          ...secretSpellings({
            shares: set,
            passwords: [APP_PASSWORD, AUDIT_PASSWORD],
            wrapKey: secret.key,
          }),
        );
        secret.key.fill(0);
      }
      const searched = [...filesUnder(join(folder, 'ceremony')), ...filesUnder(userData)];
      expect(searched.length).toBeGreaterThanOrEqual(8);
      for (const file of searched) {
        const content = readFileSync(file).toString('latin1');
        for (const { what, text } of forbidden)
          expect(content.includes(text), `${what} found in ${file}`).toBe(false);
      }
      for (const output of printed)
        for (const { what, text } of forbidden)
          expect(output.includes(text), `${what} printed`).toBe(false);
    },
  );
});
