import { describe, expect, it } from 'vitest';
import { Refusal } from '../../refusal/refusal';
import { ShareTurns, type ConfirmationMode } from './share-turns';
import { ManualTimers } from './testing/manual-timers';
import { toCheckedLines } from '../../../shared/shares/checked-lines';

// Two shares of the spec's K=2 set (interop §3.5) and one yubihsm-manager style share.
const SHARES = [
  '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw',
  '2-2-UuZrCZoxo1DiaTaYN6FO4G4Br8WnTdxuBpE9okLVeQueNKVHymDxgyu8UM9v+JQms1nIag',
];

function turns(
  mode: ConfirmationMode = 'spot-check',
  options: { onIdleHide?: () => void; randomBelow?: (max: number) => number } = {},
) {
  const timers = new ManualTimers();
  const bytes = SHARES.map((share) => new TextEncoder().encode(share));
  const created = new ShareTurns({
    custodians: ['Ann', 'Bob'],
    shares: bytes,
    threshold: 2,
    kcv: 'ABCDEF',
    format: 'yubihsm-setup',
    mode,
    hideSeconds: 60,
    timers,
    onIdleHide: options.onIdleHide ?? (() => undefined),
    randomBelow: options.randomBelow ?? (() => 0),
  });
  return { turns: created, timers, bytes };
}

describe('share turns', () => {
  it('names the custodian at the handover and shows nothing secret until the reveal', () => {
    const { turns: t } = turns();
    const handover = t.view(true);
    expect(handover).toMatchObject({
      step: 'shares',
      custodian: { index: 1, name: 'Ann' },
      custodianCount: 2,
      threshold: 2,
      kcv: 'ABCDEF',
      phase: 'handover',
      hideSeconds: 60,
    });
    expect(handover.share).toBeUndefined();
    t.reveal();
    const shown = t.view(true).share!;
    expect(shown.canonical).toBe(SHARES[0]);
    expect(shown.lines.map((line) => line.text).join('')).toBe(SHARES[0]);
    expect(shown.qr.modules).toHaveLength(shown.qr.size * shown.qr.size);
    // An event (includeShare false) never carries it.
    expect(t.view(false).share).toBeUndefined();
  });

  it("hides the share on main's own timer and says why; still-here keeps it up", () => {
    let hiddenByTimer = 0;
    const { turns: t, timers } = turns('spot-check', { onIdleHide: () => (hiddenByTimer += 1) });
    t.reveal();
    expect(timers.waiting).toEqual([60_000]);
    t.stillHere();
    expect(timers.waiting).toEqual([60_000]);
    timers.fireAll();
    expect(hiddenByTimer).toBe(1);
    expect(t.view(true)).toMatchObject({ phase: 'handover', hiddenBecause: 'idle' });
    expect(t.view(true).share).toBeUndefined();
  });

  it('hides on blur or Esc from the renderer, and shows again on request', () => {
    const { turns: t, timers } = turns();
    t.reveal();
    expect(t.hide('blur')).toBe(true);
    expect(timers.waiting).toEqual([]);
    expect(t.view(true)).toMatchObject({ phase: 'handover', hiddenBecause: 'blur' });
    expect(t.hide('escape')).toBe(false);
    t.reveal();
    expect(t.view(true).hiddenBecause).toBeUndefined();
  });

  it('asks for two groups, names the wrong one, lets the custodian look again, then wipes the share', () => {
    const { turns: t, bytes } = turns('spot-check', { randomBelow: () => 0 });
    t.reveal();
    expect(t.recorded()).toBe('confirm');
    const confirmation = t.view(true).confirmation!;
    // randomBelow 0 takes the first full group past the public "2-1-" each time: line 1 groups 2 and 3.
    expect(confirmation).toEqual({
      mode: 'spot-check',
      groups: [
        { line: 1, group: 2 },
        { line: 1, group: 3 },
      ],
      lineLengths: [16, 16, 16, 16, 10],
    });
    const wrong = t.confirm(['KXC7', 'BU2X']);
    expect(wrong).toEqual({
      field: 'entries.1',
      message:
        "Group 3 of line 1 does not match Ann's share. Show the share again, compare that group, and type it again.",
    });
    expect(t.phase).toBe('confirm');
    // The right letters in the wrong case: said as such, since a share is case-sensitive.
    expect(t.confirm(['kxc7', 'BU2W'])).toEqual({
      field: 'entries.0',
      message:
        "Group 2 of line 1 has the right letters, but capital and small letters differ in a share: type it exactly as on Ann's record.",
    });
    t.reveal();
    expect(t.view(true).share!.canonical).toBe(SHARES[0]);
    t.recorded();
    expect(t.confirm(['KXC7', 'BU2W'])).toBeUndefined();
    expect(t.phase).toBe('cleared');
    expect(bytes[0]!.every((byte) => byte === 0)).toBe(true);
    expect(bytes[1]!.every((byte) => byte === 0)).toBe(false);
    expect(() => t.reveal()).toThrow(Refusal);
  });

  it('never asks for a group holding the public "K-X-" prefix, which the handover screen already says', () => {
    // The share number 10 makes the prefix "2-10-", reaching into line 1's second group.
    const long = `2-10-${SHARES[0]!.slice(4)}`;
    for (const [share, firstSecret] of [
      [SHARES[0]!, 2],
      [long, 3],
    ] as const) {
      for (let pick = 0; pick < 20; pick++) {
        const created = new ShareTurns({
          custodians: ['Ann'],
          shares: [new TextEncoder().encode(share)],
          threshold: 2,
          kcv: 'ABCDEF',
          format: 'yubihsm-setup',
          mode: 'spot-check',
          hideSeconds: 60,
          timers: new ManualTimers(),
          onIdleHide: () => undefined,
          // Every position of the candidate list in turn, the first and the last included.
          randomBelow: (max) => (pick === 0 ? 0 : max - 1 - (pick % max)),
        });
        created.reveal();
        created.recorded();
        for (const { line, group } of created.view(true).confirmation!.groups) {
          expect(
            line > 1 || group >= firstSecret,
            `line ${line} group ${group} of ${share.slice(0, 5)}`,
          ).toBe(true);
        }
      }
    }
  });

  it('in full mode checks each line with its check character and says which line is wrong', () => {
    const { turns: t } = turns('full');
    t.reveal();
    const lines = t.view(true).share!.lines;
    t.recorded();
    expect(t.view(true).confirmation).toEqual({
      mode: 'full',
      groups: [],
      lineLengths: [16, 16, 16, 16, 10],
    });
    const typed = lines.map((line) => `${line.groups.join(' ')} ${line.check}`);
    const mistyped = [...typed];
    mistyped[2] = mistyped[2]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(t.confirm(mistyped)).toEqual({
      field: 'entries.2',
      message: expect.stringMatching(/^Line 3 does not match its check character/),
    });
    expect(t.confirm(typed.slice(0, 4))).toEqual({
      message: 'Type all 5 lines of the share, each with its check character.',
    });
    expect(t.confirm(typed)).toBeUndefined();
  });

  it('with no check, "recorded" ends the turn and wipes the share at once', () => {
    const { turns: t, bytes } = turns('none');
    t.reveal();
    expect(t.recorded()).toBe('cleared');
    expect(bytes[0]!.every((byte) => byte === 0)).toBe(true);
  });

  it('with no check but a printed sheet, stops at confirm for the scan-back, asking no groups', () => {
    const { turns: t, bytes } = turns('none');
    t.reveal();
    expect(t.recorded({ sheetToCheck: true })).toBe('confirm');
    expect(t.view(true).confirmation).toBeUndefined();
    expect(t.currentShare()).toBe(SHARES[0]);
    expect(() => t.confirm(['KXC7', 'BU2W'])).toThrow(
      'The plan asks no typed check; scan the QR code of your printed sheet (or type your share) to check it.',
    );
    t.confirmByScanBack();
    expect(t.phase).toBe('cleared');
    expect(bytes[0]!.every((byte) => byte === 0)).toBe(true);
  });

  it('moves to the next custodian only from the blank interstitial, and says when all are done', () => {
    const { turns: t } = turns('none');
    expect(() => t.next()).toThrow("Ann's turn is not finished yet.");
    t.reveal();
    t.recorded();
    expect(t.view(true).phase).toBe('cleared');
    expect(t.next()).toBe('next');
    expect(t.view(true)).toMatchObject({ custodian: { index: 2, name: 'Bob' }, phase: 'handover' });
    t.reveal();
    expect(t.view(true).share!.canonical).toBe(SHARES[1]);
    t.recorded();
    expect(t.next()).toBe('done');
  });

  it('wipes every share still held on dispose', () => {
    const { turns: t, bytes, timers } = turns();
    t.reveal();
    t.dispose();
    expect(timers.waiting).toEqual([]);
    expect(bytes.every((share) => share.every((byte) => byte === 0))).toBe(true);
  });

  it('asks the same groups after the custodian stepped away, and chooses anew for the next custodian', () => {
    let picks = 0;
    const { turns: t } = turns('spot-check', { randomBelow: (max) => picks++ % max });
    t.reveal();
    t.recorded();
    const asked = t.view(true).confirmation!;
    const chosenFor = picks;
    // Looks again, then Esc: back at the handover, the check chosen stays with Ann's turn.
    t.reveal();
    expect(t.hide('escape')).toBe(true);
    expect(t.view(true).confirmation).toBeUndefined();
    t.reveal();
    expect(t.recorded()).toBe('confirm');
    expect(t.view(true).confirmation).toEqual(asked);
    expect(picks).toBe(chosenFor);
    const lines = toCheckedLines(SHARES[0]!);
    const typed = asked.groups.map(({ line, group }) => lines[line - 1]!.groups[group - 1]!);
    expect(t.confirm(typed)).toBeUndefined();
    // Cleared drops the check with the share; Bob's turn chooses its own.
    expect(t.view(true).confirmation).toBeUndefined();
    t.next();
    t.reveal();
    t.recorded();
    expect(picks).toBeGreaterThan(chosenFor);
    expect(t.view(true).confirmation!.groups).toHaveLength(2);
  });

  it('takes the share off the sheet and stops the timer on every way out of the reveal, and only then', () => {
    const timers = new ManualTimers();
    const bytes = SHARES.map((share) => new TextEncoder().encode(share));
    let left = 0;
    const t = new ShareTurns({
      custodians: ['Ann', 'Bob'],
      shares: bytes,
      threshold: 2,
      kcv: 'ABCDEF',
      format: 'yubihsm-setup',
      mode: 'spot-check',
      hideSeconds: 60,
      timers,
      onIdleHide: () => undefined,
      onShareLeft: () => (left += 1),
      randomBelow: () => 0,
    });
    t.reveal();
    t.hide('blur');
    expect([left, timers.waiting]).toEqual([1, []]);
    t.reveal();
    t.recorded();
    expect([left, timers.waiting]).toEqual([2, []]);
    // From the check, the share is shown again to compare: the timer runs again.
    t.reveal();
    expect([left, timers.waiting]).toEqual([2, [60_000]]);
    timers.fireAll();
    expect([left, t.phase]).toEqual([3, 'handover']);
    t.reveal();
    t.dispose();
    expect([left, timers.waiting]).toEqual([4, []]);
  });

  it('refuses a move out of order and changes nothing', () => {
    const { turns: t, bytes, timers } = turns();
    expect(() => t.confirmByScanBack()).toThrow('There is nothing to confirm right now.');
    expect(() => t.recorded()).toThrow('Show the share before saying it is recorded.');
    expect(() => t.confirm(['KXC7', 'BU2W'])).toThrow(Refusal);
    expect(t.hide('idle')).toBe(false);
    expect(t.stillHere()).toBe(false);
    expect(t.view(true)).toMatchObject({ phase: 'handover' });
    expect(t.view(true).hiddenBecause).toBeUndefined();
    expect(timers.waiting).toEqual([]);
    expect(bytes[0]!.some((byte) => byte !== 0)).toBe(true);
    expect(() => t.currentShare()).toThrow("Ann's share is not in hand right now.");
  });
});
