// Renders an initialization screen to static markup with the providers the app gives it.

import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { InitSnapshot } from '../../../../shared/ceremony/init-snapshot';
import { createStores, StoresProvider } from '../../../stores/context';
import { createInitStore } from '../../../stores/init-store';
import { FRESH, simulatedDevice } from '../../../testing/devices';
import { InitProvider } from '../init-context';
import { InitIntents } from '../intents';
import { UNREACHABLE_API } from './snapshots';

export function renderInit(
  snapshot: InitSnapshot,
  screen: ReactNode,
  refusal: string | null = null,
): string {
  const store = createInitStore(snapshot, refusal);
  return renderToStaticMarkup(
    <StoresProvider stores={createStores([simulatedDevice('primary', 7550001, FRESH)])}>
      <InitProvider store={store} intents={new InitIntents(store, UNREACHABLE_API)}>
        {screen}
      </InitProvider>
    </StoresProvider>,
  );
}
