// The DKEK back-up's step screens, from main's snapshot: the ceremony folder, the primary and its
// user PIN, the review of every key with the file it goes to, then the wrap with each key's
// outcome and blob KCV and the keys that could not be wrapped, with the reason.

import type { DkekBackupSnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import { FolderChoice } from '../../components/FolderChoice';
import { SmartCardPinForm } from '../../components/SmartCardPinForm';
import { useDkekBackupIntents, useDkekBackupSending } from './dkek-backup-context';
import { BackupKeyTable, NotWrapped } from './BackupKeyTable';

export function DkekBackupStepBody({ snapshot }: { snapshot: DkekBackupSnapshot }) {
  switch (snapshot.steps.current) {
    case 'folder':
      return <FolderStep snapshot={snapshot} />;
    case 'device':
      return <DeviceStep snapshot={snapshot} />;
    case 'review':
      return <ReviewStep snapshot={snapshot} />;
    case 'wrap':
      return <WrapStep snapshot={snapshot} />;
  }
}

function FolderStep({ snapshot }: { snapshot: DkekBackupSnapshot }) {
  const intents = useDkekBackupIntents();
  const sending = useDkekBackupSending();
  return (
    <div className="ceremony-step" data-testid="dkek-backup-folder-step">
      <FolderChoice
        label="DKEK ceremony folder"
        hint="The folder the DKEK initialisation wrote (ceremony.json, transcript.jsonl), as a full path. Each key is wrapped into a file there and recorded."
        chosen={snapshot.folder}
        disabled={sending}
        testId="dkek-backup-folder"
        onChoose={(folder) => void intents.chooseFolder(folder)}
      />
    </div>
  );
}

function DeviceStep({ snapshot }: { snapshot: DkekBackupSnapshot }) {
  const intents = useDkekBackupIntents();
  const sending = useDkekBackupSending();
  return (
    <div className="ceremony-step" data-testid="dkek-backup-device">
      <DomainLine snapshot={snapshot} />
      <SmartCardPinForm
        legend="The primary whose keys are backed up"
        submitLabel="Read the primary’s keys"
        disabled={sending || Boolean(snapshot.busy)}
        chosen={snapshot.device?.deviceId}
        testId="dkek-backup-device"
        onSubmit={(deviceId, pin) => void intents.chooseDevice(deviceId, pin)}
      />
    </div>
  );
}

function ReviewStep({ snapshot }: { snapshot: DkekBackupSnapshot }) {
  return (
    <div className="ceremony-step" data-testid="dkek-backup-review">
      <DomainLine snapshot={snapshot} />
      <ChosenLine snapshot={snapshot} />
      {snapshot.keys.length === 0 ? (
        <p className="notice" data-testid="dkek-backup-no-keys">
          The primary holds no keys, so there is nothing to back up.
        </p>
      ) : (
        <>
          <p>
            Each key below is wrapped under the DKEK into its own file in the ceremony folder. A
            file already there is kept, never overwritten.
          </p>
          <BackupKeyTable keys={snapshot.keys} outcome={false} />
        </>
      )}
    </div>
  );
}

function WrapStep({ snapshot }: { snapshot: DkekBackupSnapshot }) {
  return (
    <div className="ceremony-step" data-testid="dkek-backup-wrap" data-finished={snapshot.finished}>
      <DomainLine snapshot={snapshot} />
      <ChosenLine snapshot={snapshot} />
      {snapshot.summary && (
        <p className="chosen-line" data-testid="dkek-backup-summary">
          {snapshot.summary}
        </p>
      )}
      <BackupKeyTable keys={snapshot.keys} outcome />
      <NotWrapped keys={snapshot.keys} />
    </div>
  );
}

/** The ceremony folder and its DKEK's check value, on every step after the folder. */
function DomainLine({ snapshot }: { snapshot: DkekBackupSnapshot }) {
  return (
    <dl className="facts">
      <dt>Ceremony folder</dt>
      <dd className="mono" data-testid="dkek-backup-folder-chosen">
        {snapshot.folder}
      </dd>
      {snapshot.kcv && (
        <>
          <dt>DKEK check value</dt>
          <dd className="mono" data-testid="dkek-backup-kcv">
            {snapshot.kcv}
          </dd>
        </>
      )}
    </dl>
  );
}

function ChosenLine({ snapshot }: { snapshot: DkekBackupSnapshot }) {
  const device = snapshot.device;
  if (!device) return null;
  return (
    <p className="chosen-line" data-testid="dkek-backup-chosen" data-serial={device.serial}>
      ✓ The primary: {device.version}
      {device.serial && (
        <>
          , serial <span className="mono">{device.serial}</span>
        </>
      )}
      {device.simulated ? ' (simulated)' : ''}; its DKEK is the recorded one.
    </p>
  );
}
