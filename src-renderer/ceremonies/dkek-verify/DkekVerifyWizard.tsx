// Verify a DKEK clone (issue 10) for the SmartCard-HSM family: the shared CeremonyFrame over
// main's snapshot (src-main/ceremonies/dkek/verify-engine.ts). Opening the screen starts a
// verification in main, or picks up the one under way.

// The step table from its zod-free module: the snapshot module would pull zod into the page.
import {
  DKEK_VERIFY_STEPS,
  type DkekVerifyStepId,
} from '../../../shared/ceremony/dkek-clone-steps';
import type { DkekVerifySnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { findCustos } from '../../bridge';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { CeremonyNotices, StoppedNotice } from '../../components/CeremonyNotices';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { useNavigation } from '../../stores/context';
import { openCeremony, type CeremonyStore } from '../../stores/ceremony-store';
import {
  DkekVerifyProvider,
  useDkekVerifyIntents,
  useDkekVerifyState,
  useDkekVerifyNotices,
} from './dkek-verify-context';
import { cancelWarning, forwardAction } from './frame-actions';
import { DkekVerifyIntents, type DkekVerifyApi } from './intents';
import { DkekVerifyStepBody } from './VerifySteps';

const FIRST: WizardState<DkekVerifyStepId> = { current: 'folder', done: [], skipped: [] };

/** A verification that stopped or finished is not picked up again when the screen reopens. */
export function isDkekVerifyOver(snapshot: DkekVerifySnapshot): boolean {
  return snapshot.stopped !== undefined || snapshot.finished;
}

export function openDkekVerify(store: CeremonyStore<DkekVerifySnapshot>, api: DkekVerifyApi) {
  return openCeremony(store, {
    subscribe: (listener) => api.on('dkek-verify/snapshot', listener),
    current: () => api.dkekVerifyCurrent({}),
    start: () => api.dkekVerifyStart({}),
    isOver: isDkekVerifyOver,
    what: 'the DKEK verification',
  });
}

const DKEK_VERIFY_OPENING: CeremonyOpening<DkekVerifySnapshot, DkekVerifyIntents, DkekVerifyApi> = {
  intents: (store, api) => new DkekVerifyIntents(store, api),
  open: openDkekVerify,
  cannot: 'verify a device',
};

export function DkekVerifyWizard({ api = findCustos() }: { api?: DkekVerifyApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, DKEK_VERIFY_OPENING);
  if (!opened) return null;
  return (
    <DkekVerifyProvider store={opened.store} intents={opened.intents}>
      <DkekVerifyFrame onLeave={goHome} />
    </DkekVerifyProvider>
  );
}

export function DkekVerifyFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useDkekVerifyIntents();
  const snapshot = useDkekVerifyState((state) => state.snapshot);
  const notices = useDkekVerifyNotices();
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  return (
    <CeremonyFrame
      ceremony="Verify a DKEK clone"
      ceremonyId="dkek-verify"
      table={DKEK_VERIFY_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={<CeremonyNotices {...notices} />}
      forward={snapshot ? forwardAction(snapshot) : null}
      onForward={leave}
      canGoBack={false}
      onBack={async () => undefined}
      cancelWarning={cancelWarning(snapshot)}
      onCancel={async () => {
        if (snapshot && !snapshot.stopped) await intents.cancel();
        await leave();
      }}
      busy={Boolean(snapshot?.busy)}
      airGapWarnings={snapshot?.airGapWarnings}
    >
      {snapshot?.stopped ? (
        <StoppedNotice
          title="The verification stopped"
          reason={snapshot.stopped.reason}
          device="The clone was only read; nothing was recorded."
          status={snapshot.stopped.status}
          deviceTouched={snapshot.stopped.deviceTouched}
          onClose={() => void leave()}
        />
      ) : snapshot ? (
        <DkekVerifyStepBody snapshot={snapshot} />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting the verification…</p>
      )}
    </CeremonyFrame>
  );
}
