// `custos dkek backup|restore|verify` as a person runs them: the real command in a child process,
// simulated cards in state files, a ceremony folder as `dkek init` leaves it with sc-hsm-tool's
// own share files (spec §8 V7, 10^7 MD5 rounds each, so the one restore that opens them is slow),
// every exit status, and a search of the folder for any secret afterwards.

import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCustos } from '../testing/run-custos';
import {
  PIN,
  makeCeremonyFolder,
  makePrimary,
  onCard,
  randomShares,
} from '../../ceremonies/dkek/testing/cards';
import { openShareFile } from '../../dkek/pbe-file';
import { V7 } from '../../dkek/spec-vectors';
import { combineShares } from '../../hsm/smartcard-hsm/protocol/dkek-keys';

const KCV = '911F4F7256156CDE';
/** V7's shares; the second is not printed in the spec, so beforeAll opens its file once. */
const shares: Uint8Array[] = [];

let dir: string;

const custos = (args: readonly string[]) => runCustos(args, { cwd: dir });

const common = ['--folder', 'ceremony', '--pin-file', 'pin.txt'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-dkek-clone-cli-'));
  await mkdir(join(dir, 'ceremony'));
  for (const [index, vector] of V7.entries()) {
    await writeFile(
      join(dir, 'ceremony', `dkek-share-${index + 1}.pbe`),
      Buffer.from(vector.file, 'hex'),
    );
    await mkdir(join(dir, 'shares', `share-${index + 1}`), { recursive: true });
    await writeFile(
      join(dir, 'shares', `share-${index + 1}`, 'password.txt'),
      `${vector.password}\n`,
    );
  }
  shares.push(new Uint8Array(Buffer.from(V7[0]!.share!, 'hex')));
  shares.push(
    await openShareFile(
      new Uint8Array(Buffer.from(V7[1]!.file, 'hex')),
      new Uint8Array(Buffer.from('testpw2')),
      {
        name: 'V7 file 2',
      },
    ),
  );
  await writeFile(join(dir, 'pin.txt'), `${PIN}\n`);
  await writeFile(join(dir, 'wrong-pin.txt'), '000000\n');
  await makePrimary(join(dir, 'a.json'), shares);
  await makeCeremonyFolder({
    folder: join(dir, 'ceremony'),
    primaryState: join(dir, 'a.json'),
    shares,
    // Both V7 files open with a typed password (spec §8 V7).
    holders: ['password', 'password'],
  });
}, 300_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('custos dkek backup, restore, verify', () => {
  it('usage errors exit 2 with the sentence', async () => {
    const noPin = await custos([
      'dkek',
      'backup',
      '--folder',
      'ceremony',
      '--device',
      'schsm-sim:a.json',
    ]);
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toContain('dkek backup needs --pin-file');
    const wrongOption = await custos([
      'dkek',
      'backup',
      ...common,
      '--device',
      'schsm-sim:a.json',
      '--rehearsal-shares-dir',
      'shares',
    ]);
    expect(wrongOption.code).toBe(2);
    expect(wrongOption.stderr).toContain(
      '--rehearsal-shares-dir is not an option of "dkek backup"',
    );
    const badDevice = await custos(['dkek', 'verify', ...common, '--device', 'sim:a.json']);
    expect(badDevice.code).toBe(2);
    expect(badDevice.stderr).toContain('is a simulated YubiHSM 2');
  }, 60_000);

  it('backup wraps both keys (exit 0); a verify before any restore and a restore onto the primary exit 1 with their sentences', async () => {
    const backup = await custos(['dkek', 'backup', ...common, '--device', 'schsm-sim:a.json']);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`DKEK check value ${KCV}`);
    expect(backup.stdout).toMatch(
      /wrapped key 1 "Issuing CA 2026" \(EC P-256, CUSTOS00001\) -> key-001-issuing-ca-2026\.wrapped \(blob KCV 911F4F7256156CDE\)/,
    );
    expect(backup.stdout).toContain('2 keys wrapped into the ceremony folder.');

    const onPrimary = await custos([
      'dkek',
      'restore',
      ...common,
      '--device',
      'schsm-sim:a.json',
      '--rehearsal-shares-dir',
      'shares',
    ]);
    expect(onPrimary.code).toBe(1);
    expect(onPrimary.stderr).toContain('This card is the primary');

    const early = await custos(['dkek', 'verify', ...common, '--device', 'schsm-sim:b.json']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('The clone has never been initialised');
  }, 120_000);

  it('restore opens the two sc-hsm-tool share files, matches the KCV and unwraps both (exit 0); verify proves both keys (exit 0)', async () => {
    const restore = await custos([
      'dkek',
      'restore',
      ...common,
      '--device',
      'schsm-sim:b.json',
      '--rehearsal-shares-dir',
      'shares',
    ]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('share 2 of 2 imported');
    expect(restore.stdout).toContain(`KCV ${KCV} matches the record`);
    expect(restore.stdout).toContain('unwrapped key-002-code-signing.wrapped -> key 2');
    expect(restore.stdout).toContain('2 keys unwrapped.');

    const verify = await custos(['dkek', 'verify', ...common, '--device', 'schsm-sim:b.json']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`KCV ${KCV} matches`);
    expect(verify.stdout).toContain('key 1 "Issuing CA 2026": matches; signature proven');
    expect(verify.stdout).toContain('key 2 "code signing": matches; signature proven');
    expect(verify.stdout).toMatch(/VERIFIED; report: .*verification-DESIM[0-9A-F]{5}-.*\.html/);
  }, 600_000);

  it('a file of another domain: restore run again recognises both keys, skips it with its sentence and exits 1; a blocked PIN during verify exits 1 with its sentence; the folder holds no secret', async () => {
    const other = join(dir, 'other');
    const otherShares = randomShares(1);
    await makePrimary(join(dir, 'o.json'), otherShares, [
      { ref: 9, algorithm: 'ec-p256', label: 'foreign' },
    ]);
    await makeCeremonyFolder({
      folder: other,
      primaryState: join(dir, 'o.json'),
      shares: otherShares,
    });
    const otherBackup = await custos([
      'dkek',
      'backup',
      '--folder',
      'other',
      '--pin-file',
      'pin.txt',
      '--device',
      'schsm-sim:o.json',
    ]);
    expect(otherBackup.code).toBe(0);
    await cp(
      join(other, 'key-009-foreign.wrapped'),
      join(dir, 'ceremony', 'key-009-foreign.wrapped'),
    );

    const again = await custos([
      'dkek',
      'restore',
      ...common,
      '--device',
      'schsm-sim:b.json',
      '--rehearsal-shares-dir',
      'shares',
    ]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('present   key-001-issuing-ca-2026.wrapped -> key 1');
    expect(again.stdout).toMatch(
      /skipped {3}key-009-foreign\.wrapped: .* it is a file of another domain/,
    );
    expect(again.stderr).toContain('Not every file was unwrapped');
    expect(
      await onCard(join(dir, 'b.json'), async (c) =>
        (await c.listKeys()).map((k) => k.keyReference),
      ),
    ).toEqual([1, 2]);

    for (let i = 0; i < 3; i++)
      expect(
        (
          await custos([
            'dkek',
            'verify',
            '--folder',
            'ceremony',
            '--pin-file',
            'wrong-pin.txt',
            '--device',
            'schsm-sim:b.json',
          ])
        ).code,
      ).toBe(1);
    const blocked = await custos(['dkek', 'verify', ...common, '--device', 'schsm-sim:b.json']);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(
      'The user PIN of the clone is blocked after too many wrong tries',
    );

    // Secrets search: no PIN, password, share or DKEK in any file of the ceremony folder.
    const dkekHex = Buffer.from(combineShares(shares)).toString('hex');
    for (const name of await readdir(join(dir, 'ceremony'))) {
      if (name.endsWith('.pbe')) continue;
      const bytes = await readFile(join(dir, 'ceremony', name));
      const text = bytes.toString('latin1');
      const hex = bytes.toString('hex');
      for (const word of [PIN, 'testpw', 'testpw2']) expect(text, name).not.toContain(word);
      for (const secret of [dkekHex, ...shares.map((v) => Buffer.from(v).toString('hex'))]) {
        expect(hex, name).not.toContain(secret);
        expect(text.toLowerCase(), name).not.toContain(secret);
      }
    }
  }, 300_000);
});
