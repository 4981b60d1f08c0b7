import { describe, expect, it } from 'vitest';
import { toCheckedLines } from '../../../../shared/shares/checked-lines';
import { qrPath } from '../../../components/qr-path';
import { InitFrame } from '../InitFrame';
import { renderInit } from '../testing/render';
import { revealed, SHARE, sharesView, snapshotAt } from '../testing/snapshots';
import { SharesStep } from './SharesStep';

const LINES = toCheckedLines(SHARE);
// Every piece of the share a screen could leak: the text, each line, each group but the
// "2-1-" prefix (which also names the share's threshold and number, not secret).
const SECRET_PIECES = [
  SHARE,
  ...LINES.map((line) => line.text),
  ...LINES.flatMap((line) => line.groups).filter((group) => group !== '2-1-'),
];

function leaks(markup: string): string[] {
  return SECRET_PIECES.filter((piece) => markup.includes(piece));
}

function render(view: ReturnType<typeof sharesView>): string {
  const snapshot = snapshotAt(view);
  return renderInit(snapshot, <SharesStep view={view} />);
}

describe('a custodian’s turn on screen', () => {
  it('shows the share only in the reveal phase: every group, every check character, the QR code and the check value', () => {
    const markup = render(sharesView('reveal'));
    expect(markup).toContain('data-testid="share-reveal-view"');
    for (const line of LINES) {
      for (const group of line.groups)
        expect(markup).toContain(`data-testid="share-group">${group}<`);
      expect(markup).toContain(`data-testid="share-check">${line.check}<`);
    }
    expect(markup).toContain(`d="${qrPath(revealed().qr)}"`);
    expect(markup).toContain('1A2B3C');
    expect(markup).toContain('The share hides after 60 seconds without activity');
  });

  it('keeps the share out of the clipboard’s reach: nothing in it is a text field or a link', () => {
    const markup = render(sharesView('reveal'));
    const secret = markup.slice(
      markup.indexOf('data-testid="share-secret"'),
      markup.indexOf('data-testid="share-kcv"'),
    );
    expect(secret).not.toMatch(/<(input|textarea|a)\b/);
  });

  it('names the next custodian at the handover and shows nothing secret', () => {
    const markup = render(sharesView('handover', { custodian: { index: 2, name: 'Bob' } }));
    expect(markup).toContain('Bob (custodian 2 of 3)');
    expect(markup).toContain('I am Bob: show my share');
    expect(markup).not.toContain('share-lines');
    expect(leaks(markup)).toEqual([]);
  });

  it('says why a share was hidden, still without showing it', () => {
    const markup = render(sharesView('handover', { hiddenBecause: 'escape' }));
    expect(markup).toContain('Your share was hidden because Esc was pressed.');
    expect(leaks(markup)).toEqual([]);
  });

  it('asks for the chosen groups with the share hidden', () => {
    const markup = render(sharesView('confirm'));
    expect(markup).toContain('Line 2, group 3');
    expect(markup).toContain('Line 4, group 1');
    expect(markup.match(/data-testid="share-confirm-entry"/g)).toHaveLength(2);
    expect(leaks(markup)).toEqual([]);
  });

  it('asks for every line with its check character in full mode, with nothing filled in', () => {
    const view = sharesView('confirm', {
      confirmation: {
        mode: 'full',
        groups: [],
        lineLengths: LINES.map((line) => line.text.length),
      },
    });
    const markup = render(view);
    expect(markup.match(/data-testid="line-entry"/g)).toHaveLength(LINES.length);
    expect(markup).not.toMatch(/data-testid="line-entry-input"[^>]*value="[^"]/);
    expect(leaks(markup)).toEqual([]);
  });

  it('leaves a blank interstitial after the turn, and calls the next custodian from it', () => {
    const markup = render(sharesView('cleared'));
    expect(markup).toContain('Alice’s turn is over');
    expect(markup).toContain('Call the next custodian');
    expect(leaks(markup)).toEqual([]);
  });

  it('names what follows the last turn: the round, the device steps, or (a reshare, which has no device steps) the end', () => {
    const view = sharesView('cleared', { custodian: { index: 3, name: 'Cy' } });
    const after = (skipped: ('verification' | 'device-steps')[]) => {
      const snapshot = snapshotAt(view);
      return renderInit(
        { ...snapshot, steps: { ...snapshot.steps, skipped } },
        <SharesStep view={view} />,
      );
    };
    expect(after([])).toContain('All shares are recorded: start the verification round');
    expect(after(['verification'])).toContain('All shares are recorded: go on to the device steps');
    const reshare = after(['verification', 'device-steps']);
    expect(reshare).toContain('All shares are recorded: finish');
    expect(reshare).not.toContain('device steps');
    expect(after(['device-steps'])).toContain('start the verification round');
  });

  it('draws no share for a reveal phase that arrived without one (events never carry a share)', () => {
    const markup = render(sharesView('reveal', { share: undefined }));
    expect(markup).toContain('data-testid="share-off-screen"');
    expect(leaks(markup)).toEqual([]);
  });

  it('keeps the whole frame free of the share outside the reveal phase', () => {
    for (const phase of ['handover', 'confirm', 'cleared'] as const) {
      const snapshot = snapshotAt(sharesView(phase), {
        problem: { field: 'entries.0', message: 'Group 3 of line 2 does not match Alice’s share.' },
      });
      const markup = renderInit(snapshot, <InitFrame onLeave={() => undefined} />);
      expect(markup).toContain('data-testid="wizard"');
      expect(leaks(markup)).toEqual([]);
    }
  });
});
