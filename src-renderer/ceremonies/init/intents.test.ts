import { describe, expect, it } from 'vitest';
import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import { createInitStore } from '../../stores/init-store';
import { InitIntents } from './intents';
import { SHARE, sharesView, snapshotAt } from './testing/snapshots';

const REVEAL = snapshotAt(sharesView('reveal'));
const HANDOVER = snapshotAt(sharesView('handover', { hiddenBecause: 'escape' }));

/** Main's side of the hide and "recorded" calls, answering only when the test says. */
function slowMain() {
  let answer: (result: Result<InitSnapshot>) => void = () => undefined;
  const pending = () => new Promise<Result<InitSnapshot>>((resolve) => (answer = resolve));
  const api = { initHideShare: pending, initShareRecorded: pending } as unknown as CustosApi;
  return { api, answer: (result: Result<InitSnapshot>) => answer(result) };
}

describe('a share leaving the screen', () => {
  for (const [why, leave] of [
    ['Esc', (intents: InitIntents) => intents.hideShare('escape')],
    ['the window losing focus', (intents: InitIntents) => intents.hideShare('blur')],
    ['the idle period', (intents: InitIntents) => intents.hideShare('idle')],
    ['"I have recorded it"', (intents: InitIntents) => intents.shareRecorded()],
  ] as const) {
    it(`is gone from the store on ${why} before main answers, and main's answer then takes over`, async () => {
      const store = createInitStore(REVEAL);
      const main = slowMain();
      const sent = leave(new InitIntents(store, main.api));
      expect(JSON.stringify(store.getState())).not.toContain(SHARE);
      // Main has not answered: the phase is still what main last said, just without the share.
      expect(store.getState().snapshot?.view).toMatchObject({ step: 'shares', phase: 'reveal' });
      main.answer({ ok: true, data: HANDOVER });
      await sent;
      expect(store.getState().snapshot).toBe(HANDOVER);
    });
  }

  it('stays gone when main refuses the hide', async () => {
    const store = createInitStore(REVEAL);
    const main = slowMain();
    const sent = new InitIntents(store, main.api).hideShare('escape');
    main.answer({ ok: false, code: 'internal', message: 'The ceremony engine is not running.' });
    await sent;
    expect(store.getState().refusal).toBe('The ceremony engine is not running.');
    expect(JSON.stringify(store.getState())).not.toContain(SHARE);
  });
});
