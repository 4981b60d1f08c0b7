// The intents of the wrap-key rotation, one method per `rotate/*` channel. Each answers with the
// new snapshot, which goes straight into the store. A current share goes to main in
// `submitShare` only, and the form is emptied; a new share comes back only in the answer to
// `revealShare`, on its custodian's turn, and is gone with the next snapshot.

import type { ShareEntry } from '../../../shared/ceremony/restore-snapshot';
import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';

export type LeaveReason = 'idle' | 'blur' | 'escape' | 'user';

export type RotationApi = Pick<
  CustosApi,
  | 'on'
  | 'rotateCurrent'
  | 'rotateStart'
  | 'rotateChooseFolder'
  | 'rotateSetRotationKey'
  | 'rotateSetAuditKey'
  | 'rotateToShares'
  | 'rotateBack'
  | 'rotateBeginTurn'
  | 'rotateSubmitShare'
  | 'rotateAbandonTurn'
  | 'rotateNextCustodian'
  | 'rotateMakeNewShares'
  | 'rotateResumeDevices'
  | 'rotateRevealShare'
  | 'rotateHideShare'
  | 'rotateStillHere'
  | 'rotateShareRecorded'
  | 'rotateConfirmShare'
  | 'rotateRunDevice'
  | 'rotateCancel'
  | 'rotateClose'
>;

export class RotationIntents {
  constructor(
    private readonly store: CeremonyStore<RotationSnapshot>,
    private readonly api: RotationApi,
  ) {}

  chooseFolder(folder: string) {
    return this.send(() => this.api.rotateChooseFolder({ folder }), 'the folder to be read');
  }

  /** The caller has already emptied the password field. */
  setRotationKey(authKeyId: number | undefined, password: string) {
    return this.send(
      () =>
        this.api.rotateSetRotationKey({
          ...(authKeyId === undefined ? {} : { authKeyId }),
          password,
        }),
      'the rotation key’s password',
    );
  }

  setAuditKey(authKeyId: number | undefined, password: string) {
    return this.send(
      () =>
        this.api.rotateSetAuditKey({ ...(authKeyId === undefined ? {} : { authKeyId }), password }),
      'the audit key’s password',
    );
  }

  toShares() {
    return this.send(() => this.api.rotateToShares({}), 'the shares step');
  }

  back() {
    return this.send(() => this.api.rotateBack({}), 'the previous step');
  }

  beginTurn(custodian: number) {
    this.store.setState({ note: null });
    return this.send(() => this.api.rotateBeginTurn({ custodian }), 'the custodian’s turn');
  }

  /** The form has already been emptied; the entry is not kept here or in the store. */
  submitShare(entry: ShareEntry) {
    return this.send(() => this.api.rotateSubmitShare({ entry }), 'a check of the share');
  }

  abandonTurn(reason: LeaveReason) {
    return this.send(() => this.api.rotateAbandonTurn({ reason }), 'the share entry to be cleared');
  }

  nextCustodian() {
    this.store.setState({ note: null });
    return this.send(() => this.api.rotateNextCustodian({}), 'the next custodian');
  }

  makeNewShares(deviceId: string) {
    return this.send(() => this.api.rotateMakeNewShares({ deviceId }), 'the new wrap key');
  }

  resumeDevices() {
    return this.send(() => this.api.rotateResumeDevices({}), 'the devices step');
  }

  revealShare() {
    return this.send(() => this.api.rotateRevealShare({}), 'the new share');
  }

  hideShare(reason: LeaveReason) {
    return this.send(() => this.api.rotateHideShare({ reason }), 'the share to be hidden');
  }

  stillHere() {
    return this.send(() => this.api.rotateStillHere({}), 'the share to stay up');
  }

  shareRecorded() {
    return this.send(() => this.api.rotateShareRecorded({}), 'the check of the share');
  }

  confirmShare(entries: readonly string[]) {
    return this.send(
      () => this.api.rotateConfirmShare({ entries: [...entries] }),
      'a check of what was typed',
    );
  }

  runDevice(deviceId: string) {
    return this.send(() => this.api.rotateRunDevice({ deviceId }), 'the device step');
  }

  cancel() {
    return this.send(() => this.api.rotateCancel({}), 'the rotation to be cancelled');
  }

  close(): Promise<boolean> {
    return closeCeremony(this.store, () => this.api.rotateClose({}), 'the rotation to be closed');
  }

  private send(
    call: () => Promise<Result<RotationSnapshot>>,
    what: string,
  ): Promise<RotationSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
