// Initialise a SmartCard-HSM / Nitrokey HSM 2 / Pico HSM with a DKEK (issue 10): the shared
// CeremonyFrame over main's snapshot. Before main has a ceremony, the preflight screen lists the
// SmartCard list's devices to choose from; choosing one starts the ceremony in main.

import { useEffect, useState } from 'react';
import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { DKEK_INIT_STEPS, type DkekInitStepId } from '../../../shared/ceremony/dkek-init-steps';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { findCustos } from '../../bridge';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { CeremonyNotices } from '../../components/CeremonyNotices';
import { useNavigation } from '../../stores/context';
import { createCeremonyStore, type CeremonyStore } from '../../stores/ceremony-store';
import { DeviceSteps, RecordStep } from './DeviceSteps';
import { DkekInitProvider, useDkekInitIntents, useDkekInitState } from './dkek-init-context';
import { cancelWarning, forwardAction, type DkekInitForwardIntent } from './frame-actions';
import { DkekInitIntents, type DkekInitApi } from './intents';
import { PlanStep } from './PlanStep';
import { PreflightStep } from './PreflightStep';
import { SharesStep } from './SharesStep';

const FIRST: WizardState<DkekInitStepId> = { current: 'preflight', done: [], skipped: [] };

/** Follows main's snapshots and picks up a ceremony under way; a new one starts at preflight. */
export function openDkekInit(store: CeremonyStore<DkekInitSnapshot>, api: DkekInitApi) {
  let stopped = false;
  const unsubscribe = api.on('dkek-init/snapshot', (snapshot) => {
    if (!stopped) store.setState({ snapshot });
  });
  api.dkekInitCurrent({}).then(
    (current) => {
      if (stopped) return;
      if (!current.ok)
        return store.setState({ connection: { kind: 'failed', message: current.message } });
      const over = current.data && (current.data.finished || current.data.stopped);
      store.setState({ snapshot: over ? null : current.data, connection: { kind: 'open' } });
    },
    () => {
      if (!stopped)
        store.setState({
          connection: {
            kind: 'failed',
            message: 'Custos did not answer; close this screen and try again.',
          },
        });
    },
  );
  return () => {
    stopped = true;
    unsubscribe();
  };
}

export function DkekInitWizard({ api = findCustos() }: { api?: DkekInitApi | null }) {
  const { goHome } = useNavigation();
  const [store] = useState(() => createCeremonyStore<DkekInitSnapshot>());
  const [intents] = useState(() => (api ? new DkekInitIntents(store, api) : null));
  useEffect(() => {
    if (!api) {
      store.setState({
        connection: {
          kind: 'failed',
          message: 'This window was not opened by Custos, so it cannot initialise a device.',
        },
      });
      return;
    }
    return openDkekInit(store, api);
  }, [api, store]);
  if (!intents) return null;
  return (
    <DkekInitProvider store={store} intents={intents}>
      <DkekInitFrame onLeave={goHome} />
    </DkekInitProvider>
  );
}

export function DkekInitFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useDkekInitIntents();
  const snapshot = useDkekInitState((state) => state.snapshot);
  const connection = useDkekInitState((state) => state.connection);
  const refusal = useDkekInitState((state) => state.refusal);
  const refused = useDkekInitState((state) => state.refused);
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const forward = async (intent: DkekInitForwardIntent) => {
    switch (intent) {
      case 'to-plan':
        return intents.toPlan();
      case 'to-shares':
        return intents.toShares();
      case 'prove':
        return intents.proveShares();
      case 'to-device':
        return intents.toDevice();
      case 'initialise':
        return intents.initialiseDevice();
      case 'import':
        return intents.importNextShare();
      case 'finish':
        return intents.finish();
      case 'done':
        return leave();
    }
  };
  const warning = cancelWarning(snapshot);
  return (
    <CeremonyFrame
      ceremony="Initialise with a DKEK"
      ceremonyId="dkek-init"
      table={DKEK_INIT_STEPS}
      steps={snapshot?.wizard ?? FIRST}
      rehearsal={snapshot?.preflight?.device.simulated ?? false}
      notices={
        <CeremonyNotices
          connection={connection}
          busy={snapshot?.busy}
          problem={snapshot?.problem}
          refusal={refusal}
          refused={refused}
        />
      }
      forward={snapshot ? forwardAction(snapshot) : null}
      onForward={forward}
      canGoBack={false}
      onBack={async () => undefined}
      cancelWarning={snapshot ? warning : 'Nothing has been read or written yet.'}
      onCancel={async () => {
        if (snapshot && warning) await intents.cancel();
        await leave();
      }}
      busy={Boolean(snapshot?.busy)}
      airGapWarnings={snapshot?.airGapWarnings}
    >
      <DkekInitStepBody snapshot={snapshot} />
    </CeremonyFrame>
  );
}

export function DkekInitStepBody({ snapshot }: { snapshot: DkekInitSnapshot | null }) {
  if (!snapshot) return <PreflightStep snapshot={null} />;
  switch (snapshot.wizard.current) {
    case 'preflight':
      return <PreflightStep snapshot={snapshot} />;
    case 'plan':
      return <PlanStep snapshot={snapshot} />;
    case 'shares':
      return <SharesStep snapshot={snapshot} />;
    case 'device':
      return <DeviceSteps snapshot={snapshot} />;
    case 'record':
      return <RecordStep snapshot={snapshot} />;
  }
}
