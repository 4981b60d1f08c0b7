import type { CeremonyId } from '../../shared/ceremony/catalog';
import { AuditWizard } from './audit/AuditWizard';
import { BackupWizard } from './backup/BackupWizard';
import { DkekBackupWizard } from './dkek-backup/DkekBackupWizard';
import { DkekInitWizard } from './dkek-init/DkekInitWizard';
import { DkekRestoreWizard } from './dkek-restore/DkekRestoreWizard';
import { DkekVerifyWizard } from './dkek-verify/DkekVerifyWizard';
import { InitWizard } from './init/InitWizard';
import { ReshareWizard } from './reshare/ReshareWizard';
import { RestoreWizard } from './restore/RestoreWizard';
import { RotationWizard } from './rotation/RotationWizard';
import { VerifyWizard } from './verify/VerifyWizard';

/** The screen of one ceremony. Only ceremonies marked available in the catalog can get here. */
export function CeremonyScreen({ ceremony }: { ceremony: CeremonyId }) {
  switch (ceremony) {
    case 'init':
      return <InitWizard />;
    case 'dump':
      return <BackupWizard />;
    case 'restore':
      return <RestoreWizard />;
    case 'verify':
      return <VerifyWizard />;
    case 'dkek-init':
      return <DkekInitWizard />;
    case 'dkek-backup':
      return <DkekBackupWizard />;
    case 'dkek-restore':
      return <DkekRestoreWizard key="clone" mode="clone" />;
    case 'dkek-import':
      return <DkekRestoreWizard key="import" mode="import" />;
    case 'dkek-verify':
      return <DkekVerifyWizard />;
    case 'rotate':
      return <RotationWizard />;
    case 'share-audit':
      return <AuditWizard />;
    case 'reshare':
      return <ReshareWizard />;
    default:
      return null;
  }
}
