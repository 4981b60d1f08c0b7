// The DKEK verification's intents, one method per `dkek-verify/*` channel (shared/ipc/
// dkek-clone-channels.ts). Each answers with the new snapshot, which goes straight into the
// store. The clone's user PIN goes to main in `verify` and nowhere else.

import type { DkekVerifySnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import type { ReportOpened } from '../../../shared/ceremony/verify-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';

type Method = Extract<keyof CustosApi, `dkekVerify${string}`>;
export type DkekVerifyApi = Pick<CustosApi, 'on' | Method>;

export class DkekVerifyIntents {
  constructor(
    private readonly store: CeremonyStore<DkekVerifySnapshot>,
    private readonly api: DkekVerifyApi,
  ) {}

  chooseFolder(folder: string) {
    return this.send(
      () => this.api.dkekVerifyChooseFolder({ folder }),
      'the ceremony folder to be opened',
    );
  }

  /** The caller has already emptied the PIN field; nothing here keeps the PIN. */
  verify(deviceId: string, pin: string) {
    return this.send(
      () => this.api.dkekVerifyVerify({ deviceId, pin }),
      'the clone to be compared with the record',
    );
  }

  /** Asks main to show this verification's report; null when main refused (its sentence is in the store). */
  async openReport(ceremonyId: string): Promise<ReportOpened | null> {
    let opened: ReportOpened | null = null;
    const snapshot = await this.send(async (): Promise<Result<DkekVerifySnapshot>> => {
      const answer = await this.api.dkekVerifyOpenReport({ ceremonyId });
      if (!answer.ok) return answer;
      opened = answer.data.opened;
      return { ok: true, data: answer.data.snapshot };
    }, 'the printable report to be opened');
    return snapshot ? opened : null;
  }

  cancel() {
    return this.send(() => this.api.dkekVerifyCancel({}), 'the verification to be cancelled');
  }

  close(): Promise<boolean> {
    return closeCeremony(
      this.store,
      () => this.api.dkekVerifyClose({}),
      'the verification to be closed',
    );
  }

  private send(
    call: () => Promise<Result<DkekVerifySnapshot>>,
    what: string,
  ): Promise<DkekVerifySnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
