// How a share is shown on screen, printed on a sheet and typed back at a restore: the canonical
// text in lines of 16 characters (groups of 4 for reading), each line with one check character.
//
// Check scheme (a Damm-style check over GF(64), modulus x^6 + x + 1, multiplier a = x):
//   interim = line number (1-based); for each character: interim = a·interim ⊕ value;
//   check = a·interim, written as the alphabet character with that value.
// Running the same step over text + check ends at 0. Because a ≠ 0 and a ≠ 1 in the field,
// every single-character substitution (a^k·δ ≠ 0) and every adjacent transposition, the check
// character included ((a ⊕ 1)·a^k·δ ≠ 0), changes the result; and because the line number is
// the starting value, a whole line typed in another line's place (two lines swapped) is caught.
//
// Values are positions in the base64 alphabet; '-' counts as 63 like '/', so a dash typed for
// a slash passes the check and is caught by the share format's own rules instead. Hex is
// case-insensitive: manager lines are lowercased before checking.
//
// Pure TypeScript: used by main (sheets), the renderer (restore screen) and the printer.

export const CHECK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const LINE_LENGTH = 16;
export const GROUP_LENGTH = 4;
/** Line numbers are field elements and must be non-zero: at most 63 lines (1008 characters). */
export const MAX_LINES = 63;

const MODULUS = 0x43; // x^6 + x + 1

function timesA(value: number): number {
  const shifted = value << 1;
  return shifted & 0x40 ? shifted ^ MODULUS : shifted;
}

function valueOf(character: string): number | undefined {
  if (character === '-') return 63;
  const value = CHECK_ALPHABET.indexOf(character);
  return value < 0 ? undefined : value;
}

export interface CheckedLine {
  /** 1-based. */
  number: number;
  text: string;
  /** `text` in groups of 4 characters, the last possibly shorter. */
  groups: string[];
  check: string;
}

/** The check character of one line of share text. */
export function checkCharacter(lineNumber: number, text: string): string {
  if (!Number.isInteger(lineNumber) || lineNumber < 1 || lineNumber > MAX_LINES) {
    throw new RangeError(`line number ${lineNumber} is outside 1..${MAX_LINES}`);
  }
  let interim = lineNumber;
  for (const character of text) {
    const value = valueOf(character);
    if (value === undefined)
      throw new RangeError('share text holds a character outside the share alphabet');
    interim = timesA(interim) ^ value;
  }
  return CHECK_ALPHABET[timesA(interim)]!;
}

function groupsOf(text: string): string[] {
  const groups: string[] = [];
  for (let i = 0; i < text.length; i += GROUP_LENGTH) groups.push(text.slice(i, i + GROUP_LENGTH));
  return groups;
}

/** The lengths of the lines a canonical text of `totalLength` characters is cut into. */
export function lineLengths(totalLength: number): number[] {
  const lengths: number[] = [];
  for (let rest = totalLength; rest > 0; rest -= LINE_LENGTH)
    lengths.push(Math.min(LINE_LENGTH, rest));
  return lengths;
}

/** Cuts a canonical share text into checked lines. */
export function toCheckedLines(canonical: string): CheckedLine[] {
  const lines: CheckedLine[] = [];
  for (let start = 0, number = 1; start < canonical.length; start += LINE_LENGTH, number++) {
    const text = canonical.slice(start, start + LINE_LENGTH);
    lines.push({ number, text, groups: groupsOf(text), check: checkCharacter(number, text) });
  }
  return lines;
}

/** A line as printed: groups separated by spaces, then two spaces and the check character. */
export function formatCheckedLine(line: CheckedLine): string {
  return `${line.groups.join(' ')}  ${line.check}`;
}

export type TypedLineResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'wrong-length'; expected: number; actual: number }
  | { ok: false; reason: 'bad-character'; position: number }
  | { ok: false; reason: 'check-mismatch' };

export interface ReadLineOptions {
  /** A yubihsm-manager share: accept upper-case hex and check it as lower case. */
  hex?: boolean;
}

/**
 * Reads one line as a person typed it: the line's text followed by its check character.
 * Spaces are ignored (they are only for reading). `expectedLength` is the text length without
 * the check character; leave it out for a last line whose length is not known in advance.
 */
export function readTypedLine(
  lineNumber: number,
  typed: string,
  expectedLength?: number,
  options: ReadLineOptions = {},
): TypedLineResult {
  let clean = typed.replace(/\s+/g, '');
  // Only the text is hex; the check character is from the 64-character alphabet, case and all.
  if (options.hex) clean = clean.slice(0, -1).toLowerCase() + clean.slice(-1);
  const actual = clean.length - 1;
  if (
    expectedLength !== undefined ? actual !== expectedLength : actual < 1 || actual > LINE_LENGTH
  ) {
    return {
      ok: false,
      reason: 'wrong-length',
      expected: expectedLength ?? LINE_LENGTH,
      actual: Math.max(0, actual),
    };
  }
  for (let i = 0; i < clean.length; i++) {
    const character = clean[i]!;
    const allowed =
      options.hex && i < actual ? /[0-9a-f-]/.test(character) : valueOf(character) !== undefined;
    if (!allowed) return { ok: false, reason: 'bad-character', position: i + 1 };
  }
  const text = clean.slice(0, actual);
  if (checkCharacter(lineNumber, text) !== clean[actual])
    return { ok: false, reason: 'check-mismatch' };
  return { ok: true, text };
}

/** A sentence for the restore screen about a line that was not accepted. */
export function describeTypedLine(lineNumber: number, result: TypedLineResult): string {
  if (result.ok) return `Line ${lineNumber} matches its check character.`;
  switch (result.reason) {
    case 'wrong-length': {
      const expected = result.expected + 1;
      return `Line ${lineNumber} has ${result.actual + 1} characters including its check character; it should have ${expected}. Look for a missing or extra character.`;
    }
    case 'bad-character':
      return `Character ${result.position} of line ${lineNumber} cannot appear in a share: look at it again on the sheet.`;
    case 'check-mismatch':
      return `Line ${lineNumber} does not match its check character: look for a mistyped or swapped character on this line.`;
  }
}

/** Joins accepted line texts back into the canonical share text. */
export function joinLines(lines: readonly string[]): string {
  return lines.join('');
}
