import { useState } from 'react';
import type { BackupSnapshot, BackupStepId } from '../../../shared/ceremony/backup-snapshot';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { CeremonyNotices, StoppedNotice } from '../../components/CeremonyNotices';
import { findCustos } from '../../bridge';
import { useNavigation } from '../../stores/context';
import { openCeremony } from '../../stores/ceremony-store';
import type { CeremonyStore } from '../../stores/ceremony-store';
import {
  BackupProvider,
  useBackupIntents,
  useBackupState,
  useBackupNotices,
} from './backup-context';
import { BackupStepBody, backupDevice } from './BackupSteps';
import type { BackupApi } from './intents';
import { BackupIntents } from './intents';
import type { BackupForwardIntent } from './frame-actions';
import {
  cancelWarning,
  forwardAction,
  stoppedFolderSentence,
  stoppedTitle,
  stoppedWithNothingToSay,
} from './frame-actions';
import { BACKUP_STEPS } from '../../../shared/ceremony/backup-steps';

const FIRST: WizardState<BackupStepId> = { current: 'source', done: [], skipped: [] };

/** A back-up that stopped or finished is not picked up again when the screen reopens. */
export function isBackupOver(snapshot: BackupSnapshot): boolean {
  return (
    snapshot.stopped !== undefined || (snapshot.view.step === 'export' && snapshot.view.finished)
  );
}

export function openBackup(store: CeremonyStore<BackupSnapshot>, api: BackupApi): () => void {
  return openCeremony(store, {
    subscribe: (listener) => api.on('dump/snapshot', listener),
    current: () => api.dumpCurrent({}),
    start: () => api.dumpStart({}),
    isOver: isBackupOver,
    what: 'the back-up',
  });
}

const BACKUP_OPENING: CeremonyOpening<BackupSnapshot, BackupIntents, BackupApi> = {
  intents: (store, api) => new BackupIntents(store, api),
  open: openBackup,
  cannot: 'run a back-up',
};

/** Back up (dump): opens the back-up in main (or picks up the one under way) and renders its frame. */
export function BackupWizard({ api = findCustos() }: { api?: BackupApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, BACKUP_OPENING);
  if (!opened) return null;
  return (
    <BackupProvider store={opened.store} intents={opened.intents}>
      <BackupFrame onLeave={goHome} />
    </BackupProvider>
  );
}

export function BackupFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useBackupIntents();
  const snapshot = useBackupState((state) => state.snapshot);
  const notices = useBackupNotices();
  // Which existing files the backup officer chose to replace: a view choice, sent with `run`.
  const [replace, setReplace] = useState<ReadonlySet<string>>(new Set());
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const forward = async (intent: BackupForwardIntent) => {
    if (intent === 'run') await intents.run([...replace]);
    else await leave();
  };
  const cancel = async () => {
    if (!snapshot) return onLeave();
    const after = await intents.cancel();
    // Stopped before anything was written or generated: nothing to read, so straight home.
    if (after?.stopped && stoppedWithNothingToSay(after.stopped)) await leave();
  };
  return (
    <CeremonyFrame
      ceremony="Back up (dump)"
      ceremonyId="dump"
      table={BACKUP_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={<CeremonyNotices {...notices} />}
      forward={snapshot ? forwardAction(snapshot) : null}
      onForward={forward}
      airGapWarnings={snapshot?.airGapWarnings}
      canGoBack={false}
      onBack={async () => undefined}
      cancelWarning={cancelWarning(snapshot)}
      onCancel={cancel}
      busy={Boolean(snapshot?.busy)}
      device={snapshot && backupDevice(snapshot, (deviceId) => intents.choosePrimary(deviceId))}
    >
      {snapshot?.stopped ? (
        <StoppedNotice
          title={stoppedTitle(snapshot.stopped)}
          reason={snapshot.stopped.reason}
          device={stoppedFolderSentence(snapshot.stopped)}
          onClose={() => void leave()}
        >
          <StoppedFiles stopped={snapshot.stopped} />
        </StoppedNotice>
      ) : snapshot ? (
        <BackupStepBody
          snapshot={snapshot}
          replace={replace}
          onReplace={(file, chosen) =>
            setReplace((previous) => {
              const next = new Set(previous);
              if (chosen) next.add(file);
              else next.delete(file);
              return next;
            })
          }
        />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting the back-up…</p>
      )}
    </CeremonyFrame>
  );
}

/** The files a stopped back-up wrote into the folder, and the ones it did not get to. */
function StoppedFiles({ stopped }: { stopped: NonNullable<BackupSnapshot['stopped']> }) {
  return (
    <>
      {stopped.written.length > 0 && (
        <div data-testid="dump-stopped-written" data-count={stopped.written.length}>
          <p>Written before it stopped:</p>
          <ul className="plain-list">
            {stopped.written.map((file) => (
              <li key={file} className="mono" data-file={file}>
                {file}
              </li>
            ))}
          </ul>
        </div>
      )}
      {stopped.notWritten.length > 0 && (
        <div data-testid="dump-stopped-not-written" data-count={stopped.notWritten.length}>
          <p>Not written:</p>
          <ul className="plain-list">
            {stopped.notWritten.map((file) => (
              <li key={file} className="mono" data-file={file}>
                {file}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
