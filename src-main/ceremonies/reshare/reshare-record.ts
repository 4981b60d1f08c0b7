// What a reshare writes into the ceremony folder (issue 12 §2). Completed: the new set's
// commitments become the record's custodians (and its threshold, count and format the wrap key's),
// the old set moves to `supersededShareSets`, and a `reshares` entry says plainly that the old
// shares still rebuild the wrap key. Never completed: only the `reshares` entry, saying which new
// shares were shown; the old set stays the current one. Each write is atomic; never a share.

import { OLD_SHARES_STILL_WORK } from '../../../shared/ceremony/audit-snapshot';
import type { CeremonyRecord, ReshareRecord } from '../../../shared/records/ceremony-record';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import type { ShareCommitment } from '../../secrets';
import type { ResolvedReshare } from './reshare-plan';

export interface ReshareFacts {
  startedAt: Date;
  fromShareNumbers: number[];
  kcv: string;
  plan: ResolvedReshare;
  sharesShown: number[];
}

function entry(
  facts: ReshareFacts,
  finishedAt: Date,
  status: ReshareRecord['status'],
  statusReason?: string,
): ReshareRecord {
  return {
    startedAt: facts.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    status,
    ...(statusReason ? { statusReason } : {}),
    fromShareNumbers: [...facts.fromShareNumbers],
    kcv: facts.kcv,
    shareFormat: facts.plan.format,
    threshold: facts.plan.threshold,
    custodians: facts.plan.custodians.map((name, i) => ({ index: i + 1, name })),
    sharesShown: [...facts.sharesShown],
    verificationRound: facts.plan.verificationRound,
    note: OLD_SHARES_STILL_WORK,
  };
}

/** The record as it will read once the new set is current (the share sheets are made from it). */
export function withNewSet(
  record: CeremonyRecord,
  plan: ResolvedReshare,
  commitments: readonly ShareCommitment[],
): CeremonyRecord {
  return {
    ...record,
    custodians: plan.custodians.map((name, i) => ({
      index: i + 1,
      name,
      commitment: { ...commitments[i]! },
    })),
    wrapKey: {
      ...record.wrapKey!,
      threshold: plan.threshold,
      shareCount: plan.custodians.length,
      shareFormat: plan.format,
    },
  };
}

export async function logReshareStarted(
  folder: CeremonyFolder,
  facts: ReshareFacts,
): Promise<void> {
  await folder.log('reshare-started', {
    fromShareNumbers: facts.fromShareNumbers,
    kcv: facts.kcv,
    custodians: facts.plan.custodians,
    threshold: facts.plan.threshold,
    format: facts.plan.format,
  });
}

export async function recordReshareCompleted(
  folder: CeremonyFolder,
  facts: ReshareFacts,
  commitments: readonly ShareCommitment[],
  finishedAt: Date,
): Promise<void> {
  const old = folder.record;
  await folder.log('share-set-superseded', {
    threshold: old.wrapKey!.threshold,
    shareCount: old.wrapKey!.shareCount,
    custodians: old.custodians.map((c) => c.name),
    note: OLD_SHARES_STILL_WORK,
  });
  await folder.log('reshare-completed', {
    threshold: facts.plan.threshold,
    count: facts.plan.custodians.length,
    format: facts.plan.format,
    kcv: facts.kcv,
  });
  await folder.update((record) => ({
    ...withNewSet(record, facts.plan, commitments),
    supersededShareSets: [
      ...(record.supersededShareSets ?? []),
      {
        supersededAt: finishedAt.toISOString(),
        shareFormat: record.wrapKey!.shareFormat,
        threshold: record.wrapKey!.threshold,
        shareCount: record.wrapKey!.shareCount,
        custodians: record.custodians,
        note: OLD_SHARES_STILL_WORK,
      },
    ],
    reshares: [...(record.reshares ?? []), entry(facts, finishedAt, 'completed')],
  }));
}

/** The reshare stopped before every new share was confirmed: the old set stays current. */
export async function recordReshareNeverCompleted(
  folder: CeremonyFolder,
  facts: ReshareFacts,
  reason: string,
  finishedAt: Date,
): Promise<void> {
  const statusReason = `${reason} The new set was never completed: the old shares stay the current set${facts.sharesShown.length > 0 ? `, and the new shares shown (${facts.sharesShown.join(', ')}) must be destroyed` : ''}.`;
  await folder.log('reshare-never-completed', {
    reason: statusReason,
    sharesShown: facts.sharesShown,
  });
  await folder.update((record) => ({
    ...record,
    reshares: [
      ...(record.reshares ?? []),
      entry(facts, finishedAt, 'never-completed', statusReason),
    ],
  }));
}
