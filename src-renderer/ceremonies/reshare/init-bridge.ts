// The reshare's new-share turns and verification round are the initialization's own screens
// (ceremonies/init/shares, ceremonies/init/verification: reveal with checked lines and QR code,
// the turn guard, the spot or full check, the round), not a copy of them. Those screens read an
// InitSnapshot from the init context and send init intents; this bridge gives them both: a
// store mirroring the reshare's snapshot as the init view it carries, and the init intents they
// use answered by the reshare's channels, the share sheet's included (reshare/*-sheet). The
// reshare has no device steps: the view says so, so the last turn's button says what comes next.

import type { ReshareSnapshot } from '../../../shared/ceremony/audit-snapshot';
import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { createInitStore, type InitStore } from '../../stores/init-store';
import { InitIntents } from '../init/intents';
import type { SheetApi } from '../init/shares/sheet-intents';
import type { ReshareIntents } from './intents';

/** The init view a reshare snapshot carries at its new-shares and verification steps. */
export function asInitSnapshot(snapshot: ReshareSnapshot | null): InitSnapshot | null {
  if (!snapshot) return null;
  const view = snapshot.view;
  const init =
    view.step === 'new-shares' ? view.turns : view.step === 'verification' ? view.round : null;
  if (!init) return null;
  return {
    ceremonyId: snapshot.ceremonyId,
    rehearsal: snapshot.rehearsal,
    steps: {
      current: init.step,
      done: [],
      skipped: snapshot.steps.skipped.includes('verification')
        ? ['verification', 'device-steps']
        : ['device-steps'],
    },
    view: init,
    ...(snapshot.busy ? { busy: snapshot.busy } : {}),
    ...(snapshot.problem ? { problem: snapshot.problem } : {}),
    ...(snapshot.stopped ? { stopped: snapshot.stopped } : {}),
  };
}

/** A store for the init screens that follows the reshare's store. Returns it and its unsubscribe. */
export function mirrorAsInit(store: CeremonyStore<ReshareSnapshot>): [InitStore, () => void] {
  const mirror = createInitStore(asInitSnapshot(store.getState().snapshot) ?? undefined);
  const follow = () => {
    const state = store.getState();
    mirror.setState({
      snapshot: asInitSnapshot(state.snapshot),
      refusal: state.refusal,
      refused: state.refused,
    });
  };
  follow();
  return [mirror, store.subscribe(follow)];
}

/** Init intents the share screens send, answered by the reshare's channels. */
export function initIntentsFor(mirror: InitStore, reshare: ReshareIntents): InitIntents {
  const api = reshare.api;
  const answer = async (call: Promise<Result<ReshareSnapshot>>): Promise<Result<InitSnapshot>> => {
    const result = await call;
    reshare.keep(result);
    if (!result.ok) return result;
    return { ok: true, data: asInitSnapshot(result.data)! };
  };
  const shareApi = {
    initRevealShare: () => answer(api.reshareRevealShare({})),
    initHideShare: ({ reason }: { reason: 'idle' | 'blur' | 'escape' | 'user' }) =>
      answer(api.reshareHideShare({ reason })),
    initStillHere: () => answer(api.reshareStillHere({})),
    initShareRecorded: () => answer(api.reshareShareRecorded({})),
    initConfirmShare: ({ entries }: { entries: string[] }) =>
      answer(api.reshareConfirmShare({ entries })),
    initNextCustodian: () => {
      const at = reshare.api;
      const step = mirror.getState().snapshot?.view.step;
      return answer(
        step === 'verification' ? at.reshareNextVerification({}) : at.reshareNextNewCustodian({}),
      );
    },
    initEnterVerificationShare: ({ text }: { text: string }) =>
      answer(api.reshareEnterVerificationShare({ text })),
  };
  const sheetApi: SheetApi = {
    initOpenSheet: async ({ paper }) => {
      const result = await api.reshareOpenSheet({ paper });
      if (!result.ok) {
        reshare.keep(result);
        return result;
      }
      const { opened, snapshot } = result.data;
      reshare.keep({ ok: true, data: snapshot });
      return { ok: true, data: { opened, snapshot: asInitSnapshot(snapshot)! } };
    },
    initPrintSheet: () => answer(api.resharePrintSheet({})),
    initSaveSheetPdf: () => answer(api.reshareSaveSheetPdf({})),
    initCloseSheet: () => answer(api.reshareCloseSheet({})),
    initScanBack: ({ text }) => answer(api.reshareScanBack({ text })),
  };
  // Only the share turns', the sheet's and the round's methods exist: the init screens the
  // reshare shows call no other (no plan, no device).
  return new InitIntents(mirror, shareApi as unknown as CustosApi, sheetApi);
}
