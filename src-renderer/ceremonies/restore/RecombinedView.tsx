import { useState } from 'react';
import type { RestoreSharesView } from '../../../shared/ceremony/restore-snapshot';
import { ApplicationKeyForm } from '../../components/ApplicationKeyForm';
import { FocusHeading } from '../../components/FocusHeading';
import { hexObjectId } from '../../components/object-id';
import { useRestoreIntents, useRestoreSending, useRestoreSnapshot } from './restore-context';
import { rebuiltFromSentence } from './shares-words';

/**
 * Enough shares are in and the wrap key is rebuilt: its check value and whether it matches the
 * record, what else vouches for it, its policy, and the optional application key password that
 * lets Custos prove the application key before it deletes the secondary's factory key.
 */
export function RecombinedView({ view }: { view: RestoreSharesView }) {
  const recombined = view.recombined;
  const snapshot = useRestoreSnapshot();
  if (!recombined) return null;
  const verdict = recombined.matchesRecord;
  const recordedKcv = snapshot?.source?.ceremony?.kcv;
  return (
    <div
      className="share-turn restore-recombined"
      data-testid="restore-recombined"
      data-matches-record={String(verdict)}
    >
      <FocusHeading testId="restore-recombined-title">
        {verdict === false
          ? 'The rebuilt wrap key does not match the record'
          : 'The wrap key is rebuilt'}
      </FocusHeading>
      <p className="share-turn__instruction">
        Check value of the rebuilt wrap key:{' '}
        <span className="mono kcv" data-testid="restore-kcv">
          {recombined.kcv}
        </span>
      </p>
      {recombined.used.length > 0 && (
        <p
          data-testid="restore-used-shares"
          data-shares={recombined.used.map((share) => share.number).join(' ')}
        >
          {rebuiltFromSentence(recombined.used)}
        </p>
      )}
      <p
        className={`notice ${verdict === false ? 'notice--problem' : verdict ? 'notice--good' : 'notice--warning'}`}
        data-testid="restore-kcv-verdict"
      >
        {verdict === true &&
          `✓ It matches the check value recorded at the ceremony${recordedKcv ? ` (${recordedKcv})` : ''}.`}
        {verdict === false &&
          `✗ The record says ${recordedKcv ?? 'another check value'}. A share is wrong or comes from another ceremony; nothing will be written to the secondary.`}
        {verdict === null &&
          'There is no record to compare the check value with (yubihsm-setup folder): the key was checked by whether it opens the .yhw files.'}
      </p>
      <dl className="record__facts restore-policy">
        <dt>Wrap key id</dt>
        <dd className="mono">{hexObjectId(recombined.wrapKeyId)}</dd>
        <dt>Domains</dt>
        <dd>{recombined.domains.join(', ')}</dd>
        <dt>Capabilities</dt>
        <dd>{recombined.capabilities.join(', ') || 'none'}</dd>
        <dt>Delegated capabilities</dt>
        <dd>
          <Folded names={recombined.delegatedCapabilities} />
        </dd>
      </dl>
      {recombined.confirmedBy.length > 0 && (
        <div data-testid="restore-confirmed-by">
          <p>What vouches for this key:</p>
          <ul>
            {recombined.confirmedBy.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {recombined.warnings.length > 0 && (
        <ul className="notice notice--warning plain-list" data-testid="restore-warnings">
          {recombined.warnings.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {verdict !== false && (
        <ApplicationKeyPassword suggestedId={undefined} given={view.applicationKeyGiven ?? false} />
      )}
    </div>
  );
}

/**
 * Optional before the device steps: the application key's password, proved on the secondary
 * before the factory key goes. `needed`: the last one did not prove it, so it is asked again.
 */
export function ApplicationKeyPassword({
  suggestedId,
  given = false,
  needed = false,
}: {
  suggestedId: number | undefined;
  given?: boolean;
  needed?: boolean;
}) {
  const intents = useRestoreIntents();
  const sending = useRestoreSending();
  const [accepted, setAccepted] = useState(given);
  return (
    <ApplicationKeyForm
      suggestedId={suggestedId}
      lead={
        needed
          ? 'The application key’s password again: the last one given did not open a session with it, so the factory key was kept. Custos deletes it only once the password opens the application key on the secondary.'
          : 'Recommended: the application key’s password. Custos deletes the secondary’s factory key only once the application key is on it; with the password, only once it has opened a session there. Leave the id empty for the application key the backups hold.'
      }
      submitLabel={needed ? 'Give the password again' : 'Give the password'}
      given={accepted}
      disabled={sending}
      testId="restore-app-key"
      onSubmit={(authKeyId, password) => {
        void intents.setApplicationKey(authKeyId, password).then((after) => {
          if (after) setAccepted(true);
        });
      }}
    />
  );
}

function Folded({ names }: { names: readonly string[] }) {
  if (names.length === 0) return 'none';
  if (names.length <= 6) return names.join(', ');
  return (
    <details>
      <summary>{names.length} capabilities</summary>
      {names.join(', ')}
    </details>
  );
}
