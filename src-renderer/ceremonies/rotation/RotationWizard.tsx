import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';
import { ROTATION_STEPS, type RotationStepId } from '../../../shared/ceremony/rotation-steps';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { ApplicationKeyForm } from '../../components/ApplicationKeyForm';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { CeremonyNotices, StoppedNotice } from '../../components/CeremonyNotices';
import { FocusHeading } from '../../components/FocusHeading';
import { FolderChoice } from '../../components/FolderChoice';
import { findCustos } from '../../bridge';
import { useDevices, useNavigation } from '../../stores/context';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { openCeremony } from '../../stores/ceremony-store';
import { AuthorizeStep } from './AuthorizeStep';
import { DevicesStep, deviceDue } from './DevicesStep';
import type { RotationForwardIntent } from './frame-actions';
import { cancelWarning, canGoBack, forwardAction } from './frame-actions';
import type { RotationApi } from './intents';
import { RotationIntents } from './intents';
import { NewSharesStep } from './NewSharesStep';
import {
  RotationProvider,
  useRotationIntents,
  useRotationSending,
  useRotationState,
  useRotationNotices,
} from './rotation-context';

const FIRST: WizardState<RotationStepId> = { current: 'source', done: [], skipped: [] };

export function isRotationOver(snapshot: RotationSnapshot): boolean {
  return snapshot.stopped !== undefined || snapshot.view.step === 'finished';
}

export function openRotation(store: CeremonyStore<RotationSnapshot>, api: RotationApi): () => void {
  return openCeremony(store, {
    subscribe: (listener) => api.on('rotate/snapshot', listener),
    current: () => api.rotateCurrent({}),
    start: () => api.rotateStart({}),
    isOver: isRotationOver,
    what: 'the rotation',
  });
}

const ROTATION_OPENING: CeremonyOpening<RotationSnapshot, RotationIntents, RotationApi> = {
  intents: (store, api) => new RotationIntents(store, api),
  open: openRotation,
  cannot: 'run a rotation',
};

/** Rotate wrap key: opens the rotation in main (or picks up the one under way) in the shared frame. */
export function RotationWizard({ api = findCustos() }: { api?: RotationApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, ROTATION_OPENING);
  if (!opened) return null;
  return (
    <RotationProvider store={opened.store} intents={opened.intents}>
      <RotationFrame onLeave={goHome} />
    </RotationProvider>
  );
}

export function RotationFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useRotationIntents();
  const snapshot = useRotationState((state) => state.snapshot);
  const notices = useRotationNotices();
  const devices = useDevices();
  const primary = devices.find((d) => d.serial === snapshot?.ceremony?.primarySerial);
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const forward = async (intent: RotationForwardIntent) => {
    if (intent === 'to-shares') await intents.toShares();
    else if (intent === 'make-new-shares') {
      if (primary) await intents.makeNewShares(primary.id);
    } else if (intent === 'resume-devices') await intents.resumeDevices();
    else await leave();
  };
  const cancel = async () => {
    if (!snapshot) return onLeave();
    const after = await intents.cancel();
    if (after?.stopped && !after.stopped.deviceTouched) await leave();
  };
  const due = snapshot?.view.step === 'devices' ? deviceDue(snapshot.view) : undefined;
  return (
    <CeremonyFrame
      ceremony="Rotate wrap key"
      ceremonyId="rotate"
      table={ROTATION_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={<CeremonyNotices {...notices} />}
      forward={snapshot ? forwardAction(snapshot, primary !== undefined) : null}
      onForward={forward}
      canGoBack={snapshot !== null && canGoBack(snapshot)}
      onBack={() => intents.back()}
      cancelWarning={cancelWarning(snapshot)}
      onCancel={cancel}
      busy={Boolean(snapshot?.busy)}
      airGapWarnings={snapshot?.airGapWarnings}
      device={
        due
          ? {
              key: String(due.serial),
              requirement: {
                role: `the ${due.role} YubiHSM 2`,
                serial: due.serial,
                accept: [],
              },
            }
          : null
      }
    >
      {snapshot?.stopped ? (
        <StoppedNotice
          title="This rotation was stopped"
          reason={snapshot.stopped.reason}
          device={
            snapshot.stopped.deviceTouched
              ? 'Some devices already hold the new wrap key; the record names those still holding the old one.'
              : 'No device was changed.'
          }
          onClose={() => void leave()}
        />
      ) : snapshot ? (
        <RotationStepBody snapshot={snapshot} />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting the rotation…</p>
      )}
    </CeremonyFrame>
  );
}

export function RotationStepBody({ snapshot }: { snapshot: RotationSnapshot }) {
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
      return <SourceStep snapshot={snapshot} view={view} />;
    case 'authorize':
      return <AuthorizeStep view={view} />;
    case 'new-shares':
      return <NewSharesStep view={view} />;
    case 'devices':
      return <DevicesStep view={view} />;
    case 'finished':
      return (
        <div className="ceremony-step" data-testid="rotate-finished">
          <FocusHeading testId="rotate-finished-title">
            Every device holds only the new wrap key
          </FocusHeading>
          <p>
            New check value <span className="mono kcv">{view.newKcv}</span> (wrap key{' '}
            <span className="mono">0x{view.newWrapKeyId.toString(16).padStart(4, '0')}</span>). The
            old shares rebuild nothing in use any more: collect and destroy them.
          </p>
          <p>
            New backups in <span className="mono">{view.backupFolder}</span>:{' '}
            {view.files.join(', ')}.
          </p>
          {view.toDestroy.length > 0 && (
            <div className="notice notice--warning" data-testid="rotate-to-destroy">
              <p>Destroy these old backups, made under the old wrap key (Custos kept them):</p>
              <ul>
                {view.toDestroy.map((file) => (
                  <li key={file} className="mono">
                    {file}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {view.audits.map((line) => (
            <p key={line}>{line}</p>
          ))}
          <p>
            Transcript head: <span className="mono">{view.transcriptHead}</span>
          </p>
        </div>
      );
  }
}

function SourceStep({
  snapshot,
  view,
}: {
  snapshot: RotationSnapshot;
  view: Extract<RotationSnapshot['view'], { step: 'source' }>;
}) {
  const intents = useRotationIntents();
  const sending = useRotationSending();
  const ceremony = snapshot.ceremony;
  return (
    <div className="ceremony-step" data-testid="rotate-choose-source">
      <FolderChoice
        label="Ceremony folder"
        hint="The ceremony folder whose wrap key is rotated (ceremony.json, transcript.jsonl and the .yhw backups), as a full path."
        chosen={ceremony?.folder}
        disabled={sending}
        testId="rotate-folder"
        onChoose={(chosen) => void intents.chooseFolder(chosen)}
      />
      {ceremony && (
        <>
          <p data-testid="rotate-ceremony">
            {ceremony.name}: wrap key{' '}
            <span className="mono">0x{ceremony.wrapKeyId.toString(16).padStart(4, '0')}</span>,
            check value <span className="mono kcv">{ceremony.kcv}</span>, any {ceremony.threshold}{' '}
            of {ceremony.custodians.length} custodians.
            {ceremony.resuming &&
              ' A rotation of this ceremony stopped part-way: the custodians enter their NEW shares to finish it.'}
          </p>
          <ApplicationKeyForm
            suggestedId={undefined}
            lead="The key that manages wrap keys (put-wrap-key, delete-wrap-key, export-wrapped, get-pseudo-random) opens every device's session."
            submitLabel="Use this key"
            given={view.rotationKeyGiven}
            disabled={sending}
            testId="rotate-rotation-key"
            onSubmit={(id, password) => void intents.setRotationKey(id, password)}
          />
          <ApplicationKeyForm
            suggestedId={undefined}
            lead="Optional: the audit key, to read each device's own audit log into the record once it is done."
            submitLabel="Use the audit key"
            given={view.auditKeyGiven}
            disabled={sending}
            testId="rotate-audit-key"
            onSubmit={(id, password) => void intents.setAuditKey(id, password)}
          />
        </>
      )}
    </div>
  );
}
