import type { VerifySnapshot, VerifyStepId } from '../../../shared/ceremony/verify-snapshot';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { CeremonyNotices } from '../../components/CeremonyNotices';
import { FolderChoice } from '../../components/FolderChoice';
import { findCustos } from '../../bridge';
import { useNavigation } from '../../stores/context';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { openCeremony } from '../../stores/ceremony-store';
import { DevicesStep, verifyDevice } from './DevicesStep';
import type { VerifyForwardIntent } from './frame-actions';
import { cancelWarning, forwardAction } from './frame-actions';
import type { VerifyApi } from './intents';
import { VerifyIntents } from './intents';
import { ResultStep } from './ResultStep';
import { OpenReport } from './OpenReport';
import {
  useVerifyIntents,
  useVerifySending,
  useVerifyState,
  VerifyProvider,
  useVerifyNotices,
} from './verify-context';
import { VERIFY_STEPS } from '../../../shared/ceremony/verify-steps';

const FIRST: WizardState<VerifyStepId> = { current: 'source', done: [], skipped: [] };

/** A verification with a result is not picked up again when the screen reopens. */
export function isVerifyOver(snapshot: VerifySnapshot): boolean {
  return snapshot.view.step === 'result';
}

export function openVerify(store: CeremonyStore<VerifySnapshot>, api: VerifyApi): () => void {
  return openCeremony(store, {
    subscribe: (listener) => api.on('verify/snapshot', listener),
    current: () => api.verifyCurrent({}),
    start: () => api.verifyStart({}),
    isOver: isVerifyOver,
    what: 'the verification',
  });
}

const VERIFY_OPENING: CeremonyOpening<VerifySnapshot, VerifyIntents, VerifyApi> = {
  intents: (store, api) => new VerifyIntents(store, api),
  open: openVerify,
  cannot: 'verify a clone',
};

/** Verify clone: opens the verification in main (or picks up the one under way) and renders its frame. */
export function VerifyWizard({ api = findCustos() }: { api?: VerifyApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, VERIFY_OPENING);
  if (!opened) return null;
  return (
    <VerifyProvider store={opened.store} intents={opened.intents}>
      <VerifyFrame onLeave={goHome} />
    </VerifyProvider>
  );
}

export function VerifyFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useVerifyIntents();
  const snapshot = useVerifyState((state) => state.snapshot);
  const notices = useVerifyNotices();
  // Verification only reads the devices: leaving (Done or Cancel) closes it in main and goes home.
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const forward = async (intent: VerifyForwardIntent) => {
    if (intent === 'run') await intents.run();
    else await leave();
  };
  return (
    <CeremonyFrame
      ceremony="Verify clone"
      ceremonyId="verify"
      table={VERIFY_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={<CeremonyNotices {...notices} />}
      forward={snapshot ? forwardAction(snapshot) : null}
      onForward={forward}
      airGapWarnings={snapshot?.airGapWarnings}
      canGoBack={false}
      onBack={async () => undefined}
      cancelWarning={cancelWarning(snapshot)}
      onCancel={leave}
      busy={Boolean(snapshot?.busy)}
      device={snapshot && verifyDevice(snapshot, (deviceId) => intents.chooseSecondary(deviceId))}
    >
      {snapshot ? (
        <VerifyStepBody snapshot={snapshot} />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting the verification…</p>
      )}
    </CeremonyFrame>
  );
}

export function VerifyStepBody({ snapshot }: { snapshot: VerifySnapshot }) {
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
      return <SourceStep folder={view.folder} />;
    case 'devices':
      return (
        <>
          <CeremonyLine snapshot={snapshot} />
          <DevicesStep view={view} snapshot={snapshot} />
        </>
      );
    case 'result':
      return (
        <ResultStep
          view={view}
          folder={snapshot.folder}
          reportActions={<OpenReport ceremonyId={snapshot.ceremonyId} />}
        />
      );
  }
}

function SourceStep({ folder }: { folder: string | undefined }) {
  const intents = useVerifyIntents();
  const sending = useVerifySending();
  return (
    <div className="ceremony-step" data-testid="verify-choose-source">
      <FolderChoice
        label="Ceremony folder"
        hint="The ceremony folder whose record the clone is compared with, as a full path. The verification is recorded there, with a printable report for the witness."
        chosen={folder}
        disabled={sending}
        testId="verify-folder"
        onChoose={(chosen) => void intents.chooseFolder(chosen)}
      />
    </div>
  );
}

function CeremonyLine({ snapshot }: { snapshot: VerifySnapshot }) {
  if (!snapshot.folder) return null;
  return (
    <p className="ceremony-line" data-testid="verify-ceremony">
      {snapshot.ceremonyName ? <strong>{snapshot.ceremonyName}</strong> : null}{' '}
      <span className="mono">{snapshot.folder}</span>
    </p>
  );
}
