import type { RestoreSnapshot } from '../../../shared/ceremony/restore-snapshot';
import { FocusHeading } from '../../components/FocusHeading';
import { KspHandoff } from '../../components/KspHandoff';
import { useRestoreIntents, useRestoreSending } from './restore-context';
import { groupsOf } from '../init/record/RecordStep';
import { FactoryKeyDecision, RestoredFilesTable } from './RestoredFilesTable';

type FinishedView = Extract<RestoreSnapshot['view'], { step: 'finished' }>;

const TITLE: Readonly<Record<FinishedView['status'], string>> = {
  completed: 'The secondary is restored',
  incomplete: 'The restore is incomplete',
  failed: 'The restore failed',
};

/** The end: what was imported, skipped and failed, the factory key decision, and the transcript head for the witnesses. */
export function FinishedStep({ view }: { view: FinishedView }) {
  const intents = useRestoreIntents();
  const sending = useRestoreSending();
  return (
    <div
      className="record restore-finished"
      data-testid="restore-finished"
      data-status={view.status}
    >
      <FocusHeading testId="restore-finished-title">{TITLE[view.status]}</FocusHeading>
      <p
        className={`notice ${view.status === 'completed' ? 'notice--good' : 'notice--problem'}`}
        data-testid="restore-summary"
      >
        {view.summary}
      </p>
      <FactoryKeyDecision factoryKey={view.factoryKey} />
      <RestoredFilesTable files={view.files} />
      {view.transcriptHead && (
        <dl className="record__facts">
          <dt>Transcript head (SHA-256 of the last transcript line), for the witnesses</dt>
          <dd className="mono record__head" data-testid="restore-transcript-head">
            {groupsOf(view.transcriptHead, 8).join(' ')}
          </dd>
        </dl>
      )}
      {view.canWriteKspHandoff && (
        <KspHandoff
          written={view.kspHandoff}
          disabled={sending}
          onWrite={(url) => void intents.writeKspHandoff(url)}
        />
      )}
    </div>
  );
}
