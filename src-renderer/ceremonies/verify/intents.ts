// The backup officer's intents for verifying a clone, one method per `verify/*` channel. Each
// answers with the new snapshot, which goes straight into the store. The password goes to main
// in `authenticate` and nowhere else.

import type { ReportOpened, VerifySnapshot } from '../../../shared/ceremony/verify-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';

export type VerifyApi = Pick<
  CustosApi,
  | 'on'
  | 'verifyCurrent'
  | 'verifyStart'
  | 'verifyChooseFolder'
  | 'verifyChooseSecondary'
  | 'verifyChoosePrimary'
  | 'verifyAuthenticate'
  | 'verifyRun'
  | 'verifyOpenReport'
  | 'verifyClose'
>;

export class VerifyIntents {
  constructor(
    private readonly store: CeremonyStore<VerifySnapshot>,
    private readonly api: VerifyApi,
  ) {}

  chooseFolder(folder: string) {
    return this.send(
      () => this.api.verifyChooseFolder({ folder }),
      'the ceremony folder to be read',
    );
  }

  chooseSecondary(deviceId: string) {
    return this.send(
      () => this.api.verifyChooseSecondary({ deviceId }),
      'the secondary to be chosen',
    );
  }

  /** The live primary to compare with; null compares with the record. */
  choosePrimary(deviceId: string | null) {
    return this.send(() => this.api.verifyChoosePrimary({ deviceId }), 'the primary to be chosen');
  }

  /** The caller has already emptied the password field. */
  authenticate(authKeyId: number | undefined, password: string) {
    return this.send(
      () =>
        this.api.verifyAuthenticate({
          ...(authKeyId === undefined ? {} : { authKeyId }),
          password,
        }),
      'the application key’s password',
    );
  }

  run() {
    return this.send(() => this.api.verifyRun({}), 'the verification');
  }

  /** Asks main to show this verification's report; null when main refused (its sentence is in the store). */
  async openReport(ceremonyId: string): Promise<ReportOpened | null> {
    let opened: ReportOpened | null = null;
    const snapshot = await this.send(async (): Promise<Result<VerifySnapshot>> => {
      const answer = await this.api.verifyOpenReport({ ceremonyId });
      if (!answer.ok) return answer;
      opened = answer.data.opened;
      return { ok: true, data: answer.data.snapshot };
    }, 'the printable report to be opened');
    return snapshot ? opened : null;
  }

  close(): Promise<boolean> {
    return closeCeremony(
      this.store,
      () => this.api.verifyClose({}),
      'the verification to be closed',
    );
  }

  private send(
    call: () => Promise<Result<VerifySnapshot>>,
    what: string,
  ): Promise<VerifySnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
