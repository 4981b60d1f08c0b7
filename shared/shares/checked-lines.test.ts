import { describe, expect, it } from 'vitest';
import {
  CHECK_ALPHABET,
  checkCharacter,
  describeTypedLine,
  formatCheckedLine,
  joinLines,
  lineLengths,
  readTypedLine,
  toCheckedLines,
} from './checked-lines';

// Share texts from spec/yubihsm-setup-interop.md §3.5 and a yubihsm-manager-shaped line (§7).
const SETUP_LINES = [
  '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw',
  '3-3-WRG84kPE+1kj9MtDBONBI8XWYvSDWDnH59YahMwq1ujvOZXLU9Xp8BDGylQc+uEf/+lFGw',
  '3-5-fFIhw8q2jUC0xZ72RZksiCDvo4lwOeYeCiYTS/f5eznLXC7MCXRM6KHRuTKOU42SPPZXtQ',
];
const MANAGER_LINE =
  '3-12-00020001000000000000300000000000010139f0000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

/** Reproducible random share-like texts (base64 and hex), to widen the exhaustive checks. */
function randomShares(count: number): string[] {
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return Array.from({ length: count }, (_, i) => {
    const hex = i % 2 === 1;
    const alphabet = hex ? '0123456789abcdef' : CHECK_ALPHABET;
    const body = Array.from(
      { length: hex ? 104 : 70 },
      () => alphabet[next() % alphabet.length],
    ).join('');
    return `${(next() % 9) + 1}-${(next() % 9) + 1}-${body}`;
  });
}

/** Every full line (text + check character) of the sample shares, with its line number. */
const samples = [...SETUP_LINES, MANAGER_LINE, ...randomShares(40)].flatMap((share) =>
  toCheckedLines(share).map((line) => ({ number: line.number, typed: line.text + line.check })),
);

const accepts = (number: number, typed: string) =>
  readTypedLine(number, typed, typed.length - 1).ok;

describe('checked lines', () => {
  it('cuts a 74-character setup share into lines of 16 in groups of 4, and joins back', () => {
    const lines = toCheckedLines(SETUP_LINES[0]!);
    expect(lines.map((l) => l.text.length)).toEqual([16, 16, 16, 16, 10]);
    expect(lineLengths(74)).toEqual([16, 16, 16, 16, 10]);
    expect(lines[0]!.groups).toEqual(['2-1-', 'KXC7', 'BU2W', '3yhx']);
    expect(lines[4]!.groups).toEqual(['512L', 'xT91', 'qw']);
    expect(joinLines(lines.map((l) => l.text))).toBe(SETUP_LINES[0]);
  });

  it('computes the check character as specified (hand-worked values)', () => {
    // Line 1, "A" (0): interim = 2·1 ⊕ 0 = 2; check = 2·2 = 4 → 'E'.
    expect(checkCharacter(1, 'A')).toBe('E');
    // Line 1, "/" (63): interim = 2 ⊕ 63 = 61; 2·61 = 122 → reduce by 0x43 → 57 → '5'.
    expect(checkCharacter(1, '/')).toBe('5');
    // '-' counts as 63, like '/'.
    expect(checkCharacter(1, '-')).toBe('5');
    expect(() => checkCharacter(0, 'A')).toThrow(/outside/);
    expect(() => checkCharacter(1, '*')).toThrow(/alphabet/);
  });

  it('accepts a line typed as printed, spaces and all', () => {
    for (const line of toCheckedLines(SETUP_LINES[1]!)) {
      expect(readTypedLine(line.number, formatCheckedLine(line), line.text.length)).toEqual({
        ok: true,
        text: line.text,
      });
      expect(
        readTypedLine(line.number, ` ${formatCheckedLine(line).replace(/ /g, '   ')}\t`),
      ).toEqual({ ok: true, text: line.text });
    }
  });

  it('catches every single-character substitution, the check character included', () => {
    let tried = 0;
    for (const { number, typed } of samples) {
      expect(accepts(number, typed)).toBe(true);
      for (let at = 0; at < typed.length; at++) {
        for (const replacement of CHECK_ALPHABET) {
          if (
            CHECK_ALPHABET.indexOf(replacement) ===
            CHECK_ALPHABET.indexOf(typed[at] === '-' ? '/' : typed[at]!)
          )
            continue;
          const wrong = typed.slice(0, at) + replacement + typed.slice(at + 1);
          if (accepts(number, wrong)) throw new Error(`missed ${wrong} for line ${number}`);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(250_000);
  });

  it('catches every adjacent transposition, including text with its check character', () => {
    let tried = 0;
    for (const { number, typed } of samples) {
      for (let at = 0; at + 1 < typed.length; at++) {
        const a = typed[at]!;
        const b = typed[at + 1]!;
        if (a === b || (a === '-' && b === '/') || (a === '/' && b === '-')) continue;
        const swapped = typed.slice(0, at) + b + a + typed.slice(at + 2);
        if (accepts(number, swapped)) throw new Error(`missed ${swapped} for line ${number}`);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(3_500);
  });

  it("catches two lines swapped (a line typed in another line's place)", () => {
    for (const share of [...SETUP_LINES, MANAGER_LINE, ...randomShares(40)]) {
      const lines = toCheckedLines(share);
      for (const a of lines) {
        for (const b of lines) {
          if (a === b || a.text.length !== b.text.length) continue;
          expect(readTypedLine(b.number, a.text + a.check, b.text.length)).toEqual({
            ok: false,
            reason: 'check-mismatch',
          });
        }
      }
    }
  });

  it('reports wrong length and bad characters with where they are', () => {
    expect(readTypedLine(2, 'ABCD EFGH IJKL MNO P', 16)).toEqual({
      ok: false,
      reason: 'wrong-length',
      expected: 16,
      actual: 15,
    });
    expect(readTypedLine(2, 'ABCD EF*H IJKL MNOP Q', 16)).toEqual({
      ok: false,
      reason: 'bad-character',
      position: 7,
    });
    expect(readTypedLine(5, '', undefined)).toMatchObject({ ok: false, reason: 'wrong-length' });
    expect(readTypedLine(5, 'x'.repeat(18), undefined)).toMatchObject({
      ok: false,
      reason: 'wrong-length',
      actual: 17,
    });
  });

  it('reads a last line of unknown length', () => {
    const last = toCheckedLines(SETUP_LINES[2]!).at(-1)!;
    expect(readTypedLine(last.number, formatCheckedLine(last))).toEqual({
      ok: true,
      text: last.text,
    });
  });

  it("reads hex lines case-insensitively and only hex, keeping the check character's case", () => {
    const lines = toCheckedLines(MANAGER_LINE);
    const line = lines.find((l) => /[a-f]/.test(l.text) && /[A-Z]/.test(l.check)) ?? lines[2]!;
    const upper = line.text.toUpperCase() + line.check;
    expect(readTypedLine(line.number, upper, line.text.length, { hex: true })).toEqual({
      ok: true,
      text: line.text,
    });
    expect(readTypedLine(line.number, upper, line.text.length)).toMatchObject({ ok: false });
    const notHex = `g${line.text.slice(1)}${line.check}`;
    expect(readTypedLine(line.number, notHex, line.text.length, { hex: true })).toEqual({
      ok: false,
      reason: 'bad-character',
      position: 1,
    });
  });

  it('describes each problem as a sentence naming the line', () => {
    expect(describeTypedLine(3, { ok: false, reason: 'check-mismatch' })).toBe(
      'Line 3 does not match its check character: look for a mistyped or swapped character on this line.',
    );
    expect(
      describeTypedLine(2, { ok: false, reason: 'wrong-length', expected: 16, actual: 15 }),
    ).toBe(
      'Line 2 has 16 characters including its check character; it should have 17. Look for a missing or extra character.',
    );
    expect(describeTypedLine(1, { ok: false, reason: 'bad-character', position: 4 })).toMatch(
      /^Character 4 of line 1 /,
    );
  });
});
