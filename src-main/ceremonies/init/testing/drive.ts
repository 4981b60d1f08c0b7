// Test support: drives the engine as the screens would — choose the primary, fill the plan,
// type the passwords, review, begin, each custodian's turn (reading the share off the reveal
// snapshot and re-typing what the confirm phase asks), the verification round, the device steps.

import type { InitPlanInput } from '../../../../shared/ceremony/init-plan';
import type { InitSnapshot } from '../../../../shared/ceremony/init-snapshot';
import type { InitEngine } from '../init-engine';
import { confirmationAnswers } from '../share-answers';

export interface DrivePlan {
  plan: InitPlanInput;
  applicationPassword: string;
  auditPassword?: string;
  folder: string;
}

export function view<S extends InitSnapshot['view']['step']>(
  snapshot: InitSnapshot | null,
  step: S,
): Extract<InitSnapshot['view'], { step: S }> {
  if (!snapshot) throw new Error('no ceremony');
  if (snapshot.view.step !== step)
    throw new Error(
      `expected the ${step} step, the ceremony is at ${snapshot.view.step}${snapshot.problem ? `: ${snapshot.problem.message}` : ''}`,
    );
  return snapshot.view as Extract<InitSnapshot['view'], { step: S }>;
}

export async function driveToReview(
  engine: InitEngine,
  deviceId: string,
  input: DrivePlan,
): Promise<InitSnapshot> {
  await engine.start();
  const checked = await engine.choosePrimary(deviceId);
  const primary = view(checked, 'preflight').primary;
  if (primary?.state !== 'factory-fresh')
    throw new Error(`the primary is ${primary?.state ?? 'unknown'}`);
  await engine.toPlan();
  await engine.updatePlan(input.plan as Record<string, unknown>);
  await engine.setPassword('application', input.applicationPassword, input.applicationPassword);
  if (input.auditPassword !== undefined)
    await engine.setPassword('audit', input.auditPassword, input.auditPassword);
  await engine.setFolder(input.folder);
  const review = await engine.toReview();
  view(review, 'review');
  return review;
}

/** Every custodian's turn; returns the canonical shares in custodian order. */
export async function driveShares(engine: InitEngine): Promise<string[]> {
  const shares: string[] = [];
  for (;;) {
    const reveal = await engine.revealShare();
    shares.push(view(reveal, 'shares').share!.canonical);
    const recorded = await engine.shareRecorded();
    if (view(recorded, 'shares').phase === 'confirm') {
      const confirmed = await engine.confirmShare(confirmationAnswers(reveal, recorded));
      if (view(confirmed, 'shares').phase !== 'cleared')
        throw new Error(`the share was not confirmed: ${confirmed.problem?.message}`);
    }
    const next = await engine.nextCustodian();
    if (next.view.step !== 'shares') return shares;
  }
}

export async function driveVerification(
  engine: InitEngine,
  shares: readonly string[],
): Promise<InitSnapshot> {
  let snapshot: InitSnapshot | null = engine.current();
  for (const share of shares) {
    await engine.revealShare();
    snapshot = await engine.enterVerificationShare(share);
    if (view(snapshot, 'verification').phase !== 'cleared')
      throw new Error(`the verification share was refused: ${snapshot.problem?.message}`);
    snapshot = await engine.nextCustodian();
  }
  return snapshot!;
}

export async function runDeviceSteps(engine: InitEngine): Promise<InitSnapshot> {
  await engine.runDeviceSteps();
  await engine.idle();
  return engine.current()!;
}
