import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { WizardState, WizardTable } from '../../shared/ceremony/wizard';
import { back, findStep, next, position } from '../../shared/ceremony/wizard';
import { CancelDialog } from './CancelDialog';
import { backHint, nextHint } from './hints';
import { StepList } from './StepList';

export interface WizardShellProps<Id extends string> {
  /** The ceremony's name: "Initialize primary". */
  readonly ceremony: string;
  readonly table: WizardTable<Id>;
  readonly state: WizardState<Id>;
  readonly onMove: (state: WizardState<Id>) => void;
  /** Why the step cannot go on yet, in a sentence; null when Next may be pressed. */
  readonly blockedReason: string | null;
  /** Called by Finish on the last step; without it Finish stays disabled. */
  readonly onFinish?: () => void;
  readonly cancelWarning: string;
  readonly onCancelled: () => void;
  readonly children: ReactNode;
}

/**
 * The frame every ceremony runs in: step list, the step's title and content, Back / Next, and
 * Cancel behind a confirmation. The moves come from the ceremony's step table.
 */
export function WizardShell<Id extends string>(props: WizardShellProps<Id>) {
  const {
    ceremony,
    table,
    state,
    onMove,
    blockedReason,
    onFinish,
    cancelWarning,
    onCancelled,
    children,
  } = props;
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const step = findStep(table, state.current);
  const { index, count } = position(table, state);
  const forward = next(table, state);
  const backward = back(table, state);
  const isLast = !forward.moved && forward.reason === 'last-step';
  const nextBlocked = nextHint(table, forward, blockedReason, onFinish !== undefined);
  const hint = [nextBlocked, backHint(table, backward)].filter(
    (line): line is string => line !== null,
  );

  // Keyboard and screen-reader users land on the new step's title, not on a stale button.
  const currentId = state.current;
  useEffect(() => {
    heading.current?.focus();
  }, [currentId]);

  return (
    <div className="wizard" data-testid="wizard" data-step-id={state.current}>
      <p className="wizard__ceremony">{ceremony}</p>
      <div className="wizard__body">
        <StepList table={table} state={state} />
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
          <div className="wizard__content">{children}</div>
        </section>
      </div>
      <footer className="wizard__actions">
        <button
          type="button"
          className="button button--quiet"
          data-testid="wizard-cancel"
          onClick={() => setConfirmingCancel(true)}
        >
          Cancel
        </button>
        {hint.length > 0 && (
          <div className="wizard__hint" id="wizard-hint" aria-live="polite">
            {hint.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        )}
        <button
          type="button"
          className="button"
          data-testid="wizard-back"
          disabled={!backward.moved}
          aria-describedby={hint.length > 0 ? 'wizard-hint' : undefined}
          onClick={() => backward.moved && onMove(backward.state)}
        >
          Back
        </button>
        <button
          type="button"
          className="button button--primary"
          data-testid="wizard-next"
          disabled={nextBlocked !== null}
          aria-describedby={hint.length > 0 ? 'wizard-hint' : undefined}
          onClick={() => {
            if (forward.moved) onMove(forward.state);
            else if (isLast) onFinish?.();
          }}
        >
          {isLast ? 'Finish' : 'Next'}
        </button>
      </footer>
      <CancelDialog
        open={confirmingCancel}
        warning={cancelWarning}
        onDismiss={() => setConfirmingCancel(false)}
        onConfirm={() => {
          setConfirmingCancel(false);
          onCancelled();
        }}
      />
    </div>
  );
}
