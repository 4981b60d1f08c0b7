// The reshare's plan (issue 12 §2): the new custodians and threshold, and optionally the share
// format, the confirmation policy and the verification round of an init plan. What the plan
// leaves out comes from the ceremony: its share format and check, its hide period. The same
// rules as day one (checkPlan): thresholds 2..N, at most 9 yubihsm-setup shares, distinct names.

import { ResharePlanSchema, type ResharePlan } from '../../../shared/ceremony/audit-snapshot';
import { checkPlan, type PlanProblem, type ShareFormat } from '../../../shared/ceremony/init-plan';
import type { CeremonyRecord } from '../../../shared/records/ceremony-record';
import type { ConfirmationMode } from '../init/share-turns';

export interface ResolvedReshare {
  custodians: string[];
  threshold: number;
  format: ShareFormat;
  confirmation: ConfirmationMode;
  verificationRound: boolean;
}

export type PlanReading =
  { ok: true; plan: ResolvedReshare } | { ok: false; errors: PlanProblem[] };

function recordedConfirmation(record: CeremonyRecord): ConfirmationMode {
  const value = record.plan.shareConfirmation;
  return value === 'full' || value === 'none' || value === 'spot-check' ? value : 'spot-check';
}

/** Reads a plan (from the screen or a JSON file) against the ceremony it reshares. */
export function readResharePlan(input: unknown, record: CeremonyRecord): PlanReading {
  const parsed = ResharePlanSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || 'plan',
        message:
          issue.code === 'unrecognized_keys'
            ? `the reshare plan has ${issue.keys.map((k) => `"${k}"`).join(', ')}, which it does not know; it takes custodians, threshold, shareFormat, shareConfirmation and verificationRound`
            : issue.message,
      })),
    };
  const plan: ResharePlan = parsed.data;
  const format = plan.shareFormat ?? record.wrapKey!.shareFormat;
  const custodians = plan.custodians.map((name) => name.trim());
  const { errors } = checkPlan(
    { custodians, threshold: plan.threshold, shareFormat: format },
    { simulated: record.rehearsal },
  );
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    plan: {
      custodians,
      threshold: plan.threshold,
      format,
      confirmation: plan.shareConfirmation ?? recordedConfirmation(record),
      verificationRound: plan.verificationRound ?? false,
    },
  };
}

/** A plan's problems as one sentence (the CLI, and the screen's summary). */
export function planProblems(errors: readonly PlanProblem[]): string {
  return `The reshare plan cannot be used: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}.`;
}
