// The DKEK verification's step screens, from main's snapshot: the ceremony folder, the clone and
// its user PIN, then the result (ResultStep.tsx).

import type { DkekVerifySnapshot } from '../../../shared/ceremony/dkek-clone-snapshot';
import { FolderChoice } from '../../components/FolderChoice';
import { SmartCardPinForm } from '../../components/SmartCardPinForm';
import { useDkekVerifyIntents, useDkekVerifySending } from './dkek-verify-context';
import { ResultStep } from './ResultStep';

export function DkekVerifyStepBody({ snapshot }: { snapshot: DkekVerifySnapshot }) {
  switch (snapshot.steps.current) {
    case 'folder':
      return <FolderStep snapshot={snapshot} />;
    case 'device':
      return <DeviceStep snapshot={snapshot} />;
    case 'result':
      return <ResultStep snapshot={snapshot} />;
  }
}

function FolderStep({ snapshot }: { snapshot: DkekVerifySnapshot }) {
  const intents = useDkekVerifyIntents();
  const sending = useDkekVerifySending();
  return (
    <div className="ceremony-step" data-testid="dkek-verify-folder-step">
      <FolderChoice
        label="DKEK ceremony folder"
        hint="The folder of the DKEK ceremony whose keys were backed up (ceremony.json with its back-up), as a full path. The clone is compared with its record, and the report is written there."
        chosen={snapshot.folder}
        disabled={sending}
        testId="dkek-verify-folder"
        onChoose={(folder) => void intents.chooseFolder(folder)}
      />
    </div>
  );
}

function DeviceStep({ snapshot }: { snapshot: DkekVerifySnapshot }) {
  const intents = useDkekVerifyIntents();
  const sending = useDkekVerifySending();
  return (
    <div className="ceremony-step" data-testid="dkek-verify-device">
      <dl className="facts">
        <dt>Ceremony folder</dt>
        <dd className="mono" data-testid="dkek-verify-folder-chosen">
          {snapshot.folder}
        </dd>
        {snapshot.kcv && (
          <>
            <dt>Recorded DKEK check value</dt>
            <dd className="mono" data-testid="dkek-verify-recorded-kcv">
              {snapshot.kcv}
            </dd>
          </>
        )}
      </dl>
      <p>
        Custos reads the clone’s DKEK and keys, compares them with the record, and has each signing
        key sign a fresh challenge that is checked with the primary’s recorded public key. Nothing
        is written to the clone.
      </p>
      <SmartCardPinForm
        legend="The clone to verify"
        submitLabel="Verify this clone"
        disabled={sending || Boolean(snapshot.busy)}
        testId="dkek-verify-device"
        onSubmit={(deviceId, pin) => void intents.verify(deviceId, pin)}
      />
    </div>
  );
}
