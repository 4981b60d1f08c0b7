import { useEffect, useRef, useState } from 'react';
import type { InitSnapshot } from '../../../shared/ceremony/init-session';
import { INIT_STEPS } from '../../../shared/ceremony/init-steps';
import type { InitStepId } from '../../../shared/ceremony/init-steps';
import type { WizardState } from '../../../shared/ceremony/wizard';
import { findStep, position } from '../../../shared/ceremony/wizard';
import { useReportCeremonyRehearsal } from '../../stores/context';
import { CancelDialog } from '../../wizard/CancelDialog';
import { StepList } from '../../wizard/StepList';
import type { ForwardAction } from './frame-actions';
import { canCancel, canGoBack, cancelWarning, forwardAction } from './frame-actions';
import { useIntents, useInitState } from './init-context';
import { InitNotices, StoppedNotice } from './InitNotices';
import { StepBody } from './StepBody';

const FIRST: WizardState<InitStepId> = { current: 'preflight', done: [], skipped: [] };
const BEFORE_SHARES: readonly InitStepId[] = ['preflight', 'plan', 'review'];

/**
 * The frame of the initialization ceremony: step list, the step's title and notices, its screen,
 * and the footer (Cancel behind a confirmation, Back where main allows it, the step's one
 * forward action). Everything comes from main's latest snapshot; the frame only asks.
 */
export function InitFrame({ onLeave }: { onLeave: () => void }) {
  const intents = useIntents();
  const snapshot = useInitState((state) => state.snapshot);
  const connection = useInitState((state) => state.connection);
  const refusal = useInitState((state) => state.refusal);
  const refused = useInitState((state) => state.refused);
  const [moving, setMoving] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const steps: WizardState<InitStepId> = snapshot?.steps ?? FIRST;
  useReportCeremonyRehearsal(snapshot?.rehearsal ?? false);
  const step = findStep(INIT_STEPS, steps.current);
  const { index, count } = position(INIT_STEPS, steps);

  const current = steps.current;
  useEffect(() => {
    heading.current?.focus();
  }, [current]);

  const leave = async () => {
    // Main forgets an ended ceremony; one that never started (no snapshot) has nothing to close.
    if (!snapshot || (await intents.close())) onLeave();
  };
  const cancel = async () => {
    setConfirmingCancel(false);
    if (!snapshot) return onLeave();
    const after = await intents.cancel();
    // Stopped before anything was made: nothing to read, so straight home. Otherwise the
    // stopped screen says what the shares and the device are now worth.
    if (after?.stopped && BEFORE_SHARES.includes(after.steps.current)) await leave();
  };
  // Only the frame's own moves wait for their answer; typing in the plan does not grey them out.
  const move = async (work: () => Promise<unknown>) => {
    setMoving(true);
    try {
      await work();
    } finally {
      setMoving(false);
    }
  };

  return (
    <div
      className="wizard init"
      data-testid="wizard"
      data-step-id={current}
      data-rehearsal={snapshot?.rehearsal}
    >
      <p className="wizard__ceremony">
        Initialize primary (YubiHSM 2)
        {snapshot?.rehearsal && <span className="tag tag--rehearsal">Rehearsal</span>}
      </p>
      <div className="wizard__body">
        <StepList table={INIT_STEPS} state={steps} />
        <section className="wizard__step" aria-labelledby="wizard-step-title">
          <p className="wizard__position">
            Step {index} of {count}
          </p>
          <h1
            id="wizard-step-title"
            className="wizard__title"
            tabIndex={-1}
            ref={heading}
            data-testid="wizard-step-title"
          >
            {step.title}
          </h1>
          {connection.kind === 'failed' && (
            <p className="notice notice--problem" data-testid="init-refusal" role="alert">
              {connection.message}
            </p>
          )}
          <InitNotices snapshot={snapshot} refusal={refusal} refused={refused} />
          <div className="wizard__content">
            {snapshot?.stopped ? (
              <StoppedNotice stopped={snapshot.stopped} onClose={() => void leave()} />
            ) : snapshot ? (
              <StepBody snapshot={snapshot} />
            ) : (
              connection.kind === 'opening' && <p role="status">Starting the ceremony…</p>
            )}
          </div>
        </section>
      </div>
      <Footer
        snapshot={snapshot}
        moving={moving}
        onCancel={() => setConfirmingCancel(true)}
        onBack={() => void move(() => intents.back())}
        onForward={(action) => void move(() => forward(action))}
      />
      <CancelDialog
        open={confirmingCancel}
        warning={cancelWarning(snapshot)}
        onDismiss={() => setConfirmingCancel(false)}
        onConfirm={() => void cancel()}
      />
    </div>
  );

  async function forward(action: ForwardAction): Promise<void> {
    switch (action.intent) {
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
  }
}

interface FooterProps {
  readonly snapshot: InitSnapshot | null;
  /** A move of the frame's is waiting for main's answer. */
  readonly moving: boolean;
  readonly onCancel: () => void;
  readonly onBack: () => void;
  readonly onForward: (action: ForwardAction) => void;
}

function Footer({ snapshot, moving, onCancel, onBack, onForward }: FooterProps) {
  const action = snapshot ? forwardAction(snapshot) : null;
  const back = snapshot !== null && canGoBack(snapshot);
  const cancellable = snapshot === null || canCancel(snapshot);
  const hint = action?.blocked ?? null;
  return (
    <footer className="wizard__actions">
      {cancellable && (
        <button
          type="button"
          className="button button--quiet"
          data-testid="wizard-cancel"
          onClick={onCancel}
        >
          Cancel
        </button>
      )}
      {hint && (
        <div className="wizard__hint" id="wizard-hint" aria-live="polite">
          <p>{hint}</p>
        </div>
      )}
      {back && (
        <button
          type="button"
          className="button"
          data-testid="wizard-back"
          disabled={moving}
          onClick={onBack}
        >
          Back
        </button>
      )}
      {action && (
        <button
          type="button"
          className="button button--primary button--large"
          data-testid="wizard-next"
          data-action={action.intent}
          disabled={action.blocked !== null || moving || Boolean(snapshot?.busy)}
          aria-describedby={hint ? 'wizard-hint' : undefined}
          onClick={() => onForward(action)}
        >
          {action.label}
        </button>
      )}
    </footer>
  );
}
