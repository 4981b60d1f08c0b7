// `custos init` as a person runs it: a child process (the launcher), a plan file with password
// files next to it, a simulated primary in a state file. Afterwards the shares it wrote are
// proved the strongest way (a second simulator imports the .yhw files), and every file it left
// — and everything it printed — is searched for the shares, the passwords and the wrap key.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder, runCustos } from '../testing/run-custos';
import { CeremonyRecordSchema } from '../../../shared/records/ceremony-record';
import { recombine, restoreOnSecondary } from '../../ceremonies/init/testing/secondary';
import { secretSpellings } from '../../ceremonies/init/testing/secret-spellings';
import { ObjectType } from '../../hsm/yubihsm/protocol/object-types';
import { verifyShareCommitment } from '../../secrets/commitments';

const APP_PASSWORD = 'application pass phrase';
const AUDIT_PASSWORD = 'audit pass phrase';
const CUSTODIANS = [
  'Ada Lovelace',
  'Grace Hopper',
  'Katherine Johnson',
  'Radia Perlman',
  'Frances Allen',
];

let folder: string;
let userData: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-cli-init-'));
  userData = join(folder, 'user-data');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const run = (args: readonly string[]) => runCustos(['init', ...args], { cwd: folder, userData });

function writePlan(plan: Record<string, unknown>): void {
  // Password files end with a newline, as an editor leaves them; it is not part of the password.
  writeFileSync(join(folder, 'app.pw'), `${APP_PASSWORD}\n`);
  writeFileSync(join(folder, 'audit.pw'), `${AUDIT_PASSWORD}\n`);
  writeFileSync(join(folder, 'plan.json'), JSON.stringify(plan, null, 2));
}

const PLAN = {
  ceremony: 'CLI rehearsal',
  custodians: CUSTODIANS,
  threshold: 3,
  domains: [1],
  wrapKey: { id: 0 },
  applicationKey: { id: 0, passwordFile: 'app.pw' },
  auditKey: { id: 0, passwordFile: 'audit.pw' },
};

const ARGS = [
  '--plan',
  'plan.json',
  '--device',
  'sim:primary.json',
  '--out',
  'ceremony/',
  '--rehearsal-shares-dir',
  'shares/',
];

describe('custos init', () => {
  it('runs a 3-of-5 rehearsal: shares on file restore on a second simulator, and nothing else holds a secret', async () => {
    writePlan(PLAN);
    const result = await run(ARGS);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const names = readdirSync(join(folder, 'shares')).sort();
    expect(names).toEqual([
      '1-ada-lovelace.txt',
      '2-grace-hopper.txt',
      '3-katherine-johnson.txt',
      '4-radia-perlman.txt',
      '5-frances-allen.txt',
    ]);
    const shares = names.map((name) => readFileSync(join(folder, 'shares', name), 'utf8'));
    expect(shares.every((text) => /^3-[1-5]-[A-Za-z0-9+/]{70}\n$/.test(text))).toBe(true);
    const canonical = shares.map((text) => text.trimEnd());

    const record = CeremonyRecordSchema.parse(
      JSON.parse(readFileSync(join(folder, 'ceremony', 'ceremony.json'), 'utf8')),
    );
    expect(record).toMatchObject({
      status: 'completed',
      stage: 'finished',
      rehearsal: true,
      custodians: CUSTODIANS.map((name, index) => ({ index: index + 1, name })),
    });
    record.custodians.forEach((custodian, index) =>
      expect(verifyShareCommitment(canonical[index]!, custodian.commitment)).toBe(true),
    );
    expect(record.plan).not.toHaveProperty('applicationKey.passwordFile');
    expect(result.stdout).toContain(`Wrap key check value: ${record.wrapKey!.kcv}\n`);
    expect(result.stdout).toContain(`Transcript head: ${record.transcriptHead}\n`);
    expect(readdirSync(join(folder, 'ceremony')).sort()).toEqual([
      '0x0003-authentication-key.yhw',
      '0x0004-authentication-key.yhw',
      'ceremony.json',
      'transcript.jsonl',
    ]);

    const { secret, kcv } = await recombine([canonical[4]!, canonical[0]!, canonical[2]!]);
    expect(kcv).toBe(record.wrapKey!.kcv);
    // The password file's newline was not taken into the password: the key logs in on the secondary.
    const proof = await restoreOnSecondary(join(folder, 'ceremony'), secret, 3, APP_PASSWORD);
    expect(proof.imported).toEqual([
      { type: ObjectType.AuthenticationKey, id: 3 },
      { type: ObjectType.AuthenticationKey, id: 4 },
    ]);

    const forbidden = secretSpellings({
      shares: canonical,
      passwords: [APP_PASSWORD, AUDIT_PASSWORD],
      wrapKey: secret.key,
    });
    secret.key.fill(0);
    const searched = [
      ...filesUnder(join(folder, 'ceremony')),
      ...filesUnder(userData),
      join(folder, 'primary.json'),
      join(folder, 'plan.json'),
    ];
    expect(searched.length).toBeGreaterThan(5);
    for (const file of searched) {
      const content = readFileSync(file).toString('latin1');
      for (const { what, text } of forbidden)
        expect(content.includes(text), `${what} found in ${file}`).toBe(false);
    }
    for (const { what, text } of forbidden)
      expect(result.stdout.includes(text), `${what} printed`).toBe(false);
    expect(
      JSON.parse(readFileSync(join(userData, 'ceremonies-in-progress.json'), 'utf8')).entries,
    ).toEqual([]);
  });

  it('refuses any device but a simulated one before opening it, reading the plan or making a folder', async () => {
    const connections: number[] = [];
    const server: Server = createServer((socket) => {
      connections.push(1);
      socket.destroy();
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const port = (server.address() as { port: number }).port;
    try {
      for (const device of [`connector:http://127.0.0.1:${port}`, 'usb', 'usb:7550140']) {
        const result = await run([
          '--plan',
          'missing-plan.json',
          '--device',
          device,
          '--out',
          'ceremony/',
          '--rehearsal-shares-dir',
          'shares/',
        ]);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe(
          'custos init: init from the command line writes every share to a file, so it only runs against a simulated device (sim:<state file>); nothing was opened. Run real ceremonies in the Custos app.\n',
        );
      }
    } finally {
      await new Promise((closed) => server.close(closed));
    }
    expect(connections).toEqual([]);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a shares folder that is the ceremony folder or inside it, before reading the plan or writing anything', async () => {
    for (const [shares, where] of [
      [
        'ceremony/shares',
        'the shares folder ceremony/shares is inside the ceremony folder ceremony',
      ],
      ['ceremony/', 'the shares folder ceremony is the ceremony folder itself'],
    ] as const) {
      const result = await run([
        '--plan',
        'missing-plan.json',
        '--device',
        'sim:primary.json',
        '--out',
        'ceremony/',
        '--rehearsal-shares-dir',
        shares,
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `custos init: ${where}, which must never hold a share; give --rehearsal-shares-dir a folder outside --out. Nothing was written.\n`,
      );
    }
    // No ceremony folder, no shares folder, no simulator state, no user-data folder.
    expect(readdirSync(folder)).toEqual([]);
  });

  it('stops with one sentence at a bad plan, a folder that holds a ceremony, or a primary that is not fresh', async () => {
    writePlan({ ...PLAN, threshold: 6 });
    const badPlan = await run(ARGS);
    expect(badPlan.code).toBe(1);
    expect(badPlan.stderr).toBe(
      'custos init: The plan stopped at threshold: the threshold 6 is above the 5 custodians; it must be between 2 and 5.\n',
    );
    expect(existsSync(join(folder, 'ceremony'))).toBe(false);

    writePlan({
      ...PLAN,
      custodians: CUSTODIANS.slice(0, 2),
      threshold: 2,
      shareConfirmation: 'none',
    });
    expect((await run(ARGS)).code).toBe(0);
    const again = await run([
      '--plan',
      'plan.json',
      '--device',
      'sim:fresh.json',
      '--out',
      'ceremony/',
      '--rehearsal-shares-dir',
      'shares-2/',
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^custos init: The plan stopped at folder: .*ceremony already holds a ceremony \(ceremony\.json is there\); choose an empty folder so no record is overwritten\.\n$/,
    );

    const configured = await run([
      '--plan',
      'plan.json',
      '--device',
      'sim:primary.json',
      '--out',
      'ceremony-2/',
      '--rehearsal-shares-dir',
      'shares-3/',
    ]);
    expect(configured.code).toBe(1);
    expect(configured.stderr).toMatch(
      /^custos init: The factory authentication key \(id 1, password "password"\) does not open a session on this device, so it has already been configured\./,
    );
    expect(existsSync(join(folder, 'ceremony-2'))).toBe(false);
  });
});
