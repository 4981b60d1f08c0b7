import type { RestoreSnapshot, RestoreStepId } from '../../../shared/ceremony/restore-snapshot';
import type { WizardState } from '../../../shared/ceremony/wizard';
import type { StepDevice } from '../../components/CeremonyFrame';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import type { DeviceChoice } from '../../device-gate/step-gate';
import { CeremonyNotices, StoppedNotice } from '../../components/CeremonyNotices';
import { FolderChoice } from '../../components/FolderChoice';
import { findCustos } from '../../bridge';
import { useNavigation } from '../../stores/context';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { openCeremony } from '../../stores/ceremony-store';
import { DeviceStepsStep } from './DeviceStepsStep';
import { FinishedStep } from './FinishedStep';
import type { RestoreForwardIntent } from './frame-actions';
import { cancelWarning, canGoBack, forwardAction, stoppedDeviceSentence } from './frame-actions';
import type { RestoreApi } from './intents';
import { RestoreIntents } from './intents';
import {
  RestoreProvider,
  useRestoreIntents,
  useRestoreSending,
  useRestoreState,
  useRestoreNotices,
} from './restore-context';
import { SecondaryStep, secondaryDevice } from './SecondaryStep';
import { SharesStep } from './SharesStep';
import { SourceSummary } from './SourceSummary';
import { SittingSummary } from './SittingSummary';
import { RESTORE_STEPS } from '../../../shared/ceremony/restore-steps';

const FIRST: WizardState<RestoreStepId> = { current: 'source', done: [], skipped: [] };

/** A restore that stopped or finished is not picked up again when the screen reopens. */
export function isRestoreOver(snapshot: RestoreSnapshot): boolean {
  return snapshot.stopped !== undefined || snapshot.view.step === 'finished';
}

export function openRestore(store: CeremonyStore<RestoreSnapshot>, api: RestoreApi): () => void {
  return openCeremony(store, {
    subscribe: (listener) => api.on('restore/snapshot', listener),
    current: () => api.restoreCurrent({}),
    start: () => api.restoreStart({}),
    isOver: isRestoreOver,
    what: 'the restore',
  });
}

const RESTORE_OPENING: CeremonyOpening<RestoreSnapshot, RestoreIntents, RestoreApi> = {
  intents: (store, api) => new RestoreIntents(store, api),
  open: openRestore,
  cannot: 'run a restore',
};

/** Restore secondary: opens the restore in main (or picks up the one under way) and renders its frame. */
export function RestoreWizard({ api = findCustos() }: { api?: RestoreApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, RESTORE_OPENING);
  if (!opened) return null;
  return (
    <RestoreProvider store={opened.store} intents={opened.intents}>
      <RestoreFrame onLeave={goHome} />
    </RestoreProvider>
  );
}

export function RestoreFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useRestoreIntents();
  const snapshot = useRestoreState((state) => state.snapshot);
  const notices = useRestoreNotices();
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const forward = async (intent: RestoreForwardIntent) => {
    if (intent === 'to-shares') await intents.toShares();
    else if (intent === 'run-device-steps') await intents.runDeviceSteps();
    else if (intent === 'next-secondary') await intents.nextSecondary();
    else await leave();
  };
  const cancel = async () => {
    if (!snapshot) return onLeave();
    const after = await intents.cancel();
    // Stopped before anything was written: nothing to read, so straight home.
    if (after?.stopped && !after.stopped.deviceTouched) await leave();
  };
  return (
    <CeremonyFrame
      ceremony="Restore secondary"
      ceremonyId="restore"
      table={RESTORE_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={<CeremonyNotices {...notices} />}
      forward={snapshot ? forwardAction(snapshot) : null}
      onForward={forward}
      airGapWarnings={snapshot?.airGapWarnings}
      canGoBack={snapshot !== null && canGoBack(snapshot)}
      onBack={() => intents.back()}
      cancelWarning={cancelWarning(snapshot)}
      onCancel={cancel}
      busy={Boolean(snapshot?.busy)}
      device={(choice) => (snapshot ? stepDevice(snapshot, choice, intents) : null)}
    >
      {snapshot?.stopped ? (
        <StoppedNotice
          title={
            snapshot.stopped.status === 'failed'
              ? 'This restore failed'
              : 'This restore was stopped'
          }
          reason={snapshot.stopped.reason}
          device={stoppedDeviceSentence(snapshot.stopped)}
          onClose={() => void leave()}
        />
      ) : snapshot ? (
        <RestoreStepBody snapshot={snapshot} />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting the restore…</p>
      )}
    </CeremonyFrame>
  );
}

/** The device the frame's gate needs on this step: the secondary, chosen on its own step. */
function stepDevice(
  snapshot: RestoreSnapshot,
  choice: DeviceChoice,
  intents: ReturnType<typeof useRestoreIntents>,
): StepDevice | null {
  if (snapshot.steps.current === 'secondary')
    return secondaryDevice(snapshot, choice, (deviceId) => intents.chooseSecondary(deviceId));
  if (snapshot.steps.current !== 'device-steps') return null;
  return {
    requirement: {
      role: 'the secondary YubiHSM 2',
      serial: snapshot.secondary?.serial ?? null,
      accept: [],
    },
  };
}

/** The current step's screen, from the view main sent for it, under what is being restored. */
export function RestoreStepBody({ snapshot }: { snapshot: RestoreSnapshot }) {
  const view = snapshot.view;
  const source =
    snapshot.source && (view.step === 'secondary' || view.step === 'shares') ? (
      <SourceSummary source={snapshot.source} />
    ) : null;
  switch (view.step) {
    case 'source':
      return <SourceStep folder={view.folder} />;
    case 'secondary':
      return (
        <>
          {source}
          <SittingSummary sitting={snapshot.sitting} />
          <SecondaryStep view={view} />
        </>
      );
    case 'shares':
      return (
        <>
          {view.phase === 'handover' && source}
          <SharesStep view={view} />
        </>
      );
    case 'device-steps':
      return <DeviceStepsStep view={view} />;
    case 'finished':
      return (
        <>
          <SittingSummary sitting={snapshot.sitting} />
          <FinishedStep view={view} />
        </>
      );
  }
}

function SourceStep({ folder }: { folder: string | undefined }) {
  const intents = useRestoreIntents();
  const sending = useRestoreSending();
  return (
    <div className="ceremony-step" data-testid="restore-choose-source">
      <FolderChoice
        label="Ceremony folder"
        hint="The ceremony folder (ceremony.json, transcript.jsonl and the .yhw backups), or a folder of .yhw files made by yubihsm-setup, as a full path. Custos reads every .yhw file in it."
        chosen={folder}
        disabled={sending}
        testId="restore-folder"
        onChoose={(chosen) => void intents.chooseFolder(chosen)}
      />
    </div>
  );
}
