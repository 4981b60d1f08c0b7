// `custos dkek init | status | import` as a person runs them, in process through the dispatcher,
// on simulated SmartCard-HSMs kept in state files (each command opens the card and writes it back,
// so the device state is carried between runs as a card carried between sites). The `.pbe` key
// derivation runs with c = 1 (spec §8 V2); the real cost is covered by src-main/dkek's tests.

import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bytesNeedles,
  searchForSecrets,
  textNeedles,
  type Needle,
} from '../../../e2e/support/secrets-search';
import { DkekCeremonyRecordSchema } from '../../../shared/records/dkek-ceremony-record';
import { openShareFile } from '../../dkek/pbe-file';
import { readPasswordShareFiles } from '../../dkek/share-files';
import { reconstructPassword } from '../../dkek/password-shares';
import { ZERO_DKEK_CHECK_VALUE } from '../../dkek/check-value';
import { SmartCardHsmClient } from '../../hsm/smartcard-hsm/client';
import { SimulatedSmartCardHsm } from '../../hsm/smartcard-hsm/simulator/simulated-smartcard-hsm';
import { SimulatorCardTransport } from '../../hsm/smartcard-hsm/transport/simulator-transport';
import { runCli } from '../cli';
import { makeDkekCommand } from './dkek';

const FAST = [makeDkekCommand({ iterations: 1 })];
const SO_PIN = '0123456789ABCDEF';
const PIN = 'custos-pin-642';
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-dkek-init-'));
  await writeFile(join(folder, 'so-pin.txt'), `${SO_PIN}\n`);
  await writeFile(join(folder, 'pin.txt'), `${PIN}\n`);
  await writeFile(join(folder, 'alice.pw'), 'alice correct horse battery\n');
  await writeFile(join(folder, 'erin.pw'), 'erin staple tram violet\n');
  await mkdir(join(folder, 'alice'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function custos(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['dkek', ...args],
    {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      cwd: folder,
      stopRequested: new Promise(() => undefined),
    },
    FAST,
  );
  return { code, stdout, stderr };
}

async function plan(name: string, dkek: object, extra: object = {}): Promise<string> {
  const path = join(folder, name);
  await writeFile(
    path,
    JSON.stringify({
      ceremony: 'HSM backup domain 2026',
      soPinFile: 'so-pin.txt',
      pinFile: 'pin.txt',
      pinRetries: 3,
      dkek,
      ...extra,
    }),
  );
  return name;
}

const SHARES_PLAN = {
  mode: 'shares',
  shares: [
    { custodian: 'Alice', passwordFile: 'alice.pw', file: 'alice/dkek-share-1.pbe' },
    { custodians: ['Bob', 'Carol', 'Dan'], threshold: 2 },
  ],
};

const kcvOf = (run: Run) => /^KCV ([0-9A-F]{16})/m.exec(run.stdout)?.[1];
const record = async (dir: string) =>
  DkekCeremonyRecordSchema.parse(
    JSON.parse(await readFile(join(folder, dir, 'ceremony.json'), 'utf8')),
  );

describe('dkek init with shares', () => {
  it('makes a typed-password share and a 2-of-3 split, imports both, and status reads the same KCV', async () => {
    const run = await custos(
      'init',
      '--plan',
      await plan('plan.json', SHARES_PLAN),
      '--device',
      'schsm-sim:a.json',
      '--out',
      'ceremony',
      '--rehearsal-shares-dir',
      'shares',
    );
    expect(run.stderr, run.stdout).not.toMatch(/custos dkek:/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Imported share 2: 2 total, 0 outstanding/);
    expect(run.stdout).toMatch(/Rehearsal key made: Rehearsal EC P-256/);
    const kcv = kcvOf(run)!;
    const saved = await record('ceremony');
    expect(saved.status).toBe('complete');
    expect(saved.dkek.kcv).toBe(kcv);
    expect(saved.dkek.shareFiles.map((s) => s.holders.kind)).toEqual([
      'password',
      'password-split',
    ]);
    expect(saved.imports.map((i) => i.shareNumber)).toEqual([1, 2]);
    expect(await readdir(join(folder, 'shares', 'share-2'))).toEqual([
      '1-bob.txt',
      '2-carol.txt',
      '3-dan.txt',
    ]);

    // The KCV from the device is the KCV of the files, opened here on their own.
    const status = await custos('status', '--device', 'schsm-sim:a.json', '--folder', 'ceremony');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/2 total, 0 outstanding/);
    expect(kcvOf(status)).toBe(kcv);
    expect(status.stdout).toMatch(/matches the record/);

    // Secrets search: no password, password share, share, DKEK or PIN in the ceremony folder.
    const needles: Needle[] = [
      ...textNeedles('the SO-PIN', SO_PIN),
      ...textNeedles('the user PIN', PIN),
      ...textNeedles("Alice's password", 'alice correct horse battery'),
    ];
    const split = await readPasswordShareFiles(
      ['1-bob.txt', '2-carol.txt', '3-dan.txt'].map((f) => join(folder, 'shares', 'share-2', f)),
      { shown: (p) => p },
    );
    for (const share of split) {
      const value = share.value.toString(16).padStart(16, '0');
      needles.push(...textNeedles(`password share ${share.id}`, value));
      needles.push(
        ...textNeedles(`password share ${share.id} (colons)`, value.match(/../g)!.join(':')),
      );
    }
    const splitPassword = reconstructPassword(split);
    needles.push(...bytesNeedles('the split password', splitPassword));
    const shares = [
      await openShareFile(
        await readFile(join(folder, 'alice', 'dkek-share-1.pbe')),
        new Uint8Array(Buffer.from('alice correct horse battery')),
        { name: 's1', iterations: 1 },
      ),
      await openShareFile(
        await readFile(join(folder, 'ceremony', 'dkek-share-2.pbe')),
        splitPassword,
        {
          name: 's2',
          iterations: 1,
        },
      ),
    ];
    const dkek = shares[0]!.map((byte, i) => byte ^ shares[1]![i]!);
    needles.push(...bytesNeedles('share 1', shares[0]!), ...bytesNeedles('share 2', shares[1]!));
    needles.push(...bytesNeedles('the DKEK', dkek));
    const found = searchForSecrets(
      [join(folder, 'ceremony')],
      { stdout: run.stdout + status.stdout, stderr: run.stderr },
      needles,
    );
    expect(found.filesSearched.length).toBeGreaterThanOrEqual(3);
    expect(found.hits).toEqual([]);
  });

  it('generates a missing password into the rehearsal folder, and the file opens with it', async () => {
    const run = await custos(
      'init',
      '--plan',
      await plan('plan.json', { mode: 'shares', shares: [{ custodian: 'Erin' }] }),
      '--device',
      'schsm-sim:a.json',
      '--out',
      'ceremony',
      '--rehearsal-shares-dir',
      'shares',
    );
    expect(run.code, run.stderr).toBe(0);
    const check = await custos(
      'share',
      'check',
      join('ceremony', 'dkek-share-1.pbe'),
      '--password-file',
      join('shares', 'share-1', 'password.txt'),
    );
    expect(check.code, check.stderr).toBe(0);
    expect((await record('ceremony')).dkek.shareFiles[0]!.shareKcv).toBe(
      /check value ([0-9A-F]{16})/.exec(check.stdout)![1],
    );
    // One share: the DKEK is the share, so its KCV is the share's own check value.
    expect(kcvOf(run)).toBe(/check value ([0-9A-F]{16})/.exec(check.stdout)![1]);
  });
});

describe('dkek init without shares', () => {
  it('mode none: no DKEK, said plainly, nothing to back up', async () => {
    const run = await custos(
      'init',
      '--plan',
      await plan('plan.json', { mode: 'none' }),
      '--device',
      'schsm-sim:a.json',
      '--out',
      'ceremony',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/no DKEK: no key on this device can ever be backed up/);
    const status = await custos('status', '--device', 'schsm-sim:a.json');
    expect(status.stdout).toMatch(/Initialised without a DKEK/);
    expect((await record('ceremony')).dkek).toMatchObject({ mode: 'none', shareCount: 0 });
  });

  it('mode random: the device draws its DKEK and shows its KCV at once', async () => {
    const run = await custos(
      'init',
      '--plan',
      await plan('plan.json', { mode: 'random' }),
      '--device',
      'schsm-sim:a.json',
      '--out',
      'ceremony',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/only this device can unwrap them/);
    const status = await custos('status', '--device', 'schsm-sim:a.json', '--folder', 'ceremony');
    expect(status.stdout).toMatch(/1 total, 0 outstanding/);
    expect(kcvOf(status)).toBe((await record('ceremony')).dkek.kcv);
  });
});

describe('sequential import across sites', () => {
  it('imports the rest share by share in later runs, names what is on the device, refuses a share twice', async () => {
    const planName = await plan('plan.json', {
      mode: 'shares',
      shares: [
        { custodian: 'Alice', passwordFile: 'alice.pw', file: 'alice/dkek-share-1.pbe' },
        { custodian: 'Erin', passwordFile: 'erin.pw' },
        { custodians: ['Bob', 'Carol', 'Dan'], threshold: 2 },
      ],
    });
    const init = await custos(
      'init',
      '--plan',
      planName,
      '--device',
      'schsm-sim:a.json',
      '--out',
      'ceremony',
      '--rehearsal-shares-dir',
      'shares',
      '--import-shares',
      '1',
    );
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/Shares 2, 3 are left for their holders/);
    const pending = await custos('status', '--device', 'schsm-sim:a.json', '--folder', 'ceremony');
    expect(pending.stdout).toMatch(/3 total, 2 outstanding/);
    expect(pending.stdout).toMatch(/imported here 1; still to come 2, 3/);

    const erin = [
      'import',
      '--folder',
      'ceremony',
      '--device',
      'schsm-sim:a.json',
      '--share',
      'ceremony/dkek-share-2.pbe',
      '--password-file',
      'erin.pw',
    ];
    const second = await custos(...erin);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Already on the device: share 1/);
    expect(second.stdout).toMatch(/Imported share 2: 3 total, 1 outstanding/);

    const twice = await custos(...erin);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(
      /Share 2 \(dkek-share-2.pbe\) is already on this device.*Bring one of the shares still missing: 3/,
    );

    const wrong = await custos(
      'import',
      '--folder',
      'ceremony',
      '--device',
      'schsm-sim:a.json',
      '--share',
      'alice/dkek-share-1.pbe',
      '--password-file',
      'erin.pw',
    );
    expect(wrong.stderr).toMatch(/already on this device/);

    const split = (ids: string[]) =>
      ids.flatMap((f) => ['--password-share', join('shares', 'share-3', f)]);
    const mistyped = join(folder, 'shares', 'share-3', '2-carol.txt');
    const carol = await readFile(mistyped, 'utf8');
    await writeFile(
      join(folder, 'carol-typo.txt'),
      carol
        .replace(/# Check word.*\n/, '')
        .replace(
          /^(Share value : .*)(.)$/m,
          (_m, head: string, last: string) => `${head}${last === '0' ? '1' : '0'}`,
        ),
    );
    const typo = await custos(
      'import',
      '--folder',
      'ceremony',
      '--device',
      'schsm-sim:a.json',
      '--share',
      'ceremony/dkek-share-3.pbe',
      '--password-share',
      join('shares', 'share-3', '1-bob.txt'),
      '--password-share',
      'carol-typo.txt',
    );
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/password shares do not open|do not rebuild a password/);
    expect((await custos('status', '--device', 'schsm-sim:a.json')).stdout).toMatch(
      /3 total, 1 outstanding/,
    );

    const last = await custos(
      'import',
      '--folder',
      'ceremony',
      '--device',
      'schsm-sim:a.json',
      '--share',
      'ceremony/dkek-share-3.pbe',
      ...split(['1-bob.txt', '3-dan.txt']),
    );
    expect(last.code, last.stderr).toBe(0);
    const saved = await record('ceremony');
    expect(last.stdout).toContain(`KCV ${saved.dkek.kcv}, as recorded`);
    expect(saved.imports.map((i) => [i.shareNumber, i.session, i.outstandingAfter])).toEqual([
      [1, 'ceremony', 2],
      [2, 'sequential-import', 1],
      [3, 'sequential-import', 0],
    ]);
    expect(saved.dkek.kcvConfirmedAt).toBeDefined();
  });

  it('refuses another device, and a wrong password, before the device is changed', async () => {
    await custos(
      'init',
      '--plan',
      await plan('plan.json', {
        mode: 'shares',
        shares: [
          { custodian: 'Alice', passwordFile: 'alice.pw', file: 'alice/dkek-share-1.pbe' },
          { custodian: 'Erin', passwordFile: 'erin.pw' },
        ],
      }),
      '--device',
      'schsm-sim:a.json',
      '--out',
      'ceremony',
      '--import-shares',
      '1',
    );
    await custos(
      'init',
      '--plan',
      await plan('other.json', {
        mode: 'shares',
        shares: [
          { custodian: 'Erin', passwordFile: 'erin.pw', file: 'other-1.pbe' },
          { custodian: 'Erin', passwordFile: 'erin.pw', file: 'other-2.pbe' },
        ],
      }),
      '--device',
      'schsm-sim:b.json',
      '--out',
      'other',
      '--import-shares',
      '0',
    );
    const elsewhere = await custos(
      'import',
      '--folder',
      'ceremony',
      '--device',
      'schsm-sim:b.json',
      '--share',
      'ceremony/dkek-share-2.pbe',
      '--password-file',
      'erin.pw',
    );
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(
      /This device \(serial DESIM\w+\) is not the one the ceremony "HSM backup domain 2026" initialised \(serial DESIM\w+\)/,
    );
    const wrongPassword = await custos(
      'import',
      '--folder',
      'ceremony',
      '--device',
      'schsm-sim:a.json',
      '--share',
      'ceremony/dkek-share-2.pbe',
      '--password-file',
      'alice.pw',
    );
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.stderr).toMatch(
      /The password does not open ceremony\/dkek-share-2.pbe.*Nothing was imported/,
    );
    const foreign = await custos(
      'import',
      '--folder',
      'ceremony',
      '--device',
      'schsm-sim:a.json',
      '--share',
      'other-1.pbe',
      '--password-file',
      'erin.pw',
    );
    expect(foreign.stderr).toMatch(
      /other-1.pbe is not one of the share files of "HSM backup domain 2026"/,
    );
    expect((await custos('status', '--device', 'schsm-sim:a.json')).stdout).toMatch(
      /2 total, 1 outstanding/,
    );
  });
});

describe('a share imported twice outside Custos', () => {
  it('status names the all-zero DKEK and refuses the device for the domain', async () => {
    const init = await custos(
      'init',
      '--plan',
      await plan('plan.json', {
        mode: 'shares',
        shares: [
          { custodian: 'Alice', passwordFile: 'alice.pw', file: 'alice/dkek-share-1.pbe' },
          { custodian: 'Erin', passwordFile: 'erin.pw' },
        ],
      }),
      '--device',
      'schsm-sim:a.json',
      '--out',
      'ceremony',
      '--import-shares',
      '1',
    );
    expect(init.code, init.stderr).toBe(0);
    // Someone imports Alice's share again with another tool: the DKEK becomes all zeros.
    const share = await openShareFile(
      await readFile(join(folder, 'alice', 'dkek-share-1.pbe')),
      new Uint8Array(Buffer.from('alice correct horse battery')),
      { name: 's1', iterations: 1 },
    );
    const card = await SimulatedSmartCardHsm.open({ statePath: join(folder, 'a.json') });
    try {
      const after = await new SmartCardHsmClient(new SimulatorCardTransport(card)).importDkekShare(
        share,
      );
      expect(after).toMatchObject({ state: 'complete', sameShareTwice: true });
    } finally {
      share.fill(0);
      await card.close();
    }
    const status = await custos('status', '--device', 'schsm-sim:a.json', '--folder', 'ceremony');
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`KCV ${ZERO_DKEK_CHECK_VALUE}`);
    expect(status.stderr).toMatch(/all-zero DKEK: one share was imported twice/);
    const late = await custos(
      'import',
      '--folder',
      'ceremony',
      '--device',
      'schsm-sim:a.json',
      '--share',
      'ceremony/dkek-share-2.pbe',
      '--password-file',
      'erin.pw',
    );
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/not waiting for DKEK shares \(its DKEK is complete, 2 shares\)/);
  });
});

describe('dkek init refusals', () => {
  it('says what is wrong with a plan, a re-initialisation and a rehearsal folder for a real card', async () => {
    const typo = await custos(
      'init',
      '--plan',
      await plan('typo.json', { mode: 'shares', shares: [{ custodian: 'Alice', pasword: 'x' }] }),
      '--device',
      'schsm-sim:a.json',
      '--out',
      'ceremony',
    );
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/is not a DKEK plan: dkek\.shares\.0/);
    const real = await custos(
      'init',
      '--plan',
      await plan('plan.json', SHARES_PLAN),
      '--device',
      'pcsc:Some Reader 00 00',
      '--out',
      'ceremony',
      '--rehearsal-shares-dir',
      'shares',
    );
    expect(real.code).toBe(1);
    expect(real.stderr).toMatch(/only for rehearsals on a simulated device/);
    const first = await custos(
      'init',
      '--plan',
      await plan('random.json', { mode: 'random' }),
      '--device',
      'schsm-sim:a.json',
      '--out',
      'first',
    );
    expect(first.code, first.stderr).toBe(0);
    const again = await custos(
      'init',
      '--plan',
      'random.json',
      '--device',
      'schsm-sim:a.json',
      '--out',
      'second',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already initialised.*add --reinitialize DESIM\w+ --erase-keys 2/);
    const serial = /--reinitialize (DESIM\w+)/.exec(again.stderr)![1]!;
    const unnamed = await custos(
      'init',
      '--plan',
      'random.json',
      '--device',
      'schsm-sim:a.json',
      '--out',
      'second',
      '--reinitialize',
      serial,
    );
    expect(unnamed.stderr).toMatch(/holds 2 keys \(Rehearsal EC P-256, Rehearsal RSA-2048\)/);
    const named = await custos(
      'init',
      '--plan',
      'random.json',
      '--device',
      'schsm-sim:a.json',
      '--out',
      'third',
      '--reinitialize',
      serial,
      '--erase-keys',
      '2',
    );
    expect(named.code, named.stderr).toBe(0);
  });
});
