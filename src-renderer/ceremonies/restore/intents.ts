// The backup officer's and custodians' intents for the restore, one method per `restore/*`
// channel. Each answers with the new snapshot, which goes straight into the store. A share
// goes to main in `submitShare` and nowhere else: the entry form hands it over and is emptied;
// main answers with share numbers and sentences only.

import type { RestoreSnapshot, ShareEntry } from '../../../shared/ceremony/restore-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';

export type LeaveReason = 'idle' | 'blur' | 'escape' | 'user';

export type RestoreApi = Pick<
  CustosApi,
  | 'on'
  | 'restoreCurrent'
  | 'restoreStart'
  | 'restoreChooseFolder'
  | 'restoreChooseSecondary'
  | 'restoreBack'
  | 'restorePlanSecondaries'
  | 'restoreNextSecondary'
  | 'restoreToShares'
  | 'restoreBeginTurn'
  | 'restoreSubmitShare'
  | 'restoreAbandonTurn'
  | 'restoreNextCustodian'
  | 'restoreSetApplicationKey'
  | 'restoreRunDeviceSteps'
  | 'restoreCancel'
  | 'restoreClose'
  | 'restoreWriteKspHandoff'
>;

/**
 * Why the entry form was emptied without a share being sent, said to the next person at the
 * screen: main's sentence (`cleared` in its answer) when it sends one, these otherwise.
 */
export const LEFT_BECAUSE: Readonly<Record<LeaveReason, string>> = {
  idle: 'The share entry was cleared because nothing happened on the screen for a while. Nothing typed was sent or kept.',
  blur: 'The share entry was cleared because this window lost the focus. Nothing typed was sent or kept.',
  escape: 'The share entry was cleared because Esc was pressed. Nothing typed was sent or kept.',
  user: 'The share entry was cleared, as asked. Nothing typed was sent or kept.',
};

export class RestoreIntents {
  constructor(
    private readonly store: CeremonyStore<RestoreSnapshot>,
    private readonly api: RestoreApi,
  ) {}

  chooseFolder(folder: string) {
    return this.send(() => this.api.restoreChooseFolder({ folder }), 'the folder to be read');
  }

  chooseSecondary(deviceId: string) {
    return this.send(
      () => this.api.restoreChooseSecondary({ deviceId }),
      'a check of the secondary',
    );
  }

  /** How many secondaries this sitting restores, said before the shares. */
  planSecondaries(count: number) {
    return this.send(() => this.api.restorePlanSecondaries({ count }), 'the number of secondaries');
  }

  /** After one secondary of the sitting: the next one, with the key main still holds. */
  nextSecondary() {
    return this.send(() => this.api.restoreNextSecondary({}), 'the next secondary');
  }

  back() {
    return this.send(() => this.api.restoreBack({}), 'the previous step');
  }

  toShares() {
    return this.send(() => this.api.restoreToShares({}), 'the shares step');
  }

  /** Record mode names the custodian at the keyboard by their share number; interop mode does not. */
  beginTurn(custodian?: number) {
    this.store.setState({ note: null });
    return this.send(
      () => this.api.restoreBeginTurn(custodian === undefined ? {} : { custodian }),
      'the custodian’s turn',
    );
  }

  /** The form has already been emptied; the entry is not kept here or in the store. */
  submitShare(entry: ShareEntry) {
    return this.send(() => this.api.restoreSubmitShare({ entry }), 'a check of the share');
  }

  /** The custodian left the entry (idle, blur, Esc, or their own button): the form is cleared and the turn goes back to the handover. */
  async abandonTurn(reason: LeaveReason) {
    const after = await this.send(
      () => this.api.restoreAbandonTurn({ reason }),
      'the share entry to be cleared',
    );
    if (after) {
      const cleared = after.view.step === 'shares' ? after.view.cleared : undefined;
      this.store.setState({ note: cleared?.message ?? LEFT_BECAUSE[reason] });
    }
    return after;
  }

  nextCustodian() {
    this.store.setState({ note: null });
    return this.send(() => this.api.restoreNextCustodian({}), 'the next custodian');
  }

  /** The caller has already emptied the password field. */
  setApplicationKey(authKeyId: number | undefined, password: string) {
    return this.send(
      () =>
        this.api.restoreSetApplicationKey({
          ...(authKeyId === undefined ? {} : { authKeyId }),
          password,
        }),
      'the application key’s password',
    );
  }

  runDeviceSteps() {
    return this.send(() => this.api.restoreRunDeviceSteps({}), 'the device steps');
  }

  cancel() {
    return this.send(() => this.api.restoreCancel({}), 'the restore to be cancelled');
  }

  writeKspHandoff(connectorUrl: string | undefined) {
    return this.send(
      () => this.api.restoreWriteKspHandoff(connectorUrl === undefined ? {} : { connectorUrl }),
      'the KSP hand-off',
    );
  }

  close(): Promise<boolean> {
    return closeCeremony(this.store, () => this.api.restoreClose({}), 'the restore to be closed');
  }

  private send(
    call: () => Promise<Result<RestoreSnapshot>>,
    what: string,
  ): Promise<RestoreSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
