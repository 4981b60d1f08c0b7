import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import { DeviceStepsStep } from './device-steps/DeviceStepsStep';
import { PlanStep } from './plan/PlanStep';
import { PreflightStep } from './preflight/PreflightStep';
import { RecordStep } from './record/RecordStep';
import { ReviewStep } from './review/ReviewStep';
import { SharesStep } from './shares/SharesStep';
import { VerificationStep } from './verification/VerificationStep';

/** The current step's screen, from the view main sent for it. */
export function StepBody({ snapshot }: { snapshot: InitSnapshot }) {
  const view = snapshot.view;
  switch (view.step) {
    case 'preflight':
      return <PreflightStep view={view} />;
    case 'plan':
      return <PlanStep view={view} rehearsal={snapshot.primary?.simulated ?? false} />;
    case 'review':
      return <ReviewStep view={view} />;
    case 'shares':
      return <SharesStep view={view} />;
    case 'verification':
      return <VerificationStep view={view} />;
    case 'device-steps':
      return <DeviceStepsStep view={view} />;
    case 'record':
      return <RecordStep view={view} />;
  }
}
