// The full handler table: one handler per channel of the contract, assembled from each
// domain's table. `Handlers` is a mapped type over every channel, so a channel added to
// shared/ipc/contract.ts without a handler here fails typecheck instead of failing at runtime.
// A ceremony plugs in with its own table (`...initHandlers(services.init)`), its service
// added to HandlerServices and built in services/custos-app.ts.

import { auditHandlers } from './audit-handlers';
import type { AuditServices } from './audit-handlers';
import { backupHandlers } from './backup-handlers';
import { dkekInitHandlers, type DkekInitServices } from './dkek-init-handlers';
import { dkekCloneHandlers, type DkekCloneServices } from './dkek-clone-handlers';
import { withFolderGuard, type FolderGuard } from './folder-guard';
import type { BackupServices } from './backup-handlers';
import { initHandlers } from './init-handlers';
import type { InitServices } from './init-handlers';
import { restoreHandlers } from './restore-handlers';
import type { RestoreServices } from './restore-handlers';
import { rotationHandlers } from './rotation-handlers';
import type { RotationServices } from './rotation-handlers';
import type { Handlers } from './router';
import { shellHandlers } from './shell-handlers';
import type { ShellServices } from './shell-handlers';
import { verifyHandlers } from './verify-handlers';
import type { VerifyServices } from './verify-handlers';

export type HandlerServices = ShellServices &
  InitServices &
  BackupServices &
  RestoreServices &
  RotationServices &
  VerifyServices &
  DkekInitServices &
  DkekCloneServices &
  AuditServices & {
    /** Checks every ceremony folder the page sends (folder-guard.ts); absent: no check. */
    folders?: FolderGuard;
  };

export function createHandlers(services: HandlerServices): Handlers {
  const handlers: Handlers = {
    ...shellHandlers(services),
    ...initHandlers(services.init),
    ...backupHandlers(services.dump),
    ...restoreHandlers(services.restore),
    ...rotationHandlers(services.rotate),
    ...verifyHandlers(services.verify),
    ...dkekInitHandlers(services.dkekInit),
    ...auditHandlers(services),
    ...dkekCloneHandlers(services),
  };
  return services.folders ? withFolderGuard(handlers, services.folders) : handlers;
}
