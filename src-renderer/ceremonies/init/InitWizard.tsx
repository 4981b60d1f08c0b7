import { useEffect, useState } from 'react';
import type { CustosApi } from '../../../shared/ipc/api';
import { findCustos } from '../../bridge';
import { useNavigation } from '../../stores/context';
import { createInitStore, openInitCeremony } from '../../stores/init-store';
import { InitProvider } from './init-context';
import { InitFrame } from './InitFrame';
import { InitIntents } from './intents';

/**
 * Initialize primary (YubiHSM 2): opens the ceremony in main (or picks up the one under way),
 * follows its snapshots for as long as the screen is open, and renders the frame.
 */
export function InitWizard({ api = findCustos() }: { api?: CustosApi | null }) {
  const { goHome } = useNavigation();
  const [store] = useState(() => createInitStore());
  const [intents] = useState(() => (api ? new InitIntents(store, api) : null));
  useEffect(() => {
    if (!api) {
      store.setState({
        connection: {
          kind: 'failed',
          message: 'This window was not opened by Custos, so it cannot run a ceremony.',
        },
      });
      return;
    }
    return openInitCeremony(store, api);
  }, [api, store]);
  if (!intents) return null;
  return (
    <InitProvider store={store} intents={intents}>
      <InitFrame onLeave={goHome} />
    </InitProvider>
  );
}
