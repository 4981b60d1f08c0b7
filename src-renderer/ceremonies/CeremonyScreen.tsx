import type { CeremonyId } from '../../shared/ceremony/catalog';
import { AuditWizard } from './audit/AuditWizard';
import { BackupWizard } from './backup/BackupWizard';
import { DkekInitWizard } from './dkek-init/DkekInitWizard';
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
