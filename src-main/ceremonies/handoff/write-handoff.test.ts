// The KSP hand-off from a real ceremony folder: the .reg bytes parsed back as regedit reads them
// (UTF-16LE, BOM, CRLF, both keys, the DWORD), no password or share anywhere in what is written,
// the sheet's and the connector file's values the same as the record's, the transcript vouching
// for each file, a second hand-off beside the first, and bad input refused with its sentence.
// The CLI runs in process through runCli, as a person types it.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/cli';
import type { CliIo } from '../../cli/command';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { checkTranscript } from '../../records/transcript';
import {
  APP_KEY_ID,
  APP_PASSWORD,
  AUDIT_PASSWORD,
  PRIMARY_SERIAL,
  initializeCeremony,
  type InitializedCeremony,
} from '../common/testing/initialized-ceremony';
import { writeHandoff } from './write-handoff';

let dir: string;
let ceremony: InitializedCeremony;
const dirs: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-handoff-'));
  dirs.push(dir);
});
afterEach(async () => {
  for (const d of dirs.splice(1)) await rm(d, { recursive: true, force: true });
});

async function freshCeremony(): Promise<InitializedCeremony> {
  const parent = await mkdtemp(join(tmpdir(), 'custos-handoff-'));
  dirs.push(parent);
  ceremony = await initializeCeremony(join(parent, 'ceremony'));
  return ceremony;
}

/** regedit's reading of a version 5.00 file: sections, and each value as its type and data. */
function parseReg(bytes: Buffer): Map<string, Map<string, string | number>> {
  expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
  const text = bytes.subarray(2).toString('utf16le');
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only
  const lines = text.split('\r\n');
  expect(lines[0]).toBe('Windows Registry Editor Version 5.00');
  const sections = new Map<string, Map<string, string | number>>();
  let current: Map<string, string | number> | undefined;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      continue;
    }
    const value = /^"([^"]+)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]{8}))$/.exec(line);
    expect(value, `a value line: ${line}`).not.toBeNull();
    current!.set(
      value![1]!,
      value![3] !== undefined ? parseInt(value![3], 16) : value![2]!.replace(/\\(.)/g, '$1'),
    );
  }
  return sections;
}

describe('the KSP hand-off', () => {
  it('writes the .reg file, the connector configuration and the sheet, all agreeing with the record, with no secret', async () => {
    const c = await freshCeremony();
    const result = await writeHandoff({
      folderPath: c.folderPath,
      connectorUrl: 'http://localhost:12345/',
      toolVersion: '0.0.0-test',
      clock: () => new Date('2026-06-01T10:00:00Z'),
    });
    const base = `ksp-handoff-${PRIMARY_SERIAL}`;
    expect(result.files.map((f) => f.file)).toEqual([
      `${base}.reg`,
      `${base}-connector.yaml`,
      `${base}.html`,
    ]);
    const reg = parseReg(await readFile(join(c.folderPath, `${base}.reg`)));
    const values = new Map<string, string | number>([
      ['ConnectorURL', 'http://localhost:12345'],
      ['AuthKeysetID', APP_KEY_ID],
    ]);
    expect(reg).toEqual(
      new Map([
        ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Yubico\\YubiHSM', values],
        ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Yubico\\YubiHSM', values],
      ]),
    );
    const yaml = await readFile(join(c.folderPath, `${base}-connector.yaml`), 'utf8');
    expect(yaml).toMatch(/^listen: 127\.0\.0\.1:12345$/m);
    expect(yaml).toMatch(
      new RegExp(`^serial: "${String(PRIMARY_SERIAL).padStart(10, '0')}"$`, 'm'),
    );
    const sheet = await readFile(join(c.folderPath, `${base}.html`), 'utf8');
    const cell = (name: string) => new RegExp(`data-value="${name}">([^<]*)<`).exec(sheet)?.[1];
    expect(cell('connector-url')).toBe('http://localhost:12345');
    expect(cell('auth-key-id')).toBe(
      `0x${APP_KEY_ID.toString(16).padStart(4, '0')} (decimal ${APP_KEY_ID})`,
    );
    expect(cell('listen')).toBe('127.0.0.1:12345');
    expect(sheet).toContain('sc config certsvc depend= yhconsvr');
    expect(sheet).toContain('sc qc certsvc');
    expect(sheet).toContain('sc config certsvc depend= /');
    expect(sheet).not.toMatch(/<script|src="(?!data:)|href="http/i);

    // No password (nor a place holding one) and no share in anything written.
    for (const file of result.files) {
      const bytes = await readFile(join(c.folderPath, file.file));
      const text = file.file.endsWith('.reg')
        ? bytes.subarray(2).toString('utf16le')
        : bytes.toString('utf8');
      for (const secret of [APP_PASSWORD, AUDIT_PASSWORD, 'password"', ...c.shares])
        expect(text.includes(secret), `${file.file} holds a secret`).toBe(false);
      if (!file.file.endsWith('.html')) expect(text).not.toContain('AuthKeysetPassword');
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    const transcript = checkTranscript(
      await readFile(join(c.folderPath, 'transcript.jsonl'), 'utf8'),
    );
    const event = transcript.ok && transcript.lines.at(-1);
    expect(event && [event.event, event.data]).toEqual([
      'ksp-handoff-written',
      {
        serial: PRIMARY_SERIAL,
        role: 'primary',
        connectorUrl: 'http://localhost:12345',
        listen: '127.0.0.1:12345',
        authKeyId: APP_KEY_ID,
        files: result.files,
      },
    ]);
  });

  it('through the CLI: the default connector URL, a second hand-off beside the first, and each bad input with its sentence and exit status', async () => {
    const c = await freshCeremony();
    const run = async (args: string[]) => {
      const io: CliIo & { out: string; err: string } = {
        out: '',
        err: '',
        cwd: join(c.folderPath, '..'),
        stopRequested: new Promise<string>(() => undefined),
        stdout: (text: string) => {
          io.out += text;
        },
        stderr: (text: string) => {
          io.err += text;
        },
      };
      const code = await runCli(['handoff', ...args], io);
      return { code, out: io.out, err: io.err };
    };
    const first = await run(['--folder', 'ceremony/']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      new RegExp(
        `^KSP hand-off for YubiHSM 2 serial ${PRIMARY_SERIAL} \\(the primary\\): ConnectorURL http://127\\.0\\.0\\.1:12345, AuthKeysetID 0x0003, connector listening on 127\\.0\\.0\\.1:12345\\.\\n  ceremony/ksp-handoff-${PRIMARY_SERIAL}\\.reg  sha256 [0-9a-f]{64}\\n`,
      ),
    );
    const before = await readFile(join(c.folderPath, `ksp-handoff-${PRIMARY_SERIAL}.reg`));
    const second = await run(['--folder', 'ceremony/', '--connector-url', 'http://10.0.0.5:12345']);
    expect(second.code).toBe(0);
    expect(second.out).toContain(`ceremony/ksp-handoff-${PRIMARY_SERIAL}-2.reg`);
    expect(await readFile(join(c.folderPath, `ksp-handoff-${PRIMARY_SERIAL}.reg`))).toEqual(before);
    const remoteSheet = await readFile(
      join(c.folderPath, `ksp-handoff-${PRIMARY_SERIAL}-2.html`),
      'utf8',
    );
    expect(remoteSheet).toContain('not on loopback');

    const filesBefore = (await readdir(c.folderPath)).sort();
    const recordBefore = await readFile(join(c.folderPath, 'ceremony.json'), 'utf8');
    const bad: [string[], number, string][] = [
      [
        ['--folder', 'ceremony/', '--connector-url', 'ftp://127.0.0.1:12345'],
        1,
        'custos handoff: The connector URL must start with http:// or https://, not ftp://.\n',
      ],
      [
        ['--folder', 'ceremony/', '--connector-url', 'http://127.0.0.1:12345/connector/api'],
        1,
        'custos handoff: The connector URL is only a scheme, a host and a port (no path, query or credentials).\n',
      ],
      [
        ['--folder', 'ceremony/', '--serial', '7550002'],
        1,
        `custos handoff: Serial 7550002 is neither this ceremony's primary (${PRIMARY_SERIAL}) nor a secondary it restored completely.\n`,
      ],
      [
        ['--folder', 'ceremony/', '--serial', 'seven'],
        2,
        `custos handoff: --serial is a device serial number (digits), not "seven". Run 'custos handoff --help' for the options.\n`,
      ],
      [
        ['--folder', '.'],
        1,
        `custos handoff: ${join(c.folderPath, '..')} holds no Custos ceremony record: the hand-off is written from a ceremony's record.\n`,
      ],
    ];
    for (const [args, code, err] of bad) {
      const result = await run(args);
      expect(result.err, args.join(' ')).toBe(err);
      expect(result.code).toBe(code);
      expect(result.out).toBe('');
    }
    expect((await readdir(c.folderPath)).sort()).toEqual(filesBefore);
    expect(await readFile(join(c.folderPath, 'ceremony.json'), 'utf8')).toBe(recordBefore);
  });

  it('is for the primary or a secondary the record says was restored completely', async () => {
    const c = await freshCeremony();
    const folder = await CeremonyFolder.open(c.folderPath);
    expect(folder.record.restores).toBeUndefined();
    await expect(
      writeHandoff({ folderPath: c.folderPath, serial: 1234, toolVersion: 't' }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
