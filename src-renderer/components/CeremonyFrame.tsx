import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { WizardState, WizardTable } from '../../shared/ceremony/wizard';
import { findStep, position } from '../../shared/ceremony/wizard';
import type { DeviceChoice, StepDevice } from '../device-gate/step-gate';
import { DeviceChoiceProvider, NO_CHOICE, StepGate } from '../device-gate/step-gate';
import { useReportCeremonyRehearsal } from '../stores/context';
import { CancelDialog } from '../wizard/CancelDialog';
import { StepList } from '../wizard/StepList';

/** The one forward action of a step, worked out from the snapshot (each ceremony's frame-actions.ts). */
export interface ForwardAction<Intent extends string = string> {
  readonly intent: Intent;
  readonly label: string;
  /** Why it cannot be pressed yet, in a sentence; null when it can. */
  readonly blocked: string | null;
}

export type { StepDevice } from '../device-gate/step-gate';

export interface CeremonyFrameProps<Id extends string, Intent extends string> {
  /** "Restore secondary": the ceremony's name above the steps. */
  readonly ceremony: string;
  /** `data-ceremony` on the frame, for the end-to-end specs. */
  readonly ceremonyId: string;
  readonly table: WizardTable<Id>;
  readonly steps: WizardState<Id>;
  readonly rehearsal: boolean;
  /** The notices above the step's content (CeremonyNotices). */
  readonly notices: ReactNode;
  readonly children: ReactNode;
  readonly forward: ForwardAction<Intent> | null;
  readonly onForward: (intent: Intent) => Promise<unknown>;
  /** Back is offered (main allows it at this point). */
  readonly canGoBack: boolean;
  readonly onBack: () => Promise<unknown>;
  /** What cancelling means now; null when Cancel is not offered. */
  readonly cancelWarning: string | null;
  readonly onCancel: () => Promise<unknown>;
  /** Main is busy: no move may be sent. */
  readonly busy: boolean;
  /**
   * The device the current step works on, or how it is chosen; a function when it depends on
   * what the person did on this screen (chose a device, asked to choose another). When the step
   * table says the step needs a device (`needsDevice`), the frame places the device gate: in
   * front of the step's screen, or where the screen puts its <DeviceSlot> (`keeps`). Null: no
   * gate on this step as it stands.
   */
  readonly device?: StepDevice | null | ((choice: DeviceChoice) => StepDevice | null);
  /**
   * What main's air-gap survey at the ceremony's start found (the snapshot's airGapWarnings,
   * which EngineCore puts in every ceremony's snapshot): shown on the first step, the
   * ceremony's preflight, as a warning and never a block. Required, so no ceremony's frame can
   * leave it out (issue 14); undefined only before the first snapshot.
   */
  readonly airGapWarnings: readonly string[] | undefined;
}

/**
 * The frame of every ceremony (initialization, back-up, restore, verify, rotation, audit, reshare,
 * the DKEK ceremonies): the step list, the step's title and
 * notices, its screen, and the footer (Cancel behind a confirmation, Back where main allows it,
 * the step's one forward action). Everything comes from main's latest snapshot; the frame asks.
 */
export function CeremonyFrame<Id extends string, Intent extends string>(
  props: CeremonyFrameProps<Id, Intent>,
) {
  const {
    ceremony,
    ceremonyId,
    table,
    steps,
    rehearsal,
    notices,
    children,
    forward,
    canGoBack,
    cancelWarning,
    busy,
    device,
    airGapWarnings,
  } = props;
  const [moving, setMoving] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  // The person's device choice lasts as long as the step (the screen that offered it).
  const [choice, setChoice] = useState({ step: steps.current, ...NO_CHOICE });
  const heading = useRef<HTMLHeadingElement>(null);
  useReportCeremonyRehearsal(rehearsal);
  const step = findStep(table, steps.current);
  const { index, count } = position(table, steps);

  // Keyboard and screen-reader users land on the new step's title, not on a stale button.
  const current = steps.current;
  useEffect(() => {
    heading.current?.focus();
  }, [current]);

  // Only the frame's own moves wait for their answer.
  const move = async (work: () => Promise<unknown>) => {
    setMoving(true);
    try {
      await work();
    } finally {
      setMoving(false);
    }
  };
  const hint = forward?.blocked ?? null;

  // A new step starts with no choice (also on coming back to a step left earlier).
  if (choice.step !== current) setChoice({ step: current, ...NO_CHOICE });
  const choiceNow: DeviceChoice =
    choice.step === current ? { again: choice.again, chosen: choice.chosen } : NO_CHOICE;
  const wanted = typeof device === 'function' ? device(choiceNow) : device;
  const stepDevice: StepDevice | null =
    step.needsDevice && wanted
      ? {
          ...wanted,
          onChoose:
            wanted.onChoose &&
            ((chosen) => {
              setChoice({ step: current, again: false, chosen: chosen.id });
              wanted.onChoose?.(chosen);
            }),
        }
      : null;
  const choiceControls = {
    ...choiceNow,
    chooseAgain: () => setChoice({ step: current, again: true, chosen: choiceNow.chosen }),
  };

  return (
    <div
      className={`wizard ceremony ceremony--${ceremonyId}`}
      data-testid="wizard"
      data-ceremony={ceremonyId}
      data-step-id={current}
      data-rehearsal={rehearsal}
    >
      <p className="wizard__ceremony">
        {ceremony}
        {rehearsal && <span className="tag tag--rehearsal">Rehearsal</span>}
      </p>
      <div className="wizard__body">
        <StepList table={table} state={steps} />
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
          {notices}
          {current === table[0]?.id && airGapWarnings && airGapWarnings.length > 0 && (
            <AirGapWarnings warnings={airGapWarnings} />
          )}
          <div className="wizard__content">
            <DeviceChoiceProvider value={choiceControls}>
              {stepDevice ? (
                // A gate per step and device: "unplugged" means this step's device.
                <StepGate key={`${current}:${stepDevice.key ?? ''}`} device={stepDevice}>
                  {children}
                </StepGate>
              ) : (
                children
              )}
            </DeviceChoiceProvider>
          </div>
        </section>
      </div>
      <footer className="wizard__actions">
        {cancelWarning !== null && (
          <button
            type="button"
            className="button button--quiet"
            data-testid="wizard-cancel"
            onClick={() => setConfirmingCancel(true)}
          >
            Cancel
          </button>
        )}
        {hint && (
          <div className="wizard__hint" id="wizard-hint" aria-live="polite">
            <p>{hint}</p>
          </div>
        )}
        {canGoBack && (
          <button
            type="button"
            className="button"
            data-testid="wizard-back"
            disabled={moving || busy}
            onClick={() => void move(props.onBack)}
          >
            Back
          </button>
        )}
        {forward && (
          <button
            type="button"
            className="button button--primary button--large"
            data-testid="wizard-next"
            data-action={forward.intent}
            disabled={forward.blocked !== null || moving || busy}
            aria-describedby={hint ? 'wizard-hint' : undefined}
            onClick={() => void move(() => props.onForward(forward.intent))}
          >
            {forward.label}
          </button>
        )}
      </footer>
      <CancelDialog
        open={confirmingCancel}
        warning={cancelWarning ?? ''}
        onDismiss={() => setConfirmingCancel(false)}
        onConfirm={() => {
          setConfirmingCancel(false);
          void move(props.onCancel);
        }}
      />
    </div>
  );
}

/** The air-gap survey's findings on a ceremony's first screen: the person decides, knowingly. */
function AirGapWarnings({ warnings }: { warnings: readonly string[] }) {
  return (
    <div className="notice notice--warning" data-testid="air-gap-warnings" role="note">
      <p>
        <strong>This machine may not be air-gapped.</strong> Custos recorded what it found and
        records it again when the ceremony ends; you can go on knowingly.
      </p>
      <ul>
        {warnings.map((warning) => (
          <li key={warning} data-testid="air-gap-warning">
            {warning}
          </li>
        ))}
      </ul>
    </div>
  );
}
