// `custos dkek share create|check` as a person runs it: the real command in a child process
// (the launcher), real files in a temporary folder, sc-hsm-tool's cost of 10^7 MD5 rounds per key
// (a few seconds each, so the derivations here are counted and kept few).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { V3, V6, hex } from '../../dkek/spec-vectors';
import { CUSTOS_COMMAND } from '../../testing/custos-command';

const entry = CUSTOS_COMMAND;
const SLOW = { timeout: 240_000 };

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-dkek-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command; node runs the launcher itself, so a Ctrl+C (`stop`) reaches Custos directly.
 */
function custos(args: string[], onStderr?: (text: string, stop: () => void) => void): Promise<Run> {
  const command = [process.execPath, entry, ...args];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: folder,
    env: { ...process.env, CUSTOS_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr, () => child.kill('SIGINT'));
  });
  return new Promise((done) =>
    child.on('exit', (code) => setImmediate(() => done({ code, stdout, stderr }))),
  );
}

const checkValueOf = (run: Run) => /^check value ([0-9A-F]{16})$/m.exec(run.stdout)?.[1];

describe('custos dkek share (password)', () => {
  it(
    'creates a file that check opens to the same check value; never overwrites it',
    SLOW,
    async () => {
      await writeFile(join(folder, 'pw.txt'), 'a long custodian password\n');
      const created = await custos([
        'dkek',
        'share',
        'create',
        '--out',
        'new.pbe',
        '--password-file',
        'pw.txt',
      ]);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stderr).toContain('step 1 of 3');
      expect(created.stderr).toContain('step 3 of 3');
      const file = await readFile(join(folder, 'new.pbe'));
      expect(file).toHaveLength(64);
      expect(file.subarray(0, 8).toString()).toBe('Salted__');
      expect((await stat(join(folder, 'new.pbe'))).mode & 0o777).toBe(0o600);

      const checked = await custos([
        'dkek',
        'share',
        'check',
        'new.pbe',
        '--password-file',
        'pw.txt',
      ]);
      expect(checked.code, checked.stderr).toBe(0);
      expect(checkValueOf(checked)).toBe(checkValueOf(created));
      expect(checked.stdout).toBe(`check value ${checkValueOf(created)}\n`);

      const again = await custos([
        'dkek',
        'share',
        'create',
        '--out',
        'new.pbe',
        '--password-file',
        'pw.txt',
      ]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(
        /new\.pbe already exists and is never overwritten.*Nothing was written/,
      );
      expect(await readFile(join(folder, 'new.pbe'))).toEqual(file);
    },
  );

  it("opens sc-hsm-tool's V3 file, refuses a wrong password with a sentence", SLOW, async () => {
    await writeFile(join(folder, 'v3.pbe'), hex(V3.file));
    await writeFile(join(folder, 'pw.txt'), 'testpw\n');
    await writeFile(join(folder, 'wrong.txt'), 'testpW\n');
    const wrong = await custos([
      'dkek',
      'share',
      'check',
      'v3.pbe',
      '--password-file',
      'wrong.txt',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/custos dkek: The password does not open v3\.pbe: it is wrong/);
  });

  it('refuses a truncated file and a foreign one before any derivation', async () => {
    await writeFile(join(folder, 'short.pbe'), hex(V3.file).subarray(0, 63));
    await writeFile(join(folder, 'foreign.pbe'), Buffer.alloc(64, 0x41));
    await writeFile(join(folder, 'pw.txt'), 'testpw\n');
    const short = await custos([
      'dkek',
      'share',
      'check',
      'short.pbe',
      '--password-file',
      'pw.txt',
    ]);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/short\.pbe is 63 bytes long, but a DKEK share file is 64/);
    expect(short.stderr).not.toContain('step 1');
    const foreign = await custos([
      'dkek',
      'share',
      'check',
      'foreign.pbe',
      '--password-file',
      'pw.txt',
    ]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/foreign\.pbe does not begin with "Salted__"/);
  });

  it('refuses a short password for a new file, and a command line that mixes the two ways', async () => {
    await writeFile(join(folder, 'pw.txt'), 'abc\n');
    const short = await custos([
      'dkek',
      'share',
      'create',
      '--out',
      'x.pbe',
      '--password-file',
      'pw.txt',
    ]);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/is 3 characters; sc-hsm-tool asks for at least 6/);
    const mixed = await custos([
      'dkek',
      'share',
      'create',
      '--out',
      'x.pbe',
      '--password-file',
      'pw.txt',
      '--threshold',
      '2',
    ]);
    expect(mixed.code).toBe(2);
    const bare = await custos(['dkek', 'share']);
    expect(bare.code).toBe(2);
    expect(existsSync(join(folder, 'x.pbe'))).toBe(false);
  });

  it('stops on Ctrl+C while deriving, writing nothing', SLOW, async () => {
    await writeFile(join(folder, 'pw.txt'), 'a long custodian password\n');
    let sent = false;
    const run = await custos(
      ['dkek', 'share', 'create', '--out', 'new.pbe', '--password-file', 'pw.txt'],
      (stderr, stop) => {
        if (!sent && stderr.includes('step 1 of 3')) {
          sent = true;
          stop();
        }
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Stopped on request while deriving the key; nothing was written/);
    expect(existsSync(join(folder, 'new.pbe'))).toBe(false);
  });
});

describe('custos dkek share (n-of-m password shares)', () => {
  it(
    'creates a 2-of-3 set that opens with shares 1 and 3, and catches every bad share set',
    SLOW,
    async () => {
      await mkdir(join(folder, 'vault'));
      const created = await custos([
        'dkek',
        'share',
        'create',
        '--out',
        'vault/dkek.pbe',
        '--threshold',
        '2',
        '--total',
        '3',
        '--password-shares-dir',
        'media/shares',
      ]);
      expect(created.code, created.stderr).toBe(0);
      const text = await readFile(join(folder, 'media/shares/1.txt'), 'utf8');
      expect(text).toMatch(/^Prime {7}: ([0-9a-f]{2}:){7}[0-9a-f]{2}$/m);
      expect(text).toMatch(/^Share ID {4}: 1$/m);
      expect(text).toMatch(/^Share value : [0-9a-f]{2}(:[0-9a-f]{2}){0,7}$/m);
      expect(text).toMatch(/^# Check word {2}: [0-9A-Z]{6}$/m);
      expect(created.stdout).toContain(
        'media/shares/1.txt, media/shares/2.txt, media/shares/3.txt',
      );

      const opened = await custos([
        'dkek',
        'share',
        'check',
        'vault/dkek.pbe',
        '--password-share',
        'media/shares/1.txt',
        '--password-share',
        'media/shares/3.txt',
      ]);
      expect(opened.code, opened.stderr).toBe(0);
      expect(checkValueOf(opened)).toBe(checkValueOf(created));

      // Each failure below is caught before any key derivation.
      const check = (...shares: string[]) =>
        custos([
          'dkek',
          'share',
          'check',
          'vault/dkek.pbe',
          ...shares.flatMap((s) => ['--password-share', s]),
        ]);
      const fewer = await check('media/shares/2.txt');
      expect(fewer.stderr).toMatch(/Only 1 password share was given; a set needs at least 2/);
      const twice = await check('media/shares/2.txt', 'media/shares/2.txt');
      expect(twice.stderr).toMatch(
        /media\/shares\/2\.txt and media\/shares\/2\.txt are the same share \(ID 2\)/,
      );

      const value = /^Share value : (.*)$/m.exec(text)![1]!;
      const typo = value.slice(0, -1) + (value.endsWith('0') ? '1' : '0');
      await writeFile(join(folder, 'typo.txt'), text.replace(value, typo));
      const mistyped = await check('typo.txt', 'media/shares/3.txt');
      expect(mistyped.stderr).toMatch(/typo\.txt does not match its check word/);

      await writeFile(
        join(folder, 'other-set.txt'),
        `Prime       : ${V6.prime}\nShare ID    : 1\nShare value : ${V6.shares[0]}\n`,
      );
      const foreign = await check('media/shares/3.txt', 'other-set.txt');
      expect(foreign.stderr).toMatch(
        /other-set\.txt belongs to another password share set than media\/shares\/3\.txt/,
      );
      for (const run of [fewer, twice, mistyped, foreign]) {
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).not.toContain('step 1');
      }
    },
  );

  it(
    'opens the V6 file sc-hsm-tool made, from its printed shares typed into files',
    SLOW,
    async () => {
      await writeFile(
        join(folder, 'v6.pbe'),
        Buffer.concat([hex(V6.file), Buffer.from('trailing\n')]),
      );
      for (const id of [2, 3])
        await writeFile(
          join(folder, `${id}.txt`),
          `Prime       : ${V6.prime}\nShare ID    : ${id}\nShare value : ${V6.shares[id - 1]}\n`,
        );
      const run = await custos([
        'dkek',
        'share',
        'check',
        'v6.pbe',
        '--password-share',
        '2.txt',
        '--password-share',
        '3.txt',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(`check value ${V6.checkValue}\n`);
      expect(run.stderr).toContain(
        'Note: v6.pbe has 9 bytes after the 64 a share file holds; ignored, as sc-hsm-tool ignores them.',
      );
    },
  );

  it("keeps password shares out of the .pbe file's folder, and sc-hsm-tool's ID limit", async () => {
    await mkdir(join(folder, 'vault'));
    const beside = await custos([
      'dkek',
      'share',
      'create',
      '--out',
      'vault/dkek.pbe',
      '--threshold',
      '2',
      '--total',
      '3',
      '--password-shares-dir',
      'vault/shares',
    ]);
    expect(beside.code).toBe(1);
    expect(beside.stderr).toMatch(
      /The password shares folder vault\/shares and vault\/dkek\.pbe would share a folder/,
    );
    const tooMany = await custos([
      'dkek',
      'share',
      'create',
      '--out',
      'vault/dkek.pbe',
      '--threshold',
      '2',
      '--total',
      '10',
      '--password-shares-dir',
      'shares',
    ]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(/share 10 would be taken for 16/);
    const noFolder = await custos([
      'dkek',
      'share',
      'create',
      '--out',
      'missing/dkek.pbe',
      '--threshold',
      '2',
      '--total',
      '3',
      '--password-shares-dir',
      'shares',
    ]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toMatch(/The folder missing for missing\/dkek\.pbe does not exist/);
    for (const run of [beside, tooMany, noFolder]) expect(run.stderr).not.toContain('step 1');
    expect(existsSync(join(folder, 'vault/dkek.pbe'))).toBe(false);
    expect(existsSync(join(folder, 'vault/shares'))).toBe(false);
    expect(existsSync(join(folder, 'shares'))).toBe(false);
    expect(existsSync(join(folder, 'missing'))).toBe(false);
  });
});
