import { describe, expect, it } from 'vitest';
import {
  formatCheckedLine,
  lineLengths,
  toCheckedLines,
} from '../../../shared/shares/checked-lines';
import { entryLayout, entryToSend, judgeLines } from './share-entry';
import { BOB_SHARE } from './testing/snapshots';

const LINES = toCheckedLines(BOB_SHARE);
const LAYOUT = entryLayout(lineLengths(BOB_SHARE.length), 'yubihsm-setup');
const PRINTED = LINES.map(formatCheckedLine);

describe('what the share entry form sends', () => {
  it('lays a known share out line by line, with pasting or scanning as the other way in', () => {
    expect(LAYOUT.lines.map((line) => line.length)).toEqual([16, 16, 16, 16, 10]);
    expect(LAYOUT.modes).toEqual(['lines', 'text']);
    expect(LAYOUT.hex).toBe(false);
    expect(entryLayout(lineLengths(4 + 104), 'yubihsm-manager').hex).toBe(true);
  });

  it('takes a share whole when its length is not known yet (interop mode, first share)', () => {
    expect(entryLayout([], null)).toEqual({ lines: [], hex: false, modes: ['text'] });
  });

  it('sends the lines as typed without their spaces, each ending in its check character', () => {
    const sent = entryToSend(LAYOUT, 'lines', PRINTED, '');
    expect(sent).toEqual({
      ok: true,
      entry: { lines: LINES.map((line) => `${line.text}${line.check}`) },
    });
  });

  it('sends nothing while a line is wrong or missing, and says how many lines need fixing', () => {
    const typo = [...PRINTED];
    typo[2] = `${LINES[2]!.text.slice(1)}${LINES[2]!.text[0]}${LINES[2]!.check}`;
    expect(entryToSend(LAYOUT, 'lines', typo, '')).toEqual({
      ok: false,
      reason: 'One line is not right yet; each says what is wrong.',
    });
    expect(judgeLines(LAYOUT, typo).map((state) => state.kind)).toEqual([
      'ok',
      'ok',
      'wrong',
      'ok',
      'ok',
    ]);
    expect(entryToSend(LAYOUT, 'lines', PRINTED.slice(0, 3), '')).toEqual({
      ok: false,
      reason: '2 lines are not right yet; each says what is wrong.',
    });
  });

  it('sends a pasted or scanned share as one trimmed text, and nothing for an empty field', () => {
    expect(entryToSend(LAYOUT, 'text', [], `  ${BOB_SHARE}\n`)).toEqual({
      ok: true,
      entry: { text: BOB_SHARE },
    });
    expect(entryToSend(LAYOUT, 'text', PRINTED, '   ')).toEqual({
      ok: false,
      reason: 'Paste, type or scan the share into the field first.',
    });
  });
});
