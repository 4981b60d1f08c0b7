// A share typed back line by line (the confirm phase in full mode, the verification round):
// each line's check character is checked as it is typed (shared/shares/checked-lines.ts), so a
// typo is named on the line where it is, before anything goes to main.

import { describeTypedLine, readTypedLine } from '../../shared/shares/checked-lines';

export type LineState =
  | { readonly kind: 'empty' }
  /** Still being typed: not long enough to judge, and the person has not moved on. */
  | { readonly kind: 'typing' }
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'wrong'; readonly message: string };

export interface LineSpec {
  /** 1-based. */
  readonly number: number;
  /** Characters of share text on this line, without the check character. */
  readonly length: number;
}

/**
 * Judges one typed line. A line is judged as soon as it holds its text and check character (or
 * more); a shorter line only once `finished` (the person left the field or pressed submit).
 */
export function lineState(
  line: LineSpec,
  typed: string,
  finished: boolean,
  hex: boolean,
): LineState {
  const clean = typed.replace(/\s+/g, '');
  if (clean.length === 0)
    return finished
      ? {
          kind: 'wrong',
          message: `Line ${line.number} is empty: type it with its check character.`,
        }
      : { kind: 'empty' };
  if (clean.length < line.length + 1 && !finished) return { kind: 'typing' };
  const result = readTypedLine(line.number, clean, line.length, { hex });
  return result.ok
    ? { kind: 'ok', text: result.text }
    : { kind: 'wrong', message: describeTypedLine(line.number, result) };
}

/** The lines of a share from its line lengths (main sends those, never the share). */
export function lineSpecs(lengths: readonly number[]): LineSpec[] {
  return lengths.map((length, index) => ({ number: index + 1, length }));
}

/**
 * Whether a share is yubihsm-manager's hex form: a yubihsm-setup share is "M-X-" followed by
 * 70 base64 characters (interop spec §3.3), so any other payload length is the hex form.
 */
export function isHexShare(
  lengths: readonly number[],
  threshold: number,
  shareNumber: number,
): boolean {
  const total = lengths.reduce((sum, length) => sum + length, 0);
  return total - `${threshold}-${shareNumber}-`.length !== 70;
}

/** The canonical text when every line is accepted, else undefined. */
export function joinedShare(states: readonly LineState[]): string | undefined {
  const texts: string[] = [];
  for (const state of states) {
    if (state.kind !== 'ok') return undefined;
    texts.push(state.text);
  }
  return texts.join('');
}
