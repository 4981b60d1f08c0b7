// Handlers for the back-up's channels (dump/*): one line each, straight into the engine.

import { ok } from '../../shared/ipc/result';
import type { BackupEngine } from '../ceremonies/backup/backup-engine';
import type { Handlers } from './router';

export interface BackupServices {
  dump: BackupEngine;
}

type BackupChannel = Extract<keyof Handlers, `dump/${string}`>;

export function backupHandlers(dump: BackupEngine): Pick<Handlers, BackupChannel> {
  return {
    'dump/current': () => ok(dump.current()),
    'dump/start': async () => ok(await dump.start()),
    'dump/choose-folder': async ({ folder }) => ok(await dump.chooseFolder(folder)),
    'dump/choose-primary': async ({ deviceId }) => ok(await dump.choosePrimary(deviceId)),
    'dump/authenticate': async ({ password, authKeyId }) =>
      ok(await dump.authenticate(password, authKeyId)),
    'dump/generate-sample-keys': async () => ok(await dump.generateSampleKeys()),
    'dump/run': async ({ replace }) => ok(await dump.run(replace)),
    'dump/cancel': async () => ok(await dump.cancel()),
    'dump/close': async () => ok(await dump.close()),
  };
}
