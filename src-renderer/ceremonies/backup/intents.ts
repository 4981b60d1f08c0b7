// The backup officer's intents for the back-up, one method per `dump/*` channel. Each answers
// with the new snapshot, which goes straight into the store; the screen never decides an
// outcome itself. The password goes to main in `authenticate` and nowhere else.

import type { BackupSnapshot } from '../../../shared/ceremony/backup-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';

export type BackupApi = Pick<
  CustosApi,
  | 'on'
  | 'dumpCurrent'
  | 'dumpStart'
  | 'dumpChooseFolder'
  | 'dumpChoosePrimary'
  | 'dumpAuthenticate'
  | 'dumpGenerateSampleKeys'
  | 'dumpRun'
  | 'dumpCancel'
  | 'dumpClose'
>;

export class BackupIntents {
  constructor(
    private readonly store: CeremonyStore<BackupSnapshot>,
    private readonly api: BackupApi,
  ) {}

  chooseFolder(folder: string) {
    return this.send(
      () => this.api.dumpChooseFolder({ folder }),
      'the ceremony folder to be opened',
    );
  }

  choosePrimary(deviceId: string) {
    return this.send(
      () => this.api.dumpChoosePrimary({ deviceId }),
      'a check of the chosen primary',
    );
  }

  /** The caller has already emptied the password field; nothing here keeps the password. */
  authenticate(authKeyId: number | undefined, password: string) {
    return this.send(
      () =>
        this.api.dumpAuthenticate({ ...(authKeyId === undefined ? {} : { authKeyId }), password }),
      'a session with the application key',
    );
  }

  generateSampleKeys() {
    return this.send(
      () => this.api.dumpGenerateSampleKeys({}),
      'rehearsal keys on the simulated primary',
    );
  }

  /** Exports everything planned; `replace` names existing files the backup officer chose to replace. */
  run(replace: readonly string[]) {
    return this.send(() => this.api.dumpRun({ replace: [...replace] }), 'the export');
  }

  cancel() {
    return this.send(() => this.api.dumpCancel({}), 'the back-up to be cancelled');
  }

  close(): Promise<boolean> {
    return closeCeremony(this.store, () => this.api.dumpClose({}), 'the back-up to be closed');
  }

  private send(
    call: () => Promise<Result<BackupSnapshot>>,
    what: string,
  ): Promise<BackupSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
