// The backup officer's day from the command line, each command a child process as a
// person runs it: `custos init` makes the ceremony (the real initialization engine), then
// `dump`, `restore` and `verify` — exit codes and the sentences on stderr — and afterwards every
// file left behind, the user-data folder and everything printed are searched for the shares,
// the passwords and the wrap key.

import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INIT_REHEARSAL, filesUnder, runCustos } from '../testing/run-custos';
import { CeremonyRecordSchema } from '../../../shared/records/ceremony-record';
import { recombine } from '../../ceremonies/init/testing/secondary';
import { secretSpellings } from '../../ceremonies/init/testing/secret-spellings';
import { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import { objectTypeName } from '../../hsm/yubihsm/protocol/object-types';
import { SimulatedYubiHsm } from '../../hsm/yubihsm/simulator/simulated-yubihsm';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { encodeWrapSecret, splitForSetup } from '../../secrets';

const APP_PASSWORD = 'application pass phrase for the day';
const AUDIT_PASSWORD = 'audit pass phrase for the day';
const PLAN = {
  ceremony: 'Backup officer rehearsal',
  custodians: ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson'],
  threshold: 2,
  domains: [1],
  wrapKey: { id: 2 },
  applicationKey: { id: 3, passwordFile: 'app.pw' },
  auditKey: { id: 4, passwordFile: 'audit.pw' },
  shareConfirmation: 'none',
};

let folder: string;
let userData: string;
const printed: string[] = [];

const custos = (args: readonly string[]) => runCustos(args, { cwd: folder, userData, printed });

/** What the factory key sees on a simulated device kept in a state file. */
async function objectsOnFactoryFresh(statePath: string): Promise<string[]> {
  const client = new YubiHsmClient(
    new SimulatorTransport(await SimulatedYubiHsm.create({ statePath })),
  );
  try {
    const session = await client.openSession(1, { password: 'password' });
    return (await session.listObjects()).map(
      (o) => `${objectTypeName(o.type)} 0x${o.id.toString(16).padStart(4, '0')}`,
    );
  } finally {
    await client.close();
  }
}

function share(n: number): string {
  return readFileSync(
    join(
      folder,
      'shares',
      readdirSync(join(folder, 'shares')).find((name) => name.startsWith(`${n}-`))!,
    ),
    'utf8',
  ).trimEnd();
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-cli-restore-'));
  userData = join(folder, 'user-data');
  printed.length = 0;
  writeFileSync(join(folder, 'app.pw'), `${APP_PASSWORD}\n`);
  writeFileSync(join(folder, 'audit.pw'), `${AUDIT_PASSWORD}\n`);
  writeFileSync(join(folder, 'plan.json'), JSON.stringify(PLAN));
  const init = await custos(INIT_REHEARSAL);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
}, 60_000);

afterEach(async () => rm(folder, { recursive: true, force: true }));

describe('custos dump, restore and verify', () => {
  it(
    'back up, restore on a second simulator and verify the clone, each exiting 0; no secret is left anywhere',
    { timeout: 120_000 },
    async () => {
      const dump = await custos([
        'dump',
        '--folder',
        'ceremony/',
        '--device',
        'sim:primary.json',
        '--auth-key',
        '3',
        '--password-file',
        'app.pw',
        '--rehearsal-keys',
      ]);
      expect(dump.stderr).toBe('');
      expect(dump.code).toBe(0);
      expect(dump.stdout).toContain(
        'Back-up done: 3 files written, 2 files already there and kept, 1 object not exportable.\n',
      );
      expect(dump.stdout).toMatch(
        /not exported {2}wrap-key 0x0002 "Wrap key": This is the wrap key itself/,
      );

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
        '--audit-password-file',
        'audit.pw',
      ]);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toMatch(
        /^Wrap key rebuilt from shares 1, 3; check value [0-9A-F]{6} \(every share matches its custodian's commitment/,
      );
      expect(restore.stdout).toMatch(
        /\nThe device's audit log, read with the audit key 0x0004: 2 entries \(numbers 1 to 2\); the digest chain holds, last digest [0-9a-f]{32}\.\n/,
      );
      expect(restore.stdout.match(/^ {2}imported /gm)).toHaveLength(5);
      expect(restore.stdout).toContain(
        'The factory key 0x0001 was deleted: application key 0x0003 ("Application auth key") was imported and its password opened a session on the secondary.\n',
      );

      const verify = await custos([
        'verify',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--auth-key',
        '3',
        '--password-file',
        'app.pw',
      ]);
      expect(verify.stderr).toBe('');
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(
        /The clone matches: 6 objects match, 3 signing keys verified\. Report: verification-\d{8}-\d{6}-\d+\.html\.\n$/,
      );

      const record = CeremonyRecordSchema.parse(
        JSON.parse(readFileSync(join(folder, 'ceremony', 'ceremony.json'), 'utf8')),
      );
      expect(record.backups).toHaveLength(1);
      // Init read the primary's log, the restore the secondary's (command auditing off: the
      // reset and boot entries only, spec §7).
      expect(
        record.deviceAudits?.map((a) => [
          a.after,
          a.device.serial,
          a.chain.valid,
          a.entries.length,
        ]),
      ).toEqual([
        ['initialization', record.primary.serial, true, 2],
        ['restore', record.restores![0]!.device.serial, true, 2],
      ]);
      expect(record.restores).toMatchObject([
        {
          status: 'completed',
          shareNumbers: [1, 3],
          factoryKey: 'deleted',
          applicationKeyProven: true,
        },
      ]);
      expect(record.verifications).toMatchObject([{ allMatch: true, against: 'record' }]);

      const shares = [1, 2, 3].map(share);
      const { secret } = await recombine([shares[0]!, shares[1]!]);
      const forbidden = secretSpellings({
        shares,
        passwords: [APP_PASSWORD, AUDIT_PASSWORD],
        wrapKey: secret.key,
      });
      secret.key.fill(0);
      const searched = [
        ...filesUnder(join(folder, 'ceremony')),
        ...filesUnder(userData),
        join(folder, 'primary.json'),
        join(folder, 'secondary.json'),
      ];
      expect(searched.length).toBeGreaterThan(8);
      for (const file of searched) {
        const content = readFileSync(file).toString('latin1');
        for (const { what, text } of forbidden)
          expect(content.includes(text), `${what} found in ${file}`).toBe(false);
      }
      for (const output of printed) {
        for (const { what, text } of forbidden)
          expect(output.includes(text), `${what} printed`).toBe(false);
      }
    },
  );

  it(
    'stops with exit 1 (2 for a usage error) and one sentence naming the share at fault, before the secondary is touched',
    { timeout: 120_000 },
    async () => {
      // A typo in the middle of Grace Hopper's share: named before anything touches the secondary.
      mkdirSync(join(folder, 'typo'));
      const grace = share(2);
      const swapped = grace.slice(0, 30) + (grace[30] === 'A' ? 'B' : 'A') + grace.slice(31);
      writeFileSync(join(folder, 'typo', '2-grace-hopper.txt'), `${swapped}\n`);
      const typo = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--share-file',
        'shares/1-ada-lovelace.txt',
        '--share-file',
        'typo/2-grace-hopper.txt',
      ]);
      expect(typo.code).toBe(1);
      expect(typo.stdout).toBe('');
      expect(typo.stderr).toBe(
        "custos restore: typo/2-grace-hopper.txt: Share 2 (Grace Hopper) is wrong: it is not the share recorded at the ceremony for custodian 2, Grace Hopper. It is mistyped (check each line's check character, and the number after the first dash), or it comes from another ceremony.\n",
      );

      const tooFew = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--share-file',
        'shares/1-ada-lovelace.txt',
      ]);
      expect(tooFew.code).toBe(1);
      expect(tooFew.stderr).toBe(
        "custos restore: 2 shares are needed to rebuild the wrap key and 1 was given: add another custodian's share file.\n",
      );

      const noShares = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
      ]);
      expect(noShares.code).toBe(2);
      expect(noShares.stderr).toMatch(
        /^custos restore: give each custodian's share with --share-file <file> \(one per custodian\)\. Run 'custos restore --help' for the options\.\n$/,
      );

      expect(await objectsOnFactoryFresh(join(folder, 'secondary.json'))).toEqual([
        'authentication-key 0x0001',
      ]);
      expect(
        CeremonyRecordSchema.parse(
          JSON.parse(readFileSync(join(folder, 'ceremony', 'ceremony.json'), 'utf8')),
        ).restores,
      ).toBeUndefined();
    },
  );

  it(
    'restores from a set re-split from the recorded key (exit 0, saying these are not the recorded shares); a re-split of another key exits 1 naming each share',
    { timeout: 120_000 },
    async () => {
      // The custodians' shares as yubihsm-setup would make them again from the same wrap key.
      const { secret } = await recombine([share(1), share(2)]);
      const encoded = encodeWrapSecret(secret);
      secret.key.fill(0);
      const again = splitForSetup(encoded, 2, 3);
      encoded.fill(0);
      mkdirSync(join(folder, 'resplit'));
      writeFileSync(join(folder, 'resplit', '1-ada-lovelace.txt'), `${again[0]!}\n`);
      writeFileSync(join(folder, 'resplit', '3-katherine-johnson.txt'), `${again[2]!}\n`);
      const other = encodeWrapSecret({ ...secret, key: new Uint8Array(randomBytes(32)) });
      const foreign = splitForSetup(other, 2, 3);
      other.fill(0);
      writeFileSync(join(folder, 'resplit', '2-grace-hopper.txt'), `${foreign[1]!}\n`);
      writeFileSync(join(folder, 'resplit', 'other-3.txt'), `${foreign[2]!}\n`);

      const wrong = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--share-file',
        'resplit/2-grace-hopper.txt',
        '--share-file',
        'resplit/other-3.txt',
      ]);
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toBe('');
      expect(wrong.stderr).toMatch(
        /^custos restore: resplit\/2-grace-hopper\.txt: Share 2 \(Grace Hopper\) is wrong: it is not the share recorded at the ceremony for custodian 2, Grace Hopper, and the shares entered do not rebuild the recorded wrap key \(check value [0-9A-F]{6}\)\..* resplit\/other-3\.txt: Share 3 \(Katherine Johnson\) is wrong: /,
      );
      // Nothing touched the secondary: the restore below finds it factory-fresh, not resumable.
      const restore = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--share-file',
        'resplit/1-ada-lovelace.txt',
        '--share-file',
        'resplit/3-katherine-johnson.txt',
        '--password-file',
        'app.pw',
      ]);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toMatch(
        /^Wrap key rebuilt from shares 1, 3; check value [0-9A-F]{6} \(the check value matches the record; the wrap key id, domains and capabilities match the record\)\.\nNote: These shares are not the ones recorded at the ceremony: share 1 \(Ada Lovelace\), share 3 \(Katherine Johnson\) do not match the recorded commitments, and none of them matches\./,
      );
      expect(restore.stdout).not.toContain('resum');
      expect(restore.stdout).toContain('Restore complete');
      const record = CeremonyRecordSchema.parse(
        JSON.parse(readFileSync(join(folder, 'ceremony', 'ceremony.json'), 'utf8')),
      );
      expect(record.restores).toMatchObject([
        { status: 'completed', sharesNotRecorded: { matched: [], unmatched: [1, 3] } },
      ]);
    },
  );

  it(
    'names a backup the record lists but the folder lacks, and exits 1 instead of calling the clone complete',
    { timeout: 120_000 },
    async () => {
      rmSync(join(folder, 'ceremony', '0x0004-authentication-key.yhw'));
      const restore = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--share-file',
        'shares/1-ada-lovelace.txt',
        '--share-file',
        'shares/2-grace-hopper.txt',
      ]);
      expect(restore.code).toBe(1);
      expect(restore.stdout).toContain(
        '  FAILED    0x0004-authentication-key.yhw authentication-key 0x0004: 0x0004-authentication-key.yhw is in the ceremony record but missing from the folder: copy it back from the back-up media.\n',
      );
      expect(restore.stderr).toBe(
        'custos restore: The restore is incomplete: 0x0004-authentication-key.yhw could not be imported.\n',
      );
      expect(
        CeremonyRecordSchema.parse(
          JSON.parse(readFileSync(join(folder, 'ceremony', 'ceremony.json'), 'utf8')),
        ).restores,
      ).toMatchObject([{ status: 'incomplete' }]);
    },
  );

  it(
    'stops with exit 1 and one sentence naming the file or the device at fault',
    { timeout: 120_000 },
    async () => {
      // A damaged backup: every other file is imported, the damaged one named, exit 1.
      const damaged = '0x0004-authentication-key.yhw';
      const text = readFileSync(join(folder, 'ceremony', damaged), 'latin1');
      writeFileSync(
        join(folder, 'ceremony', damaged),
        `${text.slice(0, 20)}${text[20] === 'A' ? 'B' : 'A'}${text.slice(21)}`,
      );
      const incomplete = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--share-file',
        'shares/2-grace-hopper.txt',
        '--share-file',
        'shares/3-katherine-johnson.txt',
      ]);
      expect(incomplete.code).toBe(1);
      expect(incomplete.stdout).toMatch(
        /FAILED {4}0x0004-authentication-key\.yhw: 0x0004-authentication-key\.yhw differs from the file this ceremony recorded/,
      );
      expect(incomplete.stderr).toBe(
        'custos restore: The restore is incomplete: 0x0004-authentication-key.yhw could not be imported.\n',
      );

      const again = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--share-file',
        'shares/2-grace-hopper.txt',
        '--share-file',
        'shares/3-katherine-johnson.txt',
      ]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(
        /^custos restore: The factory authentication key does not open a session on this device \(serial \d+\): it has already been configured\./,
      );
      expect(again.stderr).toMatch(
        /The record shows a restore of this ceremony onto it that ended \S+ \(incomplete\) and deleted its factory key\. An earlier restore of this ceremony may have finished on it .*: verify it against this ceremony with the application key first \(Verify a clone, or custos verify\)/,
      );

      const onPrimary = await custos([
        'restore',
        '--folder',
        'ceremony/',
        '--device',
        'sim:primary.json',
        '--share-file',
        'shares/2-grace-hopper.txt',
        '--share-file',
        'shares/3-katherine-johnson.txt',
      ]);
      expect(onPrimary.code).toBe(1);
      expect(onPrimary.stderr).toMatch(
        /^custos restore: This device \(serial \d+\) is the primary of this ceremony\. A restore needs a second, factory-fresh YubiHSM 2/,
      );

      const wrongDevice = await custos([
        'dump',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--password-file',
        'app.pw',
      ]);
      expect(wrongDevice.code).toBe(1);
      expect(wrongDevice.stderr).toMatch(
        /^custos dump: This device \(serial \d+\) is not the primary of this ceremony \(serial \d+\): connect the primary to back it up\.\n$/,
      );

      writeFileSync(join(folder, 'wrong.pw'), 'not the password\n');
      const wrongPassword = await custos([
        'verify',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--password-file',
        'wrong.pw',
      ]);
      expect(wrongPassword.code).toBe(1);
      expect(wrongPassword.stderr).toMatch(
        /^custos verify: Authentication key 0x0003 did not open a session on the secondary \(serial \d+\): check the key id and its password\.\n$/,
      );

      // The clone lacks the audit key whose backup was damaged: verify says so and exits 1.
      const verify = await custos([
        'verify',
        '--folder',
        'ceremony/',
        '--device',
        'sim:secondary.json',
        '--password-file',
        'app.pw',
      ]);
      expect(verify.code).toBe(1);
      expect(verify.stderr).toMatch(
        /^custos verify: The clone does not match: authentication-key 0x0004 is missing on the clone\. Report: verification-.*\.html\.\n$/,
      );
    },
  );

  it(
    'restores two secondaries given with --device twice, the shares read and the key rebuilt once; the primary among them is named and the others still restored (issue 12 item 4)',
    { timeout: 120_000 },
    async () => {
      const args = (...devices: string[]) => [
        'restore',
        '--folder',
        'ceremony/',
        ...devices.flatMap((device) => ['--device', device]),
        '--share-file',
        'shares/1-ada-lovelace.txt',
        '--share-file',
        'shares/3-katherine-johnson.txt',
        '--password-file',
        'app.pw',
      ];
      const twice = await custos(args('sim:first.json', 'sim:first.json'));
      expect(twice.code).toBe(2);
      expect(twice.stderr).toMatch(/^custos restore: --device sim:first\.json is given twice/);

      const sitting = await custos(args('sim:first.json', 'sim:primary.json', 'sim:second.json'));
      expect(sitting.code).toBe(1);
      expect(sitting.stdout.match(/^Wrap key rebuilt from shares 1, 3;/gm)).toHaveLength(1);
      expect(sitting.stdout).toMatch(/\nSecondary 1 of 3 \(serial \d+\):\n/);
      expect(sitting.stdout).toMatch(
        /\nSecondary 2 of 3 \(sim:primary\.json\): not restored\. This device \(serial \d+\) is the primary of this ceremony\./,
      );
      expect(sitting.stdout).toMatch(/\nSecondary 3 of 3 \(serial \d+\):\n/);
      expect(sitting.stdout.match(/^ {2}imported /gm)).toHaveLength(4);
      expect(sitting.stdout).toContain('The rebuilt wrap key has been wiped from memory.\n');
      expect(sitting.stderr).toMatch(
        /^custos restore: 2 of 3 secondaries restored completely; not complete: secondary 2 \(sim:primary\.json\): This device/,
      );
      const record = CeremonyRecordSchema.parse(
        JSON.parse(readFileSync(join(folder, 'ceremony', 'ceremony.json'), 'utf8')),
      );
      expect(record.restores?.map((r) => r.status)).toEqual(['completed', 'completed']);
      expect(new Set(record.restores?.map((r) => r.device.serial)).size).toBe(2);
      // Both clones had their factory key deleted: it no longer opens a session on either.
      for (const state of ['first.json', 'second.json'])
        await expect(objectsOnFactoryFresh(join(folder, state))).rejects.toThrow();
    },
  );
});
