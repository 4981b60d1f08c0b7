// Handlers for the DKEK back-up, clone and verification channels (dkek-backup/*, dkek-restore/*,
// dkek-verify/*): one line each into the engines. A share holder's turn opens the share file the
// ceremony's record names with what they typed; nothing typed is kept after the turn.

import { ok } from '../../shared/ipc/result';
import type { DkekBackupEngine } from '../ceremonies/dkek/backup-engine';
import type { DkekRestoreEngine } from '../ceremonies/dkek/restore-engine';
import type { DkekVerifyEngine } from '../ceremonies/dkek/verify-engine';
import type { Handlers } from './router';

export interface DkekCloneServices {
  dkekBackup: DkekBackupEngine;
  dkekRestore: DkekRestoreEngine;
  dkekVerify: DkekVerifyEngine;
}

type DkekCloneChannel = Extract<
  keyof Handlers,
  `dkek-backup/${string}` | `dkek-restore/${string}` | `dkek-verify/${string}`
>;

export function dkekCloneHandlers(services: DkekCloneServices): Pick<Handlers, DkekCloneChannel> {
  const { dkekBackup: backup, dkekRestore: restore, dkekVerify: verify } = services;
  return {
    'dkek-backup/current': () => ok(backup.current()),
    'dkek-backup/start': async () => ok(await backup.start()),
    'dkek-backup/choose-folder': async ({ folder }) => ok(await backup.chooseFolder(folder)),
    'dkek-backup/choose-device': async ({ deviceId, pin }) =>
      ok(await backup.chooseDevice(deviceId, pin)),
    'dkek-backup/run': async () => ok(await backup.run()),
    'dkek-backup/cancel': async () => ok(await backup.cancel()),
    'dkek-backup/close': async () => ok(await backup.close()),

    'dkek-restore/current': () => ok(restore.current()),
    'dkek-restore/start': async ({ mode }) => ok(await restore.start(mode)),
    'dkek-restore/choose-folder': async ({ folder }) => ok(await restore.chooseFolder(folder)),
    'dkek-restore/choose-device': async ({ deviceId, pin, soPin }) =>
      ok(await restore.chooseDevice(deviceId, pin, soPin)),
    'dkek-restore/choose-share': async ({ shareNumber }) =>
      ok(await restore.chooseShare(shareNumber)),
    'dkek-restore/begin-turn': async () => ok(await restore.beginTurn()),
    'dkek-restore/leave-turn': async ({ reason }) => ok(await restore.leaveTurn(reason)),
    'dkek-restore/add-password-share': async (typed) => ok(await restore.addPasswordShare(typed)),
    // The typed password becomes bytes here; the engine wipes them once the share file is open.
    'dkek-restore/import-share': async ({ password }) =>
      ok(
        await restore.importShare(
          password === undefined ? {} : { password: new Uint8Array(Buffer.from(password, 'utf8')) },
        ),
      ),
    'dkek-restore/next-turn': async () => ok(await restore.nextTurn()),
    'dkek-restore/unwrap': async () => ok(await restore.unwrap()),
    'dkek-restore/cancel': async () => ok(await restore.cancel()),
    'dkek-restore/close': async () => ok(await restore.close()),

    'dkek-verify/current': () => ok(verify.current()),
    'dkek-verify/start': async () => ok(await verify.start()),
    'dkek-verify/choose-folder': async ({ folder }) => ok(await verify.chooseFolder(folder)),
    'dkek-verify/verify': async ({ deviceId, pin }) => ok(await verify.verify(deviceId, pin)),
    'dkek-verify/open-report': async ({ ceremonyId }) => ok(await verify.openReport(ceremonyId)),
    'dkek-verify/cancel': async () => ok(await verify.cancel()),
    'dkek-verify/close': async () => ok(await verify.close()),
  };
}
