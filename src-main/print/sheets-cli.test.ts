// The headless `custos sheets` command, run through the real dispatcher against real ceremony
// folders and share files; one written sheet is printed in Chromium and its QR code decoded.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/cli';
import { sheetsCommand } from '../cli/commands/sheets';
import { NOT_A_REHEARSAL, sheetFileName } from './rehearsal-sheets';
import { openSheetPdfPrinter, pdfInfo, scanQrCodes } from './testing/chromium-pdf';
import {
  CUSTODIANS,
  createThreeOfFiveCeremony,
  type FixtureOptions,
} from './testing/rehearsal-ceremony';

const scratch = mkdtempSync(join(tmpdir(), 'custos-sheets-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

/** A ceremony folder plus a shares folder holding <index>-<name>.txt files, as a rehearsal leaves them. */
async function rehearsal(options: FixtureOptions = {}) {
  const base = join(scratch, `case-${++counter}`);
  const ceremony = await createThreeOfFiveCeremony(join(base, 'ceremony'), options);
  const shares = join(base, 'shares');
  mkdirSync(shares);
  ceremony.shares.forEach((share, i) => {
    const slug = CUSTODIANS[i]!.split(' ')[0]!.toLowerCase();
    // Editors add a trailing newline, some with CR LF: both are allowed.
    writeFileSync(join(shares, `${i + 1}-${slug}.txt`), i === 1 ? `${share}\r\n` : `${share}\n`);
  });
  return { base, ceremony, shares, html: join(base, 'sheets') };
}

async function sheets(base: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['sheets', ...args],
    {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      cwd: base,
      stopRequested: new Promise(() => {}),
    },
    [sheetsCommand],
  );
  return { code, stdout, stderr };
}

const standardArgs = [
  '--folder',
  'ceremony',
  '--rehearsal-shares-dir',
  'shares',
  '--html-dir',
  'sheets',
];

function expectNoShareIn(text: string, shares: readonly string[]): void {
  for (const share of shares) expect(text).not.toContain(share.slice(4, 20));
}

describe('custos sheets', () => {
  it('writes one private, self-contained sheet per custodian and says where', async () => {
    const { base, ceremony, html } = await rehearsal();
    const result = await sheets(base, ...standardArgs);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expected = CUSTODIANS.map((name, i) => sheetFileName(i + 1, name));
    expect(expected[2]).toBe('3-katherine-johnson.html');
    expect(readdirSync(html).sort()).toEqual([...expected].sort());
    expect(result.stdout).toContain('Wrote 5 share sheets (A4) to sheets:\n');
    expect(result.stdout).toContain(
      '  3-katherine-johnson.html  Katherine Johnson, share 3 of 5\n',
    );
    expectNoShareIn(result.stdout, ceremony.shares);
    expected.forEach((file, i) => {
      const page = readFileSync(join(html, file), 'utf8');
      expect(statSync(join(html, file)).mode & 0o777).toBe(0o600);
      expect(page).toContain('@page{size:A4 portrait;');
      expect(page).toContain(CUSTODIANS[i]);
      for (const other of CUSTODIANS.filter((_, j) => j !== i)) expect(page).not.toContain(other);
    });
  });

  it('writes sheets a browser prints on the chosen paper with a QR code of the share', async () => {
    const { base, ceremony, html } = await rehearsal();
    expect((await sheets(base, ...standardArgs, '--paper', 'letter')).code).toBe(0);
    const printer = await openSheetPdfPrinter();
    try {
      const file = join(base, 'printed.pdf');
      const printed = await printer.render(
        readFileSync(join(html, sheetFileName(2, CUSTODIANS[1])), 'utf8'),
        file,
      );
      expect(printed.requests).toHaveLength(1);
      expect(pdfInfo(file)).toEqual({ pages: 1, widthPt: 612, heightPt: 792 });
      const [symbols] = scanQrCodes(file, base);
      expect(symbols![0]!.equals(Buffer.from(ceremony.shares[1]!, 'ascii'))).toBe(true);
    } finally {
      await printer.close();
    }
  }, 60_000);

  it('refuses to overwrite sheets unless --replace is given', async () => {
    const { base, html } = await rehearsal();
    expect((await sheets(base, ...standardArgs)).code).toBe(0);
    const target = join(html, '1-ada-lovelace.html');
    writeFileSync(target, 'kept');
    const again = await sheets(base, ...standardArgs);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `custos sheets: ${target} already exists and was kept; remove it, choose another --html-dir, or pass --replace.\n`,
    );
    expect(readFileSync(target, 'utf8')).toBe('kept');
    expect((await sheets(base, ...standardArgs, '--replace')).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toContain('Ada Lovelace');
  });

  it('refuses a real ceremony, and a rehearsal record that names a real device', async () => {
    for (const options of [
      { rehearsal: false, simulated: false },
      { rehearsal: true, simulated: false },
    ]) {
      const { base, html } = await rehearsal(options);
      const result = await sheets(base, ...standardArgs);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`custos sheets: ${NOT_A_REHEARSAL}.\n`);
      expect(existsSync(html)).toBe(false);
    }
  });

  it("refuses a share that does not match its custodian's commitment, naming the custodian, and writes nothing", async () => {
    const { base, ceremony, shares, html } = await rehearsal();
    // Katherine's file holds a well-formed share 3 that is one character off.
    const wrong = ceremony.shares[2]!.replace(/.$/, (last) => (last === 'w' ? 'g' : 'w'));
    writeFileSync(join(shares, '3-katherine.txt'), `${wrong}\n`);
    const result = await sheets(base, ...standardArgs);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'custos sheets: 3-katherine.txt: the share given for Katherine Johnson (share 3) does not match the commitment in the ceremony record; it is not the share this ceremony gave Katherine Johnson; no sheet was written.\n',
    );
    expectNoShareIn(result.stderr, [...ceremony.shares, wrong]);
    expect(existsSync(html)).toBe(false);
  });

  it("refuses another custodian's share filed under the wrong number", async () => {
    const { base, ceremony, shares } = await rehearsal();
    writeFileSync(join(shares, '4-radia.txt'), ceremony.shares[0]!);
    const result = await sheets(base, ...standardArgs);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '4-radia.txt: the share given for Radia Perlman is share 1 with threshold 3, but Radia Perlman holds share 4',
    );
  });

  it('names custodians without a share file, and files it cannot match', async () => {
    const missing = await rehearsal();
    rmSync(join(missing.shares, '5-frances.txt'));
    expect((await sheets(missing.base, ...standardArgs)).stderr).toContain(
      'has no share file for Frances Allen (share 5)',
    );

    const stray = await rehearsal();
    writeFileSync(join(stray.shares, 'notes.txt'), 'hello');
    expect((await sheets(stray.base, ...standardArgs)).stderr).toContain('notes.txt in');

    const extra = await rehearsal();
    writeFileSync(join(extra.shares, '6-nobody.txt'), extra.ceremony.shares[0]!);
    expect((await sheets(extra.base, ...standardArgs)).stderr).toContain(
      '6-nobody.txt is for share 6, but the ceremony record has no custodian holding share 6',
    );
  });

  it('refuses to write sheets into the ceremony folder, which must never hold a share', async () => {
    const { base, ceremony } = await rehearsal();
    const before = readdirSync(ceremony.folder.path).sort();
    for (const [html, where] of [
      [
        'ceremony/sheets',
        `the sheets folder ${join(base, 'ceremony', 'sheets')} is inside the ceremony folder ${join(base, 'ceremony')}`,
      ],
      ['ceremony', `the sheets folder ${join(base, 'ceremony')} is the ceremony folder itself`],
    ] as const) {
      const result = await sheets(
        base,
        '--folder',
        'ceremony',
        '--rehearsal-shares-dir',
        'shares',
        '--html-dir',
        html,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `custos sheets: ${where}, which must never hold a share; give --html-dir a folder outside --folder. No sheet was written.\n`,
      );
    }
    expect(readdirSync(ceremony.folder.path).sort()).toEqual(before);
  });

  it('says what is wrong with the command line or the folder', async () => {
    const { base } = await rehearsal();
    const paper = await sheets(base, ...standardArgs, '--paper', 'a3');
    expect(paper.code).toBe(2);
    expect(paper.stderr).toContain('--paper is a4 or letter, not "a3"');
    expect(
      (await sheets(base, '--rehearsal-shares-dir', 'shares', '--html-dir', 'sheets')).code,
    ).toBe(2);
    const noCeremony = await sheets(
      base,
      '--folder',
      'shares',
      '--rehearsal-shares-dir',
      'shares',
      '--html-dir',
      'sheets',
    );
    expect(noCeremony.code).toBe(1);
    expect(noCeremony.stderr).toContain(
      'holds no Custos ceremony record (ceremony.json is missing)',
    );
  });
});
