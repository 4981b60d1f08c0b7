import type { CeremonyId } from '../../shared/ceremony/catalog';
import { BackupWizard } from './backup/BackupWizard';
import { DkekInitWizard } from './dkek-init/DkekInitWizard';
import { InitWizard } from './init/InitWizard';
import { RestoreWizard } from './restore/RestoreWizard';
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
    default:
      return null;
  }
}
