import type { AuditSnapshot, AuditStepId } from '../../../shared/ceremony/audit-snapshot';
import { AUDIT_STEPS } from '../../../shared/ceremony/audit-steps';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { findCustos } from '../../bridge';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { CeremonyNotices, StoppedNotice } from '../../components/CeremonyNotices';
import { FocusHeading } from '../../components/FocusHeading';
import { FolderChoice } from '../../components/FolderChoice';
import { useNavigation } from '../../stores/context';
import { openCeremony } from '../../stores/ceremony-store';
import {
  AuditProvider,
  useAuditIntents,
  useAuditSending,
  useAuditState,
  useAuditNotices,
} from './audit-context';
import { EntryTurns } from './EntryTurns';
import { AuditIntents, type AuditApi } from './intents';

const FIRST: WizardState<AuditStepId> = { current: 'source', done: [], skipped: [] };

const AUDIT_OPENING: CeremonyOpening<AuditSnapshot, AuditIntents, AuditApi> = {
  intents: (store, api) => new AuditIntents(store, api),
  open: (store, api) =>
    openCeremony(store, {
      subscribe: (listener) => api.on('audit/snapshot', listener),
      current: () => api.auditCurrent({}),
      start: () => api.auditStart({}),
      isOver: (snapshot) => snapshot.stopped !== undefined || snapshot.view.step === 'result',
      what: 'the share audit',
    }),
  cannot: 'run a share audit',
};

/** Share audit: custodians prove their shares against the record; no device is used. */
export function AuditWizard({ api = findCustos() }: { api?: AuditApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, AUDIT_OPENING);
  if (!opened) return null;
  return (
    <AuditProvider store={opened.store} intents={opened.intents}>
      <AuditFrame onLeave={goHome} />
    </AuditProvider>
  );
}

function AuditFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useAuditIntents();
  const snapshot = useAuditState((state) => state.snapshot);
  const notices = useAuditNotices();
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const view = snapshot?.view;
  return (
    <CeremonyFrame
      ceremony="Share audit"
      ceremonyId="share-audit"
      table={AUDIT_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={<CeremonyNotices {...notices} />}
      forward={view?.step === 'result' ? { intent: 'done', label: 'Done', blocked: null } : null}
      onForward={leave}
      canGoBack={
        view?.step === 'shares' &&
        view.phase === 'handover' &&
        view.accepted.length === 0 &&
        !snapshot?.stopped
      }
      onBack={() => intents.back()}
      cancelWarning={
        !snapshot || snapshot.stopped || view?.step === 'result'
          ? snapshot
            ? null
            : 'Nothing has been read or written.'
          : 'Nothing is recorded for an audit that is cancelled; the shares entered so far are forgotten.'
      }
      onCancel={async () => {
        if (!snapshot) return onLeave();
        const after = await intents.cancel();
        if (after?.stopped) await leave();
      }}
      busy={Boolean(snapshot?.busy)}
      airGapWarnings={snapshot?.airGapWarnings}
    >
      {snapshot?.stopped ? (
        <StoppedNotice
          title="This share audit was stopped"
          reason={snapshot.stopped.reason}
          device="No device was used."
          onClose={() => void leave()}
        />
      ) : snapshot ? (
        <AuditStepBody snapshot={snapshot} />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting the share audit…</p>
      )}
    </CeremonyFrame>
  );
}

function AuditStepBody({ snapshot }: { snapshot: AuditSnapshot }) {
  const intents = useAuditIntents();
  const sending = useAuditSending();
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
      return (
        <div className="ceremony-step" data-testid="audit-choose-source">
          <FolderChoice
            label="Ceremony folder"
            hint="The ceremony folder (ceremony.json and transcript.jsonl) whose shares the custodians prove, as a full path. No device is used; the audit and its report are written into this folder."
            chosen={undefined}
            disabled={sending}
            testId="share-audit-folder"
            onChoose={(chosen) => void intents.chooseFolder(chosen)}
          />
        </div>
      );
    case 'shares':
      return (
        <>
          {view.phase === 'handover' && snapshot.ceremony && (
            <p className="notice" data-testid="audit-ceremony">
              {snapshot.ceremony.name}: {snapshot.ceremony.threshold} of{' '}
              {snapshot.ceremony.shareCount} shares, check value{' '}
              <span className="mono">{snapshot.ceremony.kcv}</span>.
            </p>
          )}
          <EntryTurns
            view={view}
            prefix="audit"
            enoughLabel="Enough shares are in: check them against the record"
            actions={{
              sending,
              beginTurn: (custodian) => intents.beginTurn(custodian),
              submitShare: (entry) => intents.submitShare(entry),
              abandonTurn: (reason) => intents.abandonTurn(reason),
              nextCustodian: () => intents.nextCustodian(),
            }}
          />
        </>
      );
    case 'result':
      return (
        <div className="ceremony-step" data-testid="audit-result" data-outcome={view.outcome}>
          <FocusHeading testId="audit-result-title">
            {view.outcome === 'proven' ? 'The shares are proven' : 'The shares were not proven'}
          </FocusHeading>
          <p data-testid="audit-summary">{view.summary}</p>
          <ul data-testid="audit-proven">
            {view.proven.map((share) => (
              <li
                key={share.shareNumber}
                data-testid="audit-proven-share"
                data-share={share.shareNumber}
              >
                Share {share.shareNumber} ({share.custodian}): proven
              </li>
            ))}
          </ul>
          {view.warnings.map((warning) => (
            <p key={warning} className="notice" data-testid="audit-warning">
              {warning}
            </p>
          ))}
          <p>
            The audit is recorded in the ceremony folder; its printable report is{' '}
            <span className="mono" data-testid="audit-report">
              {view.report}
            </span>
            .
          </p>
          <p>
            Transcript head:{' '}
            <span className="mono" data-testid="audit-transcript-head">
              {view.transcriptHead}
            </span>
          </p>
        </div>
      );
  }
}
