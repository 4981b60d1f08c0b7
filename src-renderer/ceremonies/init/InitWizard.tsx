import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import { findCustos } from '../../bridge';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { useNavigation } from '../../stores/context';
import { openInitCeremony } from '../../stores/init-store';
import { InitProvider } from './init-context';
import { InitFrame } from './InitFrame';
import { InitIntents } from './intents';

const INIT_OPENING: CeremonyOpening<InitSnapshot, InitIntents, CustosApi> = {
  intents: (store, api) => new InitIntents(store, api),
  open: openInitCeremony,
  cannot: 'run a ceremony',
};

/**
 * Initialize primary (YubiHSM 2): opens the ceremony in main (or picks up the one under way),
 * follows its snapshots for as long as the screen is open, and renders the frame.
 */
export function InitWizard({ api = findCustos() }: { api?: CustosApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, INIT_OPENING);
  if (!opened) return null;
  return (
    <InitProvider store={opened.store} intents={opened.intents}>
      <InitFrame onLeave={goHome} />
    </InitProvider>
  );
}
