import { describe, expect, it } from 'vitest';
import { lineLengths, toCheckedLines } from '../../shared/shares/checked-lines';
import { isHexShare, joinedShare, lineSpecs, lineState } from './line-entry';

// A yubihsm-setup share from interop spec §3.5's shape (2-of-3, share 1, 70 base64 characters).
const SHARE = '2-1-AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNA';
const LINES = toCheckedLines(SHARE);
const SPECS = lineSpecs(lineLengths(SHARE.length));
const typed = (index: number) => `${LINES[index]!.groups.join(' ')}  ${LINES[index]!.check}`;

describe('typing a share back line by line', () => {
  it('accepts each line typed as printed, spaces and all, and joins them into the canonical share', () => {
    const states = SPECS.map((spec, index) => lineState(spec, typed(index), false, false));
    expect(states.every((state) => state.kind === 'ok')).toBe(true);
    expect(joinedShare(states)).toBe(SHARE);
  });

  it('names the line with a typo as soon as that line is complete', () => {
    const line = LINES[1]!;
    const swapped = `${line.text.slice(0, 5)}${line.text[6]}${line.text[5]}${line.text.slice(7)}${line.check}`;
    const state = lineState(SPECS[1]!, swapped, false, false);
    expect(state).toEqual({
      kind: 'wrong',
      message: expect.stringMatching(/^Line 2 does not match its check character/),
    });
    expect(joinedShare([lineState(SPECS[0]!, typed(0), false, false), state])).toBeUndefined();
  });

  it('catches a line typed in another line’s place', () => {
    expect(lineState(SPECS[2]!, typed(1), false, false).kind).toBe('wrong');
  });

  it('waits while a line is short, and says what is missing once the person moves on', () => {
    const partial = LINES[0]!.text.slice(0, 9);
    expect(lineState(SPECS[0]!, partial, false, false)).toEqual({ kind: 'typing' });
    expect(lineState(SPECS[0]!, partial, true, false)).toEqual({
      kind: 'wrong',
      message: expect.stringMatching(
        /^Line 1 has 9 characters including its check character; it should have 17/,
      ),
    });
    expect(lineState(SPECS[0]!, '', false, false)).toEqual({ kind: 'empty' });
    expect(lineState(SPECS[0]!, '', true, false)).toEqual({
      kind: 'wrong',
      message: 'Line 1 is empty: type it with its check character.',
    });
  });

  it('reports a line that is too long without waiting', () => {
    expect(lineState(SPECS[0]!, `${typed(0)}A`, false, false).kind).toBe('wrong');
  });

  it('reads a yubihsm-manager line in either case', () => {
    const manager = `2-1-${'0a1b2c3d4e5f'.repeat(8)}00112233`;
    const line = toCheckedLines(manager)[1]!;
    const spec = { number: 2, length: line.text.length };
    expect(lineState(spec, `${line.text.toUpperCase()}${line.check}`, false, true)).toEqual({
      kind: 'ok',
      text: line.text,
    });
  });
});

describe('telling the share formats apart from line lengths', () => {
  it('sees 70 characters after "M-X-" as yubihsm-setup base64 and anything else as manager hex', () => {
    expect(isHexShare(lineLengths(74), 2, 1)).toBe(false);
    expect(isHexShare(lineLengths(4 + 104), 2, 1)).toBe(true);
    expect(isHexShare(lineLengths(6 + 104), 2, 10)).toBe(true);
  });
});
