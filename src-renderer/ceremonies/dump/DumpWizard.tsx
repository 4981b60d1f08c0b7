import { useEffect, useState } from 'react';
import type { DumpSnapshot, DumpStepId } from '../../../shared/ceremony/dump-session';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import { CeremonyNotices } from '../../components/CeremonyNotices';
import { findCustos } from '../../bridge';
import { useNavigation } from '../../stores/context';
import { createCeremonyStore, openCeremony } from '../../stores/ceremony-store';
import type { CeremonyStore } from '../../stores/ceremony-store';
import { DumpProvider, useDumpIntents, useDumpState } from './dump-context';
import { DumpStepBody } from './DumpSteps';
import type { DumpApi } from './intents';
import { DumpIntents } from './intents';
import type { DumpForwardIntent } from './frame-actions';
import { cancelWarning, forwardAction } from './frame-actions';
import { DUMP_STEPS } from '../../../shared/ceremony/dump-steps';

const FIRST: WizardState<DumpStepId> = { current: 'source', done: [], skipped: [] };

/** A back-up that finished is not picked up again when the screen reopens. */
export function isDumpOver(snapshot: DumpSnapshot): boolean {
  return snapshot.view.step === 'export' && snapshot.view.finished;
}

export function openDump(store: CeremonyStore<DumpSnapshot>, api: DumpApi): () => void {
  return openCeremony(store, {
    subscribe: (listener) => api.on('dump/snapshot', listener),
    current: () => api.dumpCurrent({}),
    start: () => api.dumpStart({}),
    isOver: isDumpOver,
    what: 'the back-up',
  });
}

/** Back up (dump): opens the back-up in main (or picks up the one under way) and renders its frame. */
export function DumpWizard({ api = findCustos() }: { api?: DumpApi | null }) {
  const { goHome } = useNavigation();
  const [store] = useState(() => createCeremonyStore<DumpSnapshot>());
  const [intents] = useState(() => (api ? new DumpIntents(store, api) : null));
  useEffect(() => {
    if (!api) {
      store.setState({ connection: { kind: 'failed', message: 'This window was not opened by Custos, so it cannot run a back-up.' } });
      return;
    }
    return openDump(store, api);
  }, [api, store]);
  if (!intents) return null;
  return (
    <DumpProvider store={store} intents={intents}>
      <DumpFrame onLeave={goHome} />
    </DumpProvider>
  );
}

export function DumpFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useDumpIntents();
  const snapshot = useDumpState((state) => state.snapshot);
  const connection = useDumpState((state) => state.connection);
  const refusal = useDumpState((state) => state.refusal);
  // Which existing files the backup officer chose to replace: a view choice, sent with `run`.
  const [replace, setReplace] = useState<ReadonlySet<string>>(new Set());
  const leave = async () => {
    if (!snapshot || (await intents.close())) onLeave();
  };
  const forward = async (intent: DumpForwardIntent) => {
    if (intent === 'run') await intents.run([...replace]);
    else await leave();
  };
  const cancel = async () => {
    if (!snapshot) return onLeave();
    // The back-up has no stopped screen: a cancelled back-up is closed and the screen goes home.
    if (await intents.cancel()) await leave();
  };
  return (
    <CeremonyFrame
      ceremony="Back up (dump)"
      ceremonyId="dump"
      table={DUMP_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={<CeremonyNotices connection={connection} busy={snapshot?.busy} problem={snapshot?.problem} refusal={refusal} />}
      forward={snapshot ? forwardAction(snapshot) : null}
      onForward={forward}
      canGoBack={false}
      onBack={async () => undefined}
      cancelWarning={cancelWarning(snapshot)}
      onCancel={cancel}
      busy={Boolean(snapshot?.busy)}
    >
      {snapshot ? (
        <DumpStepBody
          snapshot={snapshot}
          replace={replace}
          onReplace={(file, chosen) =>
            setReplace((previous) => {
              const next = new Set(previous);
              if (chosen) next.add(file);
              else next.delete(file);
              return next;
            })
          }
        />
      ) : (
        connection.kind === 'opening' && <p role="status">Starting the back-up…</p>
      )}
    </CeremonyFrame>
  );
}
