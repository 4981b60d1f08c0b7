// The DKEK initialisation's intents, one method per `dkek-init/*` channel. Each answers with the
// new snapshot, which goes straight into the store. PINs and passwords go to main in `setPlan`
// and nowhere else; a password share comes back only in the answer to `takeTurn`.

import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import type { LeaveReason } from '../../../shared/ceremony/custodian-turn';
import type { CustosApi } from '../../../shared/ipc/api';
import type { ResponseOf } from '../../../shared/ipc/contract';
import type { DkekPlanDraft, DkekSetPlanRequest } from '../../../shared/ipc/dkek-init-channels';
import type { Result } from '../../../shared/ipc/result';
import { unansweredCall } from '../../bridge';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';
import { announceSettled } from '../../stores/settled';

export type DkekPlanShelf = ResponseOf<'dkek-init/list-plans'>;
export type DkekSavedPlan = ResponseOf<'dkek-init/save-plan'>;
export type DkekLoadedPlan = ResponseOf<'dkek-init/load-plan'>;

type Method = Extract<keyof CustosApi, `dkekInit${string}`>;
export type DkekInitApi = Pick<CustosApi, 'on' | 'listSmartCards' | Method>;

export class DkekInitIntents {
  constructor(
    private readonly store: CeremonyStore<DkekInitSnapshot>,
    readonly api: DkekInitApi,
  ) {}

  start(deviceId: string) {
    return this.send(() => this.api.dkekInitStart({ deviceId }), 'the device to be read');
  }
  confirmReinitialise(serial: string, keys: number | undefined) {
    return this.send(
      () =>
        this.api.dkekInitConfirmReinitialise({ serial, ...(keys === undefined ? {} : { keys }) }),
      'the re-initialisation to be confirmed',
    );
  }
  toPlan() {
    return this.send(() => this.api.dkekInitToPlan({}), 'the plan');
  }
  /** The caller empties its PIN and password fields once this is sent. */
  setPlan(request: DkekSetPlanRequest) {
    return this.send(() => this.api.dkekInitSetPlan(request), 'the plan to be set');
  }
  /** The plan file main's chooser opened (the plans folder: by name); its plan, or null. */
  loadPlan(name: string | undefined): Promise<DkekLoadedPlan | null> {
    return this.planFile(
      () => this.api.dkekInitLoadPlan(name === undefined ? {} : { name }),
      'the plan file',
    );
  }
  /** Saves the plan on screen; `replace` only after the person confirmed replacing that plan. */
  savePlan(name: string, replace: boolean, plan: DkekPlanDraft): Promise<DkekSavedPlan | null> {
    return this.planFile(
      () => this.api.dkekInitSavePlan({ name, replace, plan }),
      'the plan file to be saved',
    );
  }
  /** Where plans are kept, and the names already there (the browser host's plans folder). */
  async listPlans(): Promise<DkekPlanShelf | null> {
    try {
      const answer = await this.api.dkekInitListPlans({});
      return answer.ok ? answer.data : null;
    } catch {
      return null;
    }
  }
  toShares() {
    return this.send(() => this.api.dkekInitToShares({}), 'the share files to be made');
  }
  takeTurn() {
    return this.send(() => this.api.dkekInitTakeTurn({}), 'the password share to be shown');
  }
  /** The custodian's own sheet: where the renderer opens it (a one-time page), or null. */
  async openSheet(paper: 'a4' | 'letter') {
    const answer = await this.planFile(() => this.api.dkekInitOpenSheet({ paper }), 'your sheet');
    if (answer) this.store.setState({ snapshot: answer.snapshot });
    return answer?.opened ?? null;
  }
  /** The system print dialog for the sheet's preview window (main shows it). */
  printSheet() {
    return this.send(() => this.api.dkekInitPrintSheet({}), 'the sheet to be printed');
  }
  /** The PDF goes where the person chooses in main's save dialog; the page names no path. */
  saveSheetPdf() {
    return this.send(() => this.api.dkekInitSaveSheetPdf({}), 'the sheet to be saved as a PDF');
  }
  closeSheet() {
    return this.send(() => this.api.dkekInitCloseSheet({}), 'the sheet to be closed');
  }
  leaveTurn(reason: LeaveReason) {
    return this.send(() => this.api.dkekInitLeaveTurn({ reason }), 'the share to be put away');
  }
  turnRecorded() {
    return this.send(() => this.api.dkekInitTurnRecorded({}), 'the share to be hidden');
  }
  confirmTurn(value: string) {
    return this.send(() => this.api.dkekInitConfirmTurn({ value }), 'the spot check');
  }
  nextTurn() {
    return this.send(() => this.api.dkekInitNextTurn({}), 'the next custodian');
  }
  proveShares() {
    return this.send(() => this.api.dkekInitProveShares({}), 'the share files to be proven');
  }
  toDevice() {
    return this.send(() => this.api.dkekInitToDevice({}), 'the device steps');
  }
  initialiseDevice() {
    return this.send(() => this.api.dkekInitInitialiseDevice({}), 'the device to be initialised');
  }
  importNextShare() {
    return this.send(() => this.api.dkekInitImportNextShare({}), 'the next share to be imported');
  }
  /** `leaveOutstanding`: the device travels; the shares not yet in are imported later. */
  finish(leaveOutstanding = false) {
    return this.send(
      () => this.api.dkekInitFinish(leaveOutstanding ? { leaveOutstanding } : {}),
      'the record to be written',
    );
  }
  async cancel() {
    return sendIntent(
      this.store,
      () => this.api.dkekInitCancel({}),
      'the ceremony to be cancelled',
    );
  }
  close(): Promise<boolean> {
    return closeCeremony(this.store, () => this.api.dkekInitClose({}), 'the ceremony to be closed');
  }

  /** An answer that is not only a snapshot: a refusal still shows at the top of the step. */
  private async planFile<T>(call: () => Promise<Result<T>>, what: string): Promise<T | null> {
    this.store.setState((state) => ({ sending: state.sending + 1 }));
    try {
      const result = await call();
      if (result.ok) {
        this.store.setState({ refusal: null });
        return result.data;
      }
      this.store.setState((state) => ({ refusal: result.message, refused: state.refused + 1 }));
      return null;
    } catch {
      this.store.setState((state) => ({
        refusal: unansweredCall(what),
        refused: state.refused + 1,
      }));
      return null;
    } finally {
      this.store.setState((state) => ({ sending: state.sending - 1 }));
      if (this.store.getState().sending === 0) announceSettled();
    }
  }

  private send(
    call: () => Promise<Result<DkekInitSnapshot>>,
    what: string,
  ): Promise<DkekInitSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
