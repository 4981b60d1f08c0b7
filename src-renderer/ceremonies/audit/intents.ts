// The share audit's intents, one method per `audit/*` channel. A share goes to main in
// `submitShare` and nowhere else; main answers with share numbers and sentences only.

import type { AuditSnapshot, ShareEntry } from '../../../shared/ceremony/audit-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';
import { LEFT_BECAUSE, type LeaveReason } from '../restore/intents';

export type AuditApi = Pick<
  CustosApi,
  | 'on'
  | 'auditCurrent'
  | 'auditStart'
  | 'auditChooseFolder'
  | 'auditBack'
  | 'auditBeginTurn'
  | 'auditSubmitShare'
  | 'auditAbandonTurn'
  | 'auditNextCustodian'
  | 'auditCancel'
  | 'auditClose'
>;

export class AuditIntents {
  constructor(
    private readonly store: CeremonyStore<AuditSnapshot>,
    private readonly api: AuditApi,
  ) {}

  chooseFolder(folder: string) {
    return this.send(() => this.api.auditChooseFolder({ folder }), 'the folder to be read');
  }

  back() {
    return this.send(() => this.api.auditBack({}), 'the previous step');
  }

  beginTurn(custodian: number) {
    this.store.setState({ note: null });
    return this.send(() => this.api.auditBeginTurn({ custodian }), 'the custodian’s turn');
  }

  /** The form has already been emptied; the entry is not kept here or in the store. */
  submitShare(entry: ShareEntry) {
    return this.send(() => this.api.auditSubmitShare({ entry }), 'a check of the share');
  }

  async abandonTurn(reason: LeaveReason) {
    const after = await this.send(
      () => this.api.auditAbandonTurn({ reason }),
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
    return this.send(() => this.api.auditNextCustodian({}), 'the next custodian');
  }

  cancel() {
    return this.send(() => this.api.auditCancel({}), 'the audit to be cancelled');
  }

  close(): Promise<boolean> {
    return closeCeremony(this.store, () => this.api.auditClose({}), 'the audit to be closed');
  }

  private send(
    call: () => Promise<Result<AuditSnapshot>>,
    what: string,
  ): Promise<AuditSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
