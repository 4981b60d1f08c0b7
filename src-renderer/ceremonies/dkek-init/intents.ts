// The DKEK initialisation's intents, one method per `dkek-init/*` channel. Each answers with the
// new snapshot, which goes straight into the store. PINs and passwords go to main in `setPlan`
// and nowhere else; a password share comes back only in the answer to `takeTurn`.

import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import type { LeaveReason } from '../../../shared/ceremony/custodian-turn';
import type { CustosApi } from '../../../shared/ipc/api';
import type { DkekSetPlanRequest } from '../../../shared/ipc/dkek-init-channels';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';

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
  toShares() {
    return this.send(() => this.api.dkekInitToShares({}), 'the share files to be made');
  }
  takeTurn() {
    return this.send(() => this.api.dkekInitTakeTurn({}), 'the password share to be shown');
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

  private send(
    call: () => Promise<Result<DkekInitSnapshot>>,
    what: string,
  ): Promise<DkekInitSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
