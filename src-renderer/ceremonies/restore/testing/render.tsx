// Renders a restore screen to static markup with the providers the app gives it.

import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { RestoreSnapshot } from '../../../../shared/ceremony/restore-snapshot';
import type { DeviceView } from '../../../../shared/ipc/devices';
import { createStores, StoresProvider } from '../../../stores/context';
import { createCeremonyStore } from '../../../stores/ceremony-store';
import { FRESH, simulatedDevice } from '../../../testing/devices';
import { UNREACHABLE_API } from '../../init/testing/snapshots';
import { RestoreIntents } from '../intents';
import { RestoreProvider } from '../restore-context';

export const BOTH_DEVICES: readonly DeviceView[] = [
  simulatedDevice('primary', 7550001, { kind: 'configured' }),
  simulatedDevice('secondary', 7550002, FRESH),
];

interface RenderOptions {
  readonly refusal?: string | null;
  readonly note?: string | null;
  /** The devices plugged in (default: the simulated primary, configured, and a fresh secondary). */
  readonly devices?: readonly DeviceView[];
}

export function renderRestore(
  snapshot: RestoreSnapshot,
  screen: ReactNode,
  { refusal = null, note = null, devices = BOTH_DEVICES }: RenderOptions = {},
): string {
  const store = createCeremonyStore(snapshot, { refusal, note });
  return renderToStaticMarkup(
    <StoresProvider stores={createStores(devices)}>
      <RestoreProvider store={store} intents={new RestoreIntents(store, UNREACHABLE_API)}>
        {screen}
      </RestoreProvider>
    </StoresProvider>,
  );
}
