// Back up keys under the DKEK (issue 10) for the SmartCard-HSM family: the shared CeremonyFrame
// over main's snapshot (src-main/ceremonies/dkek/backup-engine.ts). Opening the screen starts a
// back-up in main, or picks up the one under way.

// The step table from its zod-free module: the snapshot module would pull zod into the page.
import {
  DKEK_BACKUP_STEPS,
  type DkekBackupStepId,
} from '../../../shared/ceremony/dkek-clone-steps';
import type { DkekBackupSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { findCustos } from '../../bridge';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { CeremonyNotices, StoppedNotice } from '../../components/CeremonyNotices';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { useNavigation } from '../../stores/context';
import { openCeremony, type CeremonyStore } from '../../stores/ceremony-store';
import { DkekBackupStepBody } from './BackupSteps';
import {
  DkekBackupProvider,
  useDkekBackupIntents,
  useDkekBackupState,
  useDkekBackupNotices,
} from './dkek-backup-context';
import { cancelWarning, forwardAction, type DkekBackupForwardIntent } from './frame-actions';
import { DkekBackupIntents, type DkekBackupApi } from './intents';

const FIRST: WizardState<DkekBackupStepId> = { current: 'folder', done: [], skipped: [] };

/** A back-up that stopped or finished is not picked up again when the screen reopens. */
export function isDkekBackupOver(snapshot: DkekBackupSnapshot): boolean {
  return snapshot.stopped !== undefined || snapshot.finished;
}

export function openDkekBackup(store: CeremonyStore<DkekBackupSnapshot>, api: DkekBackupApi) {
  return openCeremony(store, {
    subscribe: (listener) => api.on('dkek-backup/snapshot', listener),
    current: () => api.dkekBackupCurrent({}),
    start: () => api.dkekBackupStart({}),
    isOver: isDkekBackupOver,
    what: 'the DKEK back-up',
  });
}

const DKEK_BACKUP_OPENING: CeremonyOpening<DkekBackupSnapshot, DkekBackupIntents, DkekBackupApi> = {
  intents: (store, api) => new DkekBackupIntents(store, api),
  open: openDkekBackup,
  cannot: 'back up a device',
};

export function DkekBackupWizard({ api = findCustos() }: { api?: DkekBackupApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, DKEK_BACKUP_OPENING);
  if (!opened) return null;
  return (
    <DkekBackupProvider store={opened.store} intents={opened.intents}>
      <DkekBackupFrame onLeave={goHome} />
    </DkekBackupProvider>
  );
}

export function DkekBackupFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useDkekBackupIntents();
  const snapshot = useDkekBackupState((state) => state.snapshot);
  const notices = useDkekBackupNotices();
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const forward = async (intent: DkekBackupForwardIntent) => {
    if (intent === 'run') await intents.run();
    else await leave();
  };
  const warning = cancelWarning(snapshot);
  return (
    <CeremonyFrame
      ceremony="Back up keys under the DKEK"
      ceremonyId="dkek-backup"
      table={DKEK_BACKUP_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={<CeremonyNotices {...notices} />}
      forward={snapshot ? forwardAction(snapshot) : null}
      onForward={forward}
      canGoBack={false}
      onBack={async () => undefined}
      cancelWarning={warning}
      onCancel={async () => {
        // Nothing was wrapped before the wrap step: cancelling simply closes it in main.
        if (snapshot && !snapshot.stopped) await intents.cancel();
        await leave();
      }}
      busy={Boolean(snapshot?.busy)}
      airGapWarnings={snapshot?.airGapWarnings}
    >
      {snapshot?.stopped ? (
        <StoppedNotice
          title="The back-up stopped"
          reason={snapshot.stopped.reason}
          device="The device was not changed; files already wrapped stay in the ceremony folder."
          status={snapshot.stopped.status}
          deviceTouched={snapshot.stopped.deviceTouched}
          onClose={() => void leave()}
        />
      ) : snapshot ? (
        <DkekBackupStepBody snapshot={snapshot} />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting the back-up…</p>
      )}
    </CeremonyFrame>
  );
}
