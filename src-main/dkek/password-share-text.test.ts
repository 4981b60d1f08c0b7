import { describe, expect, it } from 'vitest';
import { normalizeCheckWord, passwordShareCheckWord } from './check-word';
import { parsePasswordShareText, formatPasswordShareText } from './password-share-text';
import { reconstructPassword, type PasswordShare } from './password-shares';
import { V5, V6 } from './spec-vectors';

const big = (text: string) => BigInt(`0x${text.replace(/:/g, '')}`);
const p5 = big(V5.prime);
const share = (id: number): PasswordShare => ({ prime: p5, id, value: big(V5.shares[id - 1]!) });
const set = { threshold: 3, total: 5, fileName: 'dkek.pbe' };
const scHsmTool = (prime: string, id: number | string, value: string) =>
  `Prime       : ${prime}\nShare ID    : ${id}\nShare value : ${value}\n`;

describe("password share text (sc-hsm-tool's three lines, plus Custos's comments)", () => {
  it('writes the three fields exactly as sc-hsm-tool prints them', () => {
    const text = formatPasswordShareText(share(1), set);
    const fields = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(fields).toEqual([
      'Prime       : f5:56:46:c9:a5:a1:01:87',
      'Share ID    : 1',
      'Share value : 6c:45:78:ab:df:12:45:aa',
    ]);
    expect(text).toContain(`# Check word  : ${passwordShareCheckWord(p5, 1, share(1).value)}`);
    expect(text).toContain('# Threshold   : 3 of 5');
    expect(text).toContain('any 3 of the 5 shares open it');
  });

  it('writes share values at minimal length, leading zero bytes dropped, as sc-hsm-tool does', () => {
    const small = { prime: p5, id: 2, value: 0x00_00_be_45_39_d5_51_68n };
    expect(formatPasswordShareText(small, set)).toContain('Share value : be:45:39:d5:51:68\n');
  });

  it('reads back what it writes, every V5 share, with the check word and threshold', () => {
    for (let id = 1; id <= 5; id += 1) {
      const read = parsePasswordShareText(formatPasswordShareText(share(id), set), `${id}.txt`);
      expect(read).toEqual({
        ...share(id),
        source: `${id}.txt`,
        threshold: { threshold: 3, total: 5 },
      });
    }
  });

  it("reads sc-hsm-tool's own lines (no check word), with colons, spaces, any case, CRLF", () => {
    const texts = [
      scHsmTool(V6.prime, 1, V6.shares[0]!),
      scHsmTool('D7 E3 4E 0C 36 65 8F 93', 1, 'CD 65 76 F4 2D 10 F8 BA').replace(/\n/g, '\r\n'),
      scHsmTool('d7e34e0c36658f93', ' 1 ', 'cd6576f42d10f8ba'),
    ];
    for (const text of texts) {
      const read = parsePasswordShareText(text, 'typed');
      expect(read).toEqual({
        prime: big(V6.prime),
        id: 1,
        value: big(V6.shares[0]!),
        source: 'typed',
      });
    }
  });

  it('catches a mistyped value, ID or prime by the check word, naming the file', () => {
    const text = formatPasswordShareText(share(3), set);
    const typoValue = text.replace('01:be:45:39', '01:be:45:93');
    expect(() => parsePasswordShareText(typoValue, '3.txt')).toThrow(
      /3\.txt does not match its check word [0-9A-Z]{6}: the Prime, Share ID or Share value was mistyped/,
    );
    const typoId = text.replace('Share ID    : 3', 'Share ID    : 4');
    expect(() => parsePasswordShareText(typoId, '3.txt')).toThrow(/does not match its check word/);
  });

  it('catches every single-digit typo in a value by the check word', () => {
    const text = formatPasswordShareText(share(4), set);
    const value = V5.shares[3]!;
    let caught = 0;
    for (let at = 0; at < value.length; at += 1) {
      if (value[at] === ':') continue;
      for (const digit of '0123456789abcdef') {
        if (digit === value[at]) continue;
        const typo = value.slice(0, at) + digit + value.slice(at + 1);
        try {
          parsePasswordShareText(text.replace(value, typo), '4.txt');
        } catch {
          caught += 1;
        }
      }
    }
    expect(caught).toBe(16 * 15);
  });

  it('refuses a prime that is not a safe prime (a typo there), a hex ID, a value ≥ p', () => {
    expect(() =>
      parsePasswordShareText(scHsmTool('f5:56:46:c9:a5:a1:01:89', 1, '01'), 'a.txt'),
    ).toThrow(
      /The Prime in a\.txt \(f5:56:46:c9:a5:a1:01:89\) is not a password share set's prime/,
    );
    expect(() => parsePasswordShareText(scHsmTool(V5.prime, 'a', '01'), 'b.txt')).toThrow(
      /Custos reads IDs in decimal, as sc-hsm-tool prints them \(write 10, not a\)/,
    );
    expect(() => parsePasswordShareText(scHsmTool(V5.prime, 0, '01'), 'c.txt')).toThrow(
      /IDs start at 1/,
    );
    expect(() =>
      parsePasswordShareText(scHsmTool(V5.prime, 1, 'f5:56:46:c9:a5:a1:01:88'), 'd.txt'),
    ).toThrow(/The Share value in d\.txt is larger than the set allows/);
    expect(() => parsePasswordShareText(scHsmTool(V5.prime, 1, '6c:45:zz'), 'e.txt')).toThrow(
      /The Share value in e\.txt is not hex bytes/,
    );
  });

  it('refuses a file that is not a share file, or misses a field', () => {
    expect(() => parsePasswordShareText('Salted__\u0001\u0002', 'x.pbe')).toThrow(
      /Line 1 of x\.pbe is not one of the lines sc-hsm-tool prints/,
    );
    expect(() => parsePasswordShareText(`Prime : ${V5.prime}\nShare ID : 1\n`, 'y.txt')).toThrow(
      /y\.txt has no "Share value :" line/,
    );
    expect(() =>
      parsePasswordShareText(scHsmTool(V5.prime, 1, '01') + 'Share ID : 2\n', 'z.txt'),
    ).toThrow(/z\.txt has two Share ID lines/);
  });

  it('shows IDs of 10 and up in decimal with the hex ID sc-hsm-tool needs', () => {
    const text = formatPasswordShareText({ prime: p5, id: 10, value: 5n }, { ...set, total: 12 });
    expect(text).toContain('Share ID    : 10\n');
    expect(text).toContain('# sc-hsm-tool reads Share ID as hex: type a there, not 10');
    expect(parsePasswordShareText(text, '10.txt').id).toBe(10);
  });

  it('file round trip: 3 written shares of a 3-of-5 set rebuild the V5 password', () => {
    const read = [1, 3, 5].map((id) =>
      parsePasswordShareText(formatPasswordShareText(share(id), set), `${id}.txt`),
    );
    expect(Buffer.from(reconstructPassword(read)).toString('hex')).toBe(V5.secret);
  });

  it('check words: 6 characters, forgiving of case, O/0 and I/L/1 when typed', () => {
    const word = passwordShareCheckWord(p5, 1, share(1).value);
    expect(word).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(normalizeCheckWord(word.toLowerCase().replace(/0/g, 'o'))).toBe(word);
    expect(passwordShareCheckWord(p5, 2, share(1).value)).not.toBe(word);
    expect(passwordShareCheckWord(big(V6.prime), 1, share(1).value)).not.toBe(word);
  });
});
