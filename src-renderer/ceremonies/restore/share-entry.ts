// What the share entry form hands to main, worked out from what was typed: checked lines (each
// judged with its check character before anything is sent, so a typo is named on its own line)
// or one pasted / scanned text. Pure, so the rules are tested without a page.

import type { ShareEntry } from '../../../shared/ceremony/restore-snapshot';
import type { LineSpec, LineState } from '../../components/line-entry';
import { lineSpecs, lineState } from '../../components/line-entry';

export type EntryMode = 'lines' | 'text';

/** How the form is laid out for this share: line by line when the share's line lengths are known. */
export interface EntryLayout {
  readonly lines: readonly LineSpec[];
  /** yubihsm-manager shares are hex, read case-insensitively. */
  readonly hex: boolean;
  /** The modes offered, the first being the default. */
  readonly modes: readonly EntryMode[];
}

export function entryLayout(
  lineLengths: readonly number[],
  format: 'yubihsm-setup' | 'yubihsm-manager' | null,
): EntryLayout {
  const lines = lineSpecs(lineLengths);
  // Without the line lengths (interop mode before the first share) a share is entered whole:
  // yubihsm-setup's own printouts have no check characters anyway.
  return {
    lines,
    hex: format === 'yubihsm-manager',
    modes: lines.length > 0 ? ['lines', 'text'] : ['text'],
  };
}

export type EntryToSend =
  | { readonly ok: true; readonly entry: ShareEntry }
  | { readonly ok: false; readonly reason: string };

/** Every line judged as finished, the way the form shows them once submit is pressed. */
export function judgeLines(layout: EntryLayout, values: readonly string[]): LineState[] {
  return layout.lines.map((line, index) => lineState(line, values[index] ?? '', true, layout.hex));
}

/**
 * The entry to send, or why nothing is sent yet. Lines go as typed without their spaces (text
 * then check character); main reads each one again with its check character.
 */
export function entryToSend(
  layout: EntryLayout,
  mode: EntryMode,
  values: readonly string[],
  text: string,
): EntryToSend {
  if (mode === 'text') {
    const whole = text.trim();
    return whole === ''
      ? { ok: false, reason: 'Paste, type or scan the share into the field first.' }
      : { ok: true, entry: { text: whole } };
  }
  const wrong = judgeLines(layout, values).filter((state) => state.kind !== 'ok').length;
  if (wrong > 0)
    return {
      ok: false,
      reason: `${wrong === 1 ? 'One line is' : `${wrong} lines are`} not right yet; each says what is wrong.`,
    };
  return { ok: true, entry: { lines: values.map((value) => value.replace(/\s+/g, '')) } };
}
