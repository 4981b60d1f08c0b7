import type { WizardStep } from '../../../shared/ceremony/wizard';

/**
 * Stands in the body of a step whose engine is not written yet, and says so plainly: a person
 * walking through must never think a key was made or a share was dealt.
 */
export function StepPlaceholder<Id extends string>({ step }: { step: WizardStep<Id> }) {
  return (
    <div className="step-placeholder" data-testid="step-placeholder">
      <p className="step-placeholder__summary">{step.summary}</p>
      <p className="notice notice--unbuilt">
        <strong>Not built yet.</strong> This step’s work has not been added to Custos. Nothing happens here: no key is
        created, no share is shown, and nothing is written to a device or to a ceremony folder. Next only moves through the
        steps so the ceremony’s frame can be tried.
      </p>
    </div>
  );
}
