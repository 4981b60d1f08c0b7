// Clone a second device (restore) and the sequential import across sites (issue 10) for the
// SmartCard-HSM family: one wizard on the shared CeremonyFrame over main's snapshot
// (src-main/ceremonies/dkek/restore-engine.ts), in `clone` or `import` mode. Opening the screen
// starts the ceremony in main in that mode, or picks up the one under way.

// The step table from its zod-free module: the snapshot module would pull zod into the page.
import {
  DKEK_IMPORT_STEPS,
  DKEK_RESTORE_STEPS,
  type DkekRestoreStepId,
} from '../../../shared/ceremony/dkek-clone-steps';
import type { DkekRestoreSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { findCustos } from '../../bridge';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { CeremonyNotices, StoppedNotice } from '../../components/CeremonyNotices';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { useNavigation } from '../../stores/context';
import { openCeremony, type CeremonyStore } from '../../stores/ceremony-store';
import {
  DkekRestoreProvider,
  useDkekRestoreIntents,
  useDkekRestoreNotices,
  useDkekRestoreState,
} from './dkek-restore-context';
import { cancelWarning, forwardAction, type DkekRestoreForwardIntent } from './frame-actions';
import { DkekRestoreIntents, type DkekRestoreApi } from './intents';
import { DkekRestoreStepBody } from './RestoreSteps';

export type DkekRestoreMode = DkekRestoreSnapshot['mode'];

const FIRST: WizardState<DkekRestoreStepId> = { current: 'folder', done: [], skipped: [] };

export const TITLES: Record<DkekRestoreMode, string> = {
  clone: 'Clone a second device (DKEK)',
  import: 'Import the next DKEK share',
};

export function isDkekRestoreOver(snapshot: DkekRestoreSnapshot): boolean {
  return snapshot.stopped !== undefined || snapshot.finished;
}

export function openDkekRestore(
  store: CeremonyStore<DkekRestoreSnapshot>,
  api: DkekRestoreApi,
  mode: DkekRestoreMode,
) {
  return openCeremony(store, {
    subscribe: (listener) => api.on('dkek-restore/snapshot', listener),
    current: () => api.dkekRestoreCurrent({}),
    start: () => api.dkekRestoreStart({ mode }),
    isOver: isDkekRestoreOver,
    what: mode === 'clone' ? 'the DKEK clone' : 'the DKEK share import',
  });
}

/** One opening per mode, module constants as the shared hook asks (it keeps the first it sees). */
const OPENINGS: Record<
  DkekRestoreMode,
  CeremonyOpening<DkekRestoreSnapshot, DkekRestoreIntents, DkekRestoreApi>
> = {
  clone: {
    intents: (store, api) => new DkekRestoreIntents(store, api),
    open: (store, api) => openDkekRestore(store, api, 'clone'),
    cannot: 'clone a device',
  },
  import: {
    intents: (store, api) => new DkekRestoreIntents(store, api),
    open: (store, api) => openDkekRestore(store, api, 'import'),
    cannot: 'import DKEK shares',
  },
};

export function DkekRestoreWizard({
  mode,
  api = findCustos(),
}: {
  mode: DkekRestoreMode;
  api?: DkekRestoreApi | null;
}) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, OPENINGS[mode]);
  if (!opened) return null;
  return (
    <DkekRestoreProvider store={opened.store} intents={opened.intents}>
      <DkekRestoreFrame mode={mode} onLeave={goHome} />
    </DkekRestoreProvider>
  );
}

export function DkekRestoreFrame({
  mode: asked,
  onLeave,
}: {
  mode: DkekRestoreMode;
  onLeave: () => void;
}) {
  const intents = useDkekRestoreIntents();
  const snapshot = useDkekRestoreState((state) => state.snapshot);
  const notices = useDkekRestoreNotices();
  // A ceremony under way in main is picked up in its own mode.
  const mode = snapshot?.mode ?? asked;
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const forward = async (intent: DkekRestoreForwardIntent) => {
    if (intent === 'check-kcv') await intents.importShare(undefined);
    else if (intent === 'unwrap') await intents.unwrap();
    else await leave();
  };
  const warning = cancelWarning(snapshot);
  return (
    <CeremonyFrame
      ceremony={TITLES[mode]}
      ceremonyId={mode === 'clone' ? 'dkek-restore' : 'dkek-import'}
      table={mode === 'clone' ? DKEK_RESTORE_STEPS : DKEK_IMPORT_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      airGapWarnings={snapshot?.airGapWarnings}
      notices={<CeremonyNotices {...notices} />}
      forward={snapshot ? forwardAction(snapshot) : null}
      onForward={forward}
      canGoBack={false}
      onBack={async () => undefined}
      cancelWarning={warning}
      onCancel={async () => {
        if (snapshot && !snapshot.stopped && !snapshot.finished) await intents.cancel();
        await leave();
      }}
      busy={Boolean(snapshot?.busy)}
    >
      {snapshot?.stopped ? (
        <StoppedNotice
          title={mode === 'clone' ? 'The clone stopped' : 'The import stopped'}
          reason={snapshot.stopped.reason}
          device={
            snapshot.stopped.deviceTouched
              ? 'The device keeps the shares (and keys) already in; the record says which. Run it again to carry on.'
              : 'The device was not changed.'
          }
          status={snapshot.stopped.status}
          deviceTouched={snapshot.stopped.deviceTouched}
          onClose={() => void leave()}
        />
      ) : snapshot ? (
        <DkekRestoreStepBody snapshot={snapshot} />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting…</p>
      )}
    </CeremonyFrame>
  );
}
