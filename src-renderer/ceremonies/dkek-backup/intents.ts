// The DKEK back-up's intents, one method per `dkek-backup/*` channel (shared/ipc/
// dkek-clone-channels.ts). Each answers with the new snapshot, which goes straight into the
// store; the screen never decides an outcome itself. The user PIN goes to main in `chooseDevice`
// and nowhere else.

import type { DkekBackupSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/ipc/result';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { closeCeremony, sendIntent } from '../../stores/ceremony-store';

type Method = Extract<keyof CustosApi, `dkekBackup${string}`>;
export type DkekBackupApi = Pick<CustosApi, 'on' | Method>;

export class DkekBackupIntents {
  constructor(
    private readonly store: CeremonyStore<DkekBackupSnapshot>,
    private readonly api: DkekBackupApi,
  ) {}

  chooseFolder(folder: string) {
    return this.send(
      () => this.api.dkekBackupChooseFolder({ folder }),
      'the ceremony folder to be opened',
    );
  }

  /** The caller has already emptied the PIN field; nothing here keeps the PIN. */
  chooseDevice(deviceId: string, pin: string) {
    return this.send(
      () => this.api.dkekBackupChooseDevice({ deviceId, pin }),
      'the primary to be read',
    );
  }

  /** Wraps every key; run again after a stop, files already written are kept. */
  run() {
    return this.send(() => this.api.dkekBackupRun({}), 'the keys to be wrapped');
  }

  cancel() {
    return this.send(() => this.api.dkekBackupCancel({}), 'the back-up to be cancelled');
  }

  close(): Promise<boolean> {
    return closeCeremony(
      this.store,
      () => this.api.dkekBackupClose({}),
      'the back-up to be closed',
    );
  }

  private send(
    call: () => Promise<Result<DkekBackupSnapshot>>,
    what: string,
  ): Promise<DkekBackupSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
