// The DKEK clone's (and sequential import's) intents, one method per `dkek-restore/*` channel
// (shared/ipc/dkek-clone-channels.ts). Each answers with the new snapshot, which goes straight
// into the store. PINs go to main in `chooseDevice`, a share's password in `importShare` and a
// password share in `addPasswordShare`, and nowhere else; main never sends any of them back.

import type { LeaveReason } from '../../../shared/ceremony/custodian-turn';
import type { DkekRestoreSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';

type Method = Extract<keyof CustosApi, `dkekRestore${string}`>;
export type DkekRestoreApi = Pick<CustosApi, 'on' | Method>;

export interface TypedPasswordShare {
  prime: string;
  id: string;
  value: string;
  checkWord?: string;
}

export class DkekRestoreIntents {
  constructor(
    private readonly store: CeremonyStore<DkekRestoreSnapshot>,
    private readonly api: DkekRestoreApi,
  ) {}

  chooseFolder(folder: string) {
    return this.send(
      () => this.api.dkekRestoreChooseFolder({ folder }),
      'the ceremony folder to be opened',
    );
  }
  /** The caller has already emptied the PIN fields; nothing here keeps them. */
  chooseDevice(deviceId: string, pin: string, soPin: string | undefined) {
    return this.send(
      () =>
        this.api.dkekRestoreChooseDevice({
          deviceId,
          pin,
          ...(soPin === undefined ? {} : { soPin }),
        }),
      'the device to be read',
    );
  }
  chooseShare(shareNumber: number) {
    return this.send(() => this.api.dkekRestoreChooseShare({ shareNumber }), 'the share chosen');
  }
  beginTurn() {
    return this.send(() => this.api.dkekRestoreBeginTurn({}), 'the share holder’s turn');
  }
  leaveTurn(reason: LeaveReason) {
    return this.send(() => this.api.dkekRestoreLeaveTurn({ reason }), 'the entry to be cleared');
  }
  /** The caller has already emptied the fields. */
  addPasswordShare(typed: TypedPasswordShare) {
    return this.send(
      () => this.api.dkekRestoreAddPasswordShare(typed),
      'the password share to be checked',
    );
  }
  /** The caller has already emptied the password field. */
  importShare(password: string | undefined) {
    return this.send(
      () => this.api.dkekRestoreImportShare(password === undefined ? {} : { password }),
      'the share to be imported',
    );
  }
  nextTurn() {
    return this.send(() => this.api.dkekRestoreNextTurn({}), 'the next share holder');
  }
  unwrap() {
    return this.send(() => this.api.dkekRestoreUnwrap({}), 'the keys to be unwrapped');
  }
  cancel() {
    return this.send(() => this.api.dkekRestoreCancel({}), 'the ceremony to be cancelled');
  }
  close(): Promise<boolean> {
    return closeCeremony(
      this.store,
      () => this.api.dkekRestoreClose({}),
      'the ceremony to be closed',
    );
  }

  private send(
    call: () => Promise<Result<DkekRestoreSnapshot>>,
    what: string,
  ): Promise<DkekRestoreSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
