import type { BackupSnapshot, BackupView } from '../../../shared/ceremony/backup-snapshot';
import { ApplicationKeyForm } from '../../components/ApplicationKeyForm';
import { FolderChoice } from '../../components/FolderChoice';
import { hexObjectId } from '../../components/object-id';
import type { StepDevice } from '../../device-gate/step-gate';
import { DeviceSlot } from '../../device-gate/step-gate';
import { groupsOf } from '../init/record/RecordStep';
import { useBackupIntents, useBackupSending } from './backup-context';
import { BackupObjectTables } from './BackupObjectTables';

const ROLE = 'the primary YubiHSM 2';

/**
 * The primary as the frame's gate needs it: chosen on its step (the screen stays, with the
 * choice in its slot), then that device; the export needs it until it has finished (pulled
 * out, the step says so and says when it is back, so Export is pressed again only once it can
 * work). The review reads only what main already listed.
 */
export function backupDevice(
  snapshot: BackupSnapshot,
  choosePrimary: (deviceId: string) => unknown,
): StepDevice | null {
  const view = snapshot.view;
  const primary = snapshot.primary;
  if (snapshot.stopped) return null;
  if (view.step === 'primary') {
    if (!primary) {
      return {
        requirement: { role: ROLE, serial: null, accept: ['configured', 'factory-key-present'] },
        onChoose: (device) => void choosePrimary(device.id),
        keeps: true,
      };
    }
    return {
      requirement: { role: ROLE, serial: primary.serial, accept: [] },
      key: primary.deviceId,
      keeps: true,
    };
  }
  if (view.step === 'export' && !view.finished && primary)
    return { requirement: { role: ROLE, serial: primary.serial, accept: [] } };
  return null;
}

/** The current step's screen, from the view main sent for it. */
export function BackupStepBody({
  snapshot,
  replace,
  onReplace,
}: {
  snapshot: BackupSnapshot;
  replace: ReadonlySet<string>;
  onReplace: (file: string, replace: boolean) => void;
}) {
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
      return <SourceStep view={view} />;
    case 'primary':
      return <PrimaryStep view={view} snapshot={snapshot} />;
    case 'review':
      return <ReviewStep view={view} snapshot={snapshot} replace={replace} onReplace={onReplace} />;
    case 'export':
      return <ExportStep view={view} snapshot={snapshot} />;
  }
}

function SourceStep({ view }: { view: Extract<BackupView, { step: 'source' }> }) {
  const intents = useBackupIntents();
  const sending = useBackupSending();
  return (
    <div className="ceremony-step" data-testid="dump-source">
      <FolderChoice
        label="Ceremony folder"
        hint="The folder the primary’s initialization wrote (ceremony.json, transcript.jsonl, .yhw files), as a full path. The backups are written into it and recorded there."
        chosen={view.folder}
        disabled={sending}
        testId="dump-folder"
        onChoose={(folder) => void intents.chooseFolder(folder)}
      />
    </div>
  );
}

function PrimaryStep({
  view,
  snapshot,
}: {
  view: Extract<BackupView, { step: 'primary' }>;
  snapshot: BackupSnapshot;
}) {
  const intents = useBackupIntents();
  const sending = useBackupSending();
  const primary = snapshot.primary;
  return (
    <div className="ceremony-step" data-testid="dump-primary">
      <CeremonyLine snapshot={snapshot} />
      <DeviceSlot>
        {primary && (
          <>
            <p
              className="chosen-line"
              data-testid="dump-primary-chosen"
              data-serial={primary.serial}
            >
              ✓ The primary of this ceremony: serial <span className="mono">{primary.serial}</span>
              {primary.simulated ? ' (simulated)' : ''}.
            </p>
            <ApplicationKeyForm
              suggestedId={view.suggestedAuthKeyId}
              lead="Open a session on the primary with the application key: Custos lists its objects and exports them under the wrap key. The password goes to the primary and is not kept."
              submitLabel="Open a session and list the objects"
              given={false}
              disabled={sending || Boolean(snapshot.busy)}
              testId="dump-auth"
              onSubmit={(authKeyId, password) => void intents.authenticate(authKeyId, password)}
            />
          </>
        )}
      </DeviceSlot>
    </div>
  );
}

interface ReviewProps {
  readonly view: Extract<BackupView, { step: 'review' }>;
  readonly snapshot: BackupSnapshot;
  readonly replace: ReadonlySet<string>;
  readonly onReplace: (file: string, replace: boolean) => void;
}

function ReviewStep({ view, snapshot, replace, onReplace }: ReviewProps) {
  return (
    <div className="ceremony-step" data-testid="dump-review">
      <CeremonyLine snapshot={snapshot} />
      <p>
        Wrap key <span className="mono">{hexObjectId(view.wrapKeyId)}</span> · session with
        application key <span className="mono">{hexObjectId(view.authKeyId)}</span>
      </p>
      {view.sampleKeys.offered && (
        <RehearsalKeys generated={view.sampleKeys.generated} busy={Boolean(snapshot.busy)} />
      )}
      <BackupObjectTables
        objects={view.objects}
        stage="review"
        replace={replace}
        onReplace={onReplace}
      />
    </div>
  );
}

/** Only on a simulated primary: three signing keys, so the rehearsal back-up has something to export. */
function RehearsalKeys({ generated, busy }: { generated: readonly number[]; busy: boolean }) {
  const intents = useBackupIntents();
  const sending = useBackupSending();
  return (
    <div className="notice notice--warning rehearsal-keys" data-testid="dump-sample-keys">
      <p>
        This primary is simulated. A freshly initialized primary holds only the ceremony’s own keys;
        to rehearse a back-up of real work, generate three signing keys on it first. Never on a real
        device: this button exists only for simulated primaries.
      </p>
      {generated.length > 0 && (
        <p data-testid="dump-sample-keys-generated">
          Generated: <span className="mono">{generated.map(hexObjectId).join(', ')}</span>
        </p>
      )}
      <button
        type="button"
        className="button"
        data-testid="dump-generate-sample-keys"
        disabled={sending || busy}
        onClick={() => void intents.generateSampleKeys()}
      >
        Generate rehearsal keys
      </button>
    </div>
  );
}

function ExportStep({
  view,
  snapshot,
}: {
  view: Extract<BackupView, { step: 'export' }>;
  snapshot: BackupSnapshot;
}) {
  return (
    <div className="ceremony-step" data-testid="dump-export" data-finished={view.finished}>
      <CeremonyLine snapshot={snapshot} />
      <p
        className={`notice ${view.finished ? 'notice--good' : ''}`}
        data-testid="dump-summary"
        role="status"
      >
        {view.summary}
      </p>
      <BackupObjectTables objects={view.objects} stage="result" />
      {view.transcriptHead && (
        <dl className="record__facts">
          <dt>Transcript head (SHA-256 of the last transcript line), for the witnesses</dt>
          <dd className="mono record__head" data-testid="dump-transcript-head">
            {groupsOf(view.transcriptHead, 8).join(' ')}
          </dd>
        </dl>
      )}
    </div>
  );
}

function CeremonyLine({ snapshot }: { snapshot: BackupSnapshot }) {
  if (!snapshot.folder) return null;
  return (
    <p className="ceremony-line" data-testid="dump-ceremony">
      {snapshot.ceremonyName ? <strong>{snapshot.ceremonyName}</strong> : null}{' '}
      <span className="mono">{snapshot.folder}</span>
    </p>
  );
}
