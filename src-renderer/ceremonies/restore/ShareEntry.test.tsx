import { describe, expect, it } from 'vitest';
import type { RestoreSnapshot } from '../../../shared/ceremony/restore-snapshot';
import { formatCheckedLine, toCheckedLines } from '../../../shared/shares/checked-lines';
import type { Result } from '../../../shared/ipc/result';
import { createCeremonyStore } from '../../stores/ceremony-store';
import type { RestoreApi } from './intents';
import { RestoreIntents } from './intents';
import { RestoreFrame } from './RestoreWizard';
import { ShareEntryView } from './ShareEntry';
import { entryLayout } from './share-entry';
import { renderRestore } from './testing/render';
import { BOB_SHARE, restoreSnapshot, sharesView } from './testing/snapshots';

const LINES = toCheckedLines(BOB_SHARE);
const PRINTED = LINES.map(formatCheckedLine);
// Every piece of the share a screen or store could leak: the text, each line, each group but the
// "2-2-" prefix (which says only the threshold and share number).
const PIECES = [
  BOB_SHARE,
  ...LINES.map((line) => line.text),
  ...LINES.flatMap((line) => line.groups).filter((group) => group !== '2-2-'),
];
const leaks = (text: string) => PIECES.filter((piece) => text.includes(piece));

function entryMarkup(
  typed: readonly string[],
  extra: Parameters<typeof sharesView>[1] = {},
): string {
  const view = sharesView('entry', extra);
  return renderRestore(
    restoreSnapshot(view),
    <ShareEntryView
      view={view}
      layout={entryLayout(view.lineLengths, view.format)}
      mode="lines"
      onMode={() => undefined}
      onSubmit={() => undefined}
      onLeave={() => undefined}
      typed={typed}
    />,
  );
}

/** The <li> of one line entry in the markup. */
function lineMarkup(markup: string, line: number): string {
  const start = markup.indexOf(`data-line="${line}"`);
  return markup.slice(start, markup.indexOf('</li>', start));
}

describe('the share entry form', () => {
  it('names a line with a wrong check character as soon as it is complete, and leaves the others alone', () => {
    const typed = [...PRINTED];
    const line = LINES[2]!;
    typed[2] = `${line.text.slice(0, 5)}${line.text[6]}${line.text[5]}${line.text.slice(7)}  ${line.check}`;
    const markup = entryMarkup(typed.slice(0, 3));
    expect(lineMarkup(markup, 3)).toContain('data-state="wrong"');
    expect(lineMarkup(markup, 3)).toContain(
      'Line 3 does not match its check character: look for a mistyped or swapped character on this line.',
    );
    expect(lineMarkup(markup, 2)).toContain('data-state="ok"');
    // Lines not typed yet are not judged before the custodian gets to them.
    expect(lineMarkup(markup, 4)).toContain('data-state="empty"');
  });

  it('names the custodian at the keyboard, offers lines or paste / scan, and starts empty', () => {
    const markup = entryMarkup([]);
    expect(markup).toContain('Bob Brandt (share 2): enter your share');
    expect(markup.match(/data-testid="line-entry"/g)).toHaveLength(LINES.length);
    expect(markup).toContain('data-testid="restore-mode-text"');
    expect(markup).not.toMatch(/data-testid="line-entry-input"[^>]*value="[^"]/);
  });

  it('tells the custodian how long the entry may sit untouched, as main sends it (the ceremony’s own policy)', () => {
    expect(entryMarkup([])).toContain('leaving the window or 1 minute without typing clear it');
    expect(entryMarkup([], { idleSeconds: 45 })).toContain(
      'leaving the window or 45 seconds without typing clear it',
    );
    expect(entryMarkup([], { idleSeconds: 300 })).toContain(
      'leaving the window or 5 minutes without typing clear it',
    );
  });

  it('shows main’s verdict on a refused share as a sentence naming the custodian, never the share', () => {
    const refusal = {
      message:
        'Share 2 (Bob Brandt) is wrong: it is not the share recorded at the ceremony for custodian 2, Bob Brandt.',
    };
    const markup = entryMarkup([], { refusal });
    expect(markup).toContain('data-testid="restore-share-refusal"');
    expect(markup).toContain(refusal.message);
    expect(leaks(markup)).toEqual([]);
  });

  it('never shows the share in the frame of a later snapshot, whatever the phase', () => {
    const later: RestoreSnapshot[] = [
      restoreSnapshot(
        sharesView('entry', {
          refusal: { message: 'Bob Brandt (share 2): This share was already entered as share 1.' },
        }),
      ),
      restoreSnapshot(
        sharesView('cleared', {
          accepted: [
            { shareNumber: 1, name: 'Alice Andersen' },
            { shareNumber: 2, name: 'Bob Brandt' },
          ],
        }),
      ),
      restoreSnapshot(sharesView('handover', { turn: 3 })),
    ];
    for (const snapshot of later)
      expect(leaks(renderRestore(snapshot, <RestoreFrame onLeave={() => undefined} />))).toEqual(
        [],
      );
  });
});

/** Main's side for the intents: records what was sent and answers with the next snapshot. */
class MainSide {
  readonly sent: unknown[] = [];
  constructor(private readonly answer: RestoreSnapshot) {}
  api = {
    restoreSubmitShare: async (request: unknown): Promise<Result<RestoreSnapshot>> => {
      this.sent.push(request);
      return { ok: true, data: this.answer };
    },
    restoreAbandonTurn: async (request: unknown): Promise<Result<RestoreSnapshot>> => {
      this.sent.push(request);
      return { ok: true, data: restoreSnapshot(sharesView('handover')) };
    },
    restoreBeginTurn: async (request: unknown): Promise<Result<RestoreSnapshot>> => {
      this.sent.push(request);
      return { ok: true, data: restoreSnapshot(sharesView('entry')) };
    },
  } as unknown as RestoreApi;
}

describe('a share on its way to main', () => {
  it('goes to main and nowhere else: the store holds only main’s answer, which names the share by number', async () => {
    const store = createCeremonyStore(restoreSnapshot(sharesView('entry')));
    const main = new MainSide(
      restoreSnapshot(
        sharesView('cleared', {
          accepted: [
            { shareNumber: 1, name: 'Alice Andersen' },
            { shareNumber: 2, name: 'Bob Brandt' },
          ],
        }),
      ),
    );
    const intents = new RestoreIntents(store, main.api);
    await intents.submitShare({ lines: LINES.map((line) => `${line.text}${line.check}`) });
    expect(main.sent).toEqual([
      { entry: { lines: LINES.map((line) => `${line.text}${line.check}`) } },
    ]);
    expect(store.getState().snapshot?.view).toMatchObject({ phase: 'cleared' });
    expect(leaks(JSON.stringify(store.getState()))).toEqual([]);
  });

  it('says why the form was cleared when the custodian left it, and forgets that at the next turn', async () => {
    const store = createCeremonyStore(restoreSnapshot(sharesView('entry')));
    const main = new MainSide(restoreSnapshot(sharesView('entry')));
    const intents = new RestoreIntents(store, main.api);
    await intents.abandonTurn('escape');
    expect(main.sent).toEqual([{ reason: 'escape' }]);
    expect(store.getState().note).toBe(
      'The share entry was cleared because Esc was pressed. Nothing typed was sent or kept.',
    );
    const markup = renderRestore(
      store.getState().snapshot!,
      <RestoreFrame onLeave={() => undefined} />,
      { note: store.getState().note },
    );
    expect(markup).toContain('data-testid="restore-handover"');
    expect(markup).toContain('cleared because Esc was pressed');
    await intents.beginTurn(2);
    expect(store.getState().note).toBeNull();
  });

  it('says why in main’s words when main sends them (the idle period is the ceremony’s own)', async () => {
    const store = createCeremonyStore(restoreSnapshot(sharesView('entry')));
    const message =
      'The share entry was cleared because nothing happened on the screen for a while (45 seconds). Nothing typed was sent or kept.';
    const api = {
      restoreAbandonTurn: async (): Promise<Result<RestoreSnapshot>> => ({
        ok: true,
        data: restoreSnapshot(sharesView('handover', { cleared: { reason: 'idle', message } })),
      }),
    } as unknown as RestoreApi;
    await new RestoreIntents(store, api).abandonTurn('idle');
    expect(store.getState().note).toBe(message);
    const markup = renderRestore(
      store.getState().snapshot!,
      <RestoreFrame onLeave={() => undefined} />,
      { note: store.getState().note },
    );
    expect(markup).toContain(
      'data-testid="ceremony-notice" role="status">The share entry was cleared because nothing happened on the screen for a while (45 seconds).',
    );
  });
});
