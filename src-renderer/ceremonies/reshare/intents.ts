// The reshare's intents, one method per `reshare/*` channel. A current share goes to main in
// `submitShare`; a new share comes from main only in the answer to its custodian's own reveal,
// and the new-share turns are driven by the initialization's own screens (init-bridge.ts).

import type {
  ResharePlan,
  ReshareSnapshot,
  ShareEntry,
} from '../../../shared/ceremony/audit-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';
import { LEFT_BECAUSE, type LeaveReason } from '../restore/intents';

export type ReshareApi = Pick<CustosApi, Extract<keyof CustosApi, `reshare${string}`> | 'on'>;

export class ReshareIntents {
  constructor(
    private readonly store: CeremonyStore<ReshareSnapshot>,
    readonly api: ReshareApi,
  ) {}

  chooseFolder(folder: string) {
    return this.send(() => this.api.reshareChooseFolder({ folder }), 'the folder to be read');
  }

  setPlan(plan: ResharePlan) {
    return this.send(() => this.api.reshareSetPlan({ plan }), 'a check of the plan');
  }

  toOldShares() {
    return this.send(() => this.api.reshareToOldShares({}), 'the current shares step');
  }

  back() {
    return this.send(() => this.api.reshareBack({}), 'the previous step');
  }

  beginTurn(custodian: number) {
    this.store.setState({ note: null });
    return this.send(() => this.api.reshareBeginTurn({ custodian }), 'the custodian’s turn');
  }

  submitShare(entry: ShareEntry) {
    return this.send(() => this.api.reshareSubmitShare({ entry }), 'a check of the share');
  }

  async abandonTurn(reason: LeaveReason) {
    const after = await this.send(
      () => this.api.reshareAbandonTurn({ reason }),
      'the share entry to be cleared',
    );
    if (after) {
      const cleared = after.view.step === 'old-shares' ? after.view.cleared : undefined;
      this.store.setState({ note: cleared?.message ?? LEFT_BECAUSE[reason] });
    }
    return after;
  }

  nextCustodian() {
    this.store.setState({ note: null });
    return this.send(() => this.api.reshareNextCustodian({}), 'the next custodian');
  }

  splitAgain() {
    return this.send(() => this.api.reshareSplitAgain({}), 'the new shares');
  }

  cancel() {
    return this.send(() => this.api.reshareCancel({}), 'the reshare to be cancelled');
  }

  close(): Promise<boolean> {
    return closeCeremony(this.store, () => this.api.reshareClose({}), 'the reshare to be closed');
  }

  /** Keeps an answer main gave to an intent sent through the initialization's screens. */
  keep(result: Result<ReshareSnapshot>): void {
    if (result.ok) this.store.setState({ snapshot: result.data, refusal: null });
  }

  private send(
    call: () => Promise<Result<ReshareSnapshot>>,
    what: string,
  ): Promise<ReshareSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
