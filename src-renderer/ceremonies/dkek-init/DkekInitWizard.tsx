// Initialise a SmartCard-HSM / Nitrokey HSM 2 / Pico HSM with a DKEK (issue 10): the shared
// CeremonyFrame over main's snapshot. Before main has a ceremony, the preflight screen lists the
// SmartCard list's devices to choose from; choosing one starts the ceremony in main.

import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { DKEK_INIT_STEPS, type DkekInitStepId } from '../../../shared/ceremony/dkek-init-steps';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { findCustos } from '../../bridge';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { CeremonyNotices } from '../../components/CeremonyNotices';
import { useNavigation } from '../../stores/context';
import { openCeremony, type CeremonyStore } from '../../stores/ceremony-store';
import { DeviceSteps, RecordStep } from './DeviceSteps';
import {
  DkekInitProvider,
  useDkekInitIntents,
  useDkekInitState,
  useDkekInitNotices,
} from './dkek-init-context';
import { cancelWarning, forwardAction, type DkekInitForwardIntent } from './frame-actions';
import { DkekInitIntents, type DkekInitApi } from './intents';
import { PlanStep } from './PlanStep';
import { PreflightStep } from './PreflightStep';
import { SharesStep } from './SharesStep';

const FIRST: WizardState<DkekInitStepId> = { current: 'preflight', done: [], skipped: [] };

/**
 * Follows main's snapshots and picks up a ceremony under way; none is started here, since a new
 * one starts at preflight when the person chooses a device.
 */
export function openDkekInit(store: CeremonyStore<DkekInitSnapshot>, api: DkekInitApi) {
  return openCeremony(store, {
    subscribe: (listener) => api.on('dkek-init/snapshot', listener),
    current: () => api.dkekInitCurrent({}),
    isOver: (snapshot) => snapshot.finished || snapshot.stopped !== undefined,
    what: 'the DKEK initialisation',
  });
}

const DKEK_INIT_OPENING: CeremonyOpening<DkekInitSnapshot, DkekInitIntents, DkekInitApi> = {
  intents: (store, api) => new DkekInitIntents(store, api),
  open: openDkekInit,
  cannot: 'initialise a device',
};

export function DkekInitWizard({ api = findCustos() }: { api?: DkekInitApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, DKEK_INIT_OPENING);
  if (!opened) return null;
  return (
    <DkekInitProvider store={opened.store} intents={opened.intents}>
      <DkekInitFrame onLeave={goHome} />
    </DkekInitProvider>
  );
}

export function DkekInitFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useDkekInitIntents();
  const snapshot = useDkekInitState((state) => state.snapshot);
  const notices = useDkekInitNotices();
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
      notices={<CeremonyNotices {...notices} />}
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
