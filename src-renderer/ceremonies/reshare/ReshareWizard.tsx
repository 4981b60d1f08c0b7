import { useEffect, useState } from 'react';
import type {
  ResharePlan,
  ReshareSnapshot,
  ReshareStepId,
} from '../../../shared/ceremony/audit-snapshot';
import { RESHARE_STEPS } from '../../../shared/ceremony/audit-steps';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { findCustos } from '../../bridge';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { useOpenCeremony, type CeremonyOpening } from '../../components/use-open-ceremony';
import { CeremonyNotices, StoppedNotice } from '../../components/CeremonyNotices';
import { FocusHeading } from '../../components/FocusHeading';
import { FolderChoice } from '../../components/FolderChoice';
import { useNavigation } from '../../stores/context';
import { openCeremony } from '../../stores/ceremony-store';
import { EntryTurns } from '../audit/EntryTurns';
import { InitProvider } from '../init/init-context';
import { SharesStep } from '../init/shares/SharesStep';
import { VerificationStep } from '../init/verification/VerificationStep';
import { initIntentsFor, mirrorAsInit } from './init-bridge';
import { ReshareIntents, type ReshareApi } from './intents';
import {
  ReshareProvider,
  useReshareIntents,
  useReshareSending,
  useReshareState,
  useReshareStore,
  useReshareNotices,
} from './reshare-context';

const FIRST: WizardState<ReshareStepId> = { current: 'source', done: [], skipped: [] };

const RESHARE_OPENING: CeremonyOpening<ReshareSnapshot, ReshareIntents, ReshareApi> = {
  intents: (store, api) => new ReshareIntents(store, api),
  open: (store, api) =>
    openCeremony(store, {
      subscribe: (listener) => api.on('reshare/snapshot', listener),
      current: () => api.reshareCurrent({}),
      start: () => api.reshareStart({}),
      isOver: (snapshot) => snapshot.stopped !== undefined || snapshot.view.step === 'finished',
      what: 'the reshare',
    }),
  cannot: 'run a reshare',
};

/** Reshare: the same wrap key split again for new custodians; no device is used. */
export function ReshareWizard({ api = findCustos() }: { api?: ReshareApi | null }) {
  const { goHome } = useNavigation();
  const opened = useOpenCeremony(api, RESHARE_OPENING);
  if (!opened) return null;
  return (
    <ReshareProvider store={opened.store} intents={opened.intents}>
      <ReshareFrame onLeave={goHome} />
    </ReshareProvider>
  );
}

type Forward = 'to-old-shares' | 'split-again' | 'done';

function forwardOf(snapshot: ReshareSnapshot | null) {
  const view = snapshot?.view;
  if (!view || snapshot.stopped) return null;
  if (view.step === 'plan')
    return {
      intent: 'to-old-shares' as Forward,
      label: 'Go on to the current shares',
      blocked:
        view.plan && view.errors.length === 0
          ? null
          : 'Check the plan first: name the new custodians and the threshold.',
    };
  if (view.step === 'old-shares' && view.recombined)
    return {
      intent: 'split-again' as Forward,
      label: 'Split the wrap key for the new custodians',
      blocked: null,
    };
  if (view.step === 'finished') return { intent: 'done' as Forward, label: 'Done', blocked: null };
  return null;
}

function ReshareFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useReshareIntents();
  const snapshot = useReshareState((state) => state.snapshot);
  const notices = useReshareNotices();
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const step = snapshot?.view.step;
  const newShares = step === 'new-shares' || step === 'verification';
  return (
    <CeremonyFrame
      ceremony="Reshare"
      ceremonyId="reshare"
      table={RESHARE_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={
        <>
          <CeremonyNotices {...notices} />
          {snapshot && (
            <p className="notice" data-testid="reshare-old-shares-still-work">
              {snapshot.oldSharesStillWork}
            </p>
          )}
        </>
      }
      forward={forwardOf(snapshot)}
      onForward={async (intent: Forward) => {
        if (intent === 'to-old-shares') await intents.toOldShares();
        else if (intent === 'split-again') await intents.splitAgain();
        else await leave();
      }}
      canGoBack={
        (step === 'plan' ||
          (snapshot?.view.step === 'old-shares' && snapshot.view.accepted.length === 0)) &&
        !snapshot?.stopped
      }
      onBack={() => intents.back()}
      cancelWarning={
        !snapshot
          ? 'Nothing has been read or written.'
          : snapshot.stopped || step === 'finished'
            ? null
            : newShares
              ? 'New shares have been made. Cancelling records that the new set was never completed: the old shares stay the current set, and every new share shown must be destroyed.'
              : 'Nothing is recorded; the shares entered so far are forgotten.'
      }
      onCancel={async () => {
        if (!snapshot) return onLeave();
        await intents.cancel();
      }}
      busy={Boolean(snapshot?.busy)}
      airGapWarnings={snapshot?.airGapWarnings}
    >
      {snapshot?.stopped ? (
        <StoppedNotice
          title="This reshare was stopped"
          reason={snapshot.stopped.reason}
          device="No device was used."
          onClose={() => void leave()}
        />
      ) : snapshot ? (
        <ReshareStepBody snapshot={snapshot} />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting the reshare…</p>
      )}
    </CeremonyFrame>
  );
}

function ReshareStepBody({ snapshot }: { snapshot: ReshareSnapshot }) {
  const intents = useReshareIntents();
  const sending = useReshareSending();
  const view = snapshot.view;
  switch (view.step) {
    case 'source':
      return (
        <div className="ceremony-step" data-testid="reshare-choose-source">
          <FolderChoice
            label="Ceremony folder"
            hint="The ceremony folder (ceremony.json and transcript.jsonl) whose wrap key is split again, as a full path. No device is used."
            chosen={undefined}
            disabled={sending}
            testId="reshare-folder"
            onChoose={(chosen) => void intents.chooseFolder(chosen)}
          />
        </div>
      );
    case 'plan':
      return <PlanForm plan={view.plan} errors={view.errors} snapshot={snapshot} />;
    case 'old-shares':
      return view.recombined ? (
        <div className="ceremony-step" data-testid="reshare-recombined">
          <FocusHeading testId="reshare-recombined-title">The wrap key is rebuilt</FocusHeading>
          <p>
            Its check value{' '}
            <span className="mono" data-testid="reshare-kcv">
              {view.recombined.kcv}
            </span>{' '}
            matches the record (rebuilt from shares {view.recombined.used.join(', ')}). Split it
            again for the new custodians: each then sees only their own new share.
          </p>
        </div>
      ) : (
        <EntryTurns
          view={view}
          prefix="reshare-old"
          enoughLabel="Enough shares are in: rebuild the wrap key"
          actions={{
            sending,
            beginTurn: (custodian) => intents.beginTurn(custodian),
            submitShare: (entry) => intents.submitShare(entry),
            abandonTurn: (reason) => intents.abandonTurn(reason),
            nextCustodian: () => intents.nextCustodian(),
          }}
        />
      );
    case 'new-shares':
    case 'verification':
      return <NewShareTurns />;
    case 'finished':
      return (
        <div className="ceremony-step" data-testid="reshare-finished">
          <FocusHeading testId="reshare-finished-title">The new share set is recorded</FocusHeading>
          <p data-testid="reshare-summary">{view.summary}</p>
          <p className="notice notice--problem" data-testid="reshare-old-still-work">
            {view.oldSharesStillWork}
          </p>
          <p>
            Transcript head:{' '}
            <span className="mono" data-testid="reshare-transcript-head">
              {view.transcriptHead}
            </span>
          </p>
        </div>
      );
  }
}

/** The new custodians' turns on the initialization's own screens, through the bridge. */
function NewShareTurns() {
  const store = useReshareStore();
  const intents = useReshareIntents();
  const [bridge] = useState(() => {
    const [mirror, stop] = mirrorAsInit(store);
    return { mirror, stop, intents: initIntentsFor(mirror, intents) };
  });
  useEffect(() => () => bridge.stop(), [bridge]);
  const snapshot = useReshareState((state) => state.snapshot);
  const view = snapshot?.view;
  return (
    <InitProvider store={bridge.mirror} intents={bridge.intents}>
      {view?.step === 'new-shares' ? (
        <SharesStep view={view.turns} />
      ) : view?.step === 'verification' ? (
        <VerificationStep view={view.round} />
      ) : null}
    </InitProvider>
  );
}

function PlanForm({
  plan,
  errors,
  snapshot,
}: {
  plan: ResharePlan | undefined;
  errors: readonly { field?: string | undefined; message: string }[];
  snapshot: ReshareSnapshot;
}) {
  const intents = useReshareIntents();
  const sending = useReshareSending();
  const [names, setNames] = useState((plan?.custodians ?? []).join('\n'));
  const [threshold, setThreshold] = useState(String(plan?.threshold ?? ''));
  const [format, setFormat] = useState(
    plan?.shareFormat ?? snapshot.ceremony?.shareFormat ?? 'yubihsm-setup',
  );
  const [confirmation, setConfirmation] = useState(plan?.shareConfirmation ?? 'spot-check');
  const [verification, setVerification] = useState(plan?.verificationRound ?? false);
  const check = () => {
    const custodians = names
      .split('\n')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    void intents.setPlan({
      custodians: custodians.length > 0 ? custodians : [''],
      threshold: Number.parseInt(threshold, 10) || 0,
      shareFormat: format,
      shareConfirmation: confirmation,
      verificationRound: verification,
    });
  };
  return (
    <form
      className="ceremony-step"
      data-testid="reshare-plan"
      onSubmit={(event) => {
        event.preventDefault();
        check();
      }}
    >
      {snapshot.ceremony && (
        <p data-testid="reshare-current-set">
          Now: {snapshot.ceremony.threshold} of {snapshot.ceremony.shareCount} shares, held by{' '}
          {snapshot.ceremony.custodians.map((c) => c.name).join(', ')}.
        </p>
      )}
      <p className="field">
        <label htmlFor="reshare-custodians">New custodians, one name per line</label>
        <textarea
          id="reshare-custodians"
          data-testid="reshare-custodians"
          value={names}
          rows={6}
          onChange={(e) => setNames(e.target.value)}
        />
      </p>
      <p className="field">
        <label htmlFor="reshare-threshold">
          Threshold: how many new shares rebuild the wrap key
        </label>
        <input
          id="reshare-threshold"
          data-testid="reshare-threshold"
          inputMode="numeric"
          value={threshold}
          onChange={(e) => setThreshold(e.target.value)}
        />
      </p>
      <p className="field">
        <label htmlFor="reshare-format">Share format</label>
        <select
          id="reshare-format"
          data-testid="reshare-format"
          value={format}
          onChange={(e) => setFormat(e.target.value as typeof format)}
        >
          <option value="yubihsm-setup">yubihsm-setup (K-X-base64)</option>
          <option value="yubihsm-manager">yubihsm-manager (T-X-hex)</option>
        </select>
      </p>
      <p className="field">
        <label htmlFor="reshare-confirmation">
          How each new custodian proves the share was recorded
        </label>
        <select
          id="reshare-confirmation"
          data-testid="reshare-confirmation"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value as typeof confirmation)}
        >
          <option value="spot-check">Spot check: two groups typed back</option>
          <option value="full">Every line typed back</option>
          <option value="none">No check</option>
        </select>
      </p>
      <p className="field">
        <label>
          <input
            type="checkbox"
            data-testid="reshare-verification"
            checked={verification}
            onChange={(e) => setVerification(e.target.checked)}
          />{' '}
          Verification round: every new custodian types their share back
        </label>
      </p>
      {errors.length > 0 && (
        <ul className="notice notice--problem" data-testid="reshare-plan-errors" role="alert">
          {errors.map((error) => (
            <li key={`${error.field ?? ''}${error.message}`}>{error.message}</li>
          ))}
        </ul>
      )}
      {plan && errors.length === 0 && (
        <p className="notice" data-testid="reshare-plan-ok">
          {plan.threshold} of {plan.custodians.length}: {plan.custodians.join(', ')}.
        </p>
      )}
      <button type="submit" className="button" data-testid="reshare-plan-check" disabled={sending}>
        Check the plan
      </button>
    </form>
  );
}
