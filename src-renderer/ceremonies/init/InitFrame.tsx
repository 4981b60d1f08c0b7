import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import { INIT_STEPS } from '../../../shared/ceremony/init-steps';
import type { InitStepId } from '../../../shared/ceremony/init-steps';
import type { WizardState } from '../../../shared/ceremony/wizard';
import type { StepDevice } from '../../components/CeremonyFrame';
import { CeremonyFrame } from '../../components/CeremonyFrame';
import type { DeviceChoice } from '../../device-gate/step-gate';
import { CeremonyNotices, StoppedNotice } from '../../components/CeremonyNotices';
import type { ForwardIntent as InitForwardIntent } from './frame-actions';
import { canCancel, canGoBack, cancelWarning, forwardAction } from './frame-actions';
import { useIntents, useInitState, useInitNotices } from './init-context';
import { preflightDevice } from './preflight/PreflightStep';
import { StepBody } from './StepBody';

const FIRST: WizardState<InitStepId> = { current: 'preflight', done: [], skipped: [] };
const BEFORE_SHARES: readonly InitStepId[] = ['preflight', 'plan', 'review'];

/**
 * The initialization ceremony in the frame every ceremony uses (CeremonyFrame): step list, the
 * step's title and notices, its screen, and the footer (Cancel behind a confirmation, Back where
 * main allows it, the step's one forward action). Everything comes from main's latest snapshot;
 * the frame only asks.
 */
export function InitFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useIntents();
  const snapshot = useInitState((state) => state.snapshot);
  const notices = useInitNotices();

  const leave = async () => {
    // Main forgets an ended ceremony; one that never started (no snapshot) has nothing to close.
    if (!snapshot || (await intents.close())) onLeave();
  };
  const cancel = async () => {
    if (!snapshot) return onLeave();
    const after = await intents.cancel();
    // Stopped before anything was made: nothing to read, so straight home. Otherwise the
    // stopped screen says what the shares and the device are now worth.
    if (after?.stopped && BEFORE_SHARES.includes(after.steps.current)) await leave();
  };
  const forward = async (intent: InitForwardIntent): Promise<void> => {
    switch (intent) {
      case 'to-plan':
        await intents.toPlan();
        return;
      case 'to-review':
        await intents.toReview();
        return;
      case 'begin':
        await intents.begin();
        return;
      case 'leave-verification':
        await intents.nextCustodian();
        return;
      case 'run-device-steps':
        await intents.runDeviceSteps();
        return;
      case 'done':
        await leave();
        return;
    }
  };

  return (
    <CeremonyFrame
      ceremony="Initialize primary (YubiHSM 2)"
      ceremonyId="init"
      table={INIT_STEPS}
      steps={snapshot?.steps ?? FIRST}
      rehearsal={snapshot?.rehearsal ?? false}
      notices={
        <CeremonyNotices
          {...notices}
          problem={snapshot && !saidInPlace(snapshot) ? snapshot.problem : undefined}
        />
      }
      forward={snapshot ? forwardAction(snapshot) : null}
      onForward={forward}
      airGapWarnings={snapshot?.airGapWarnings}
      canGoBack={snapshot !== null && canGoBack(snapshot)}
      onBack={() => intents.back()}
      cancelWarning={snapshot === null || canCancel(snapshot) ? cancelWarning(snapshot) : null}
      onCancel={cancel}
      busy={Boolean(snapshot?.busy)}
      device={(choice) => (snapshot ? stepDevice(snapshot, choice, intents) : null)}
    >
      {snapshot?.stopped ? (
        <InitStopped stopped={snapshot.stopped} onClose={() => void leave()} />
      ) : snapshot ? (
        <StepBody snapshot={snapshot} />
      ) : (
        notices.connection.kind === 'opening' && <p role="status">Starting the ceremony…</p>
      )}
    </CeremonyFrame>
  );
}

/** The device the frame's gate needs on this step: the primary, chosen on the preflight. */
function stepDevice(
  snapshot: InitSnapshot,
  choice: DeviceChoice,
  intents: ReturnType<typeof useIntents>,
): StepDevice | null {
  if (snapshot.steps.current === 'preflight')
    return preflightDevice(snapshot, choice, (deviceId) => intents.choosePrimary(deviceId));
  if (snapshot.steps.current !== 'device-steps') return null;
  return {
    requirement: {
      role: 'the primary YubiHSM 2',
      serial: snapshot.primary?.serial ?? null,
      accept: [],
    },
  };
}

/** The share check says a refused entry under its entries, where the focus is. */
function saidInPlace(snapshot: InitSnapshot): boolean {
  return (
    snapshot.steps.current === 'shares' && /^entries\.\d+$/.test(snapshot.problem?.field ?? '')
  );
}

/** The ceremony ended without completing: why, and what that means for the device and the shares. */
function InitStopped({
  stopped,
  onClose,
}: {
  stopped: NonNullable<InitSnapshot['stopped']>;
  onClose: () => void;
}) {
  return (
    <StoppedNotice
      title={stopped.status === 'failed' ? 'This ceremony failed' : 'This ceremony was stopped'}
      reason={stopped.reason}
      device={
        stopped.deviceTouched
          ? 'The primary was written to before the ceremony stopped.'
          : 'Nothing was written to the primary.'
      }
      status={stopped.status}
      deviceTouched={stopped.deviceTouched}
      onClose={onClose}
    />
  );
}
