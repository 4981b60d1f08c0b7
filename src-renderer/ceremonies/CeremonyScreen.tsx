import type { CeremonyId } from '../../shared/ceremony/catalog';
import { InitWizard } from './init/InitWizard';

/** The screen of one ceremony. Only ceremonies marked available in the catalog can get here. */
export function CeremonyScreen({ ceremony }: { ceremony: CeremonyId }) {
  switch (ceremony) {
    case 'init':
      return <InitWizard />;
    default:
      return null;
  }
}
