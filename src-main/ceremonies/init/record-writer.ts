// ceremony.json for an initialization (shared/records/ceremony-record.ts): written when the
// shares are made (status in-progress, stage "shares"), moved to stage "device" before the
// first device command, and finished with the inventory, the .yhw files and the outcome. It
// holds the plan without passwords, the wrap key's policy and check value and one salted
// commitment per custodian — never a share, a password or key bytes.

import type {
  CeremonyRecord,
  CeremonyStatus,
  ObjectRecord,
  WrappedFileRecord,
} from '../../../shared/records/ceremony-record';
import { RECORD_FORMAT } from '../../../shared/records/ceremony-record';
import { domainsList } from '../../hsm/yubihsm/protocol/domains';
import type { SerialFolder } from './serial-folder';
import type { ShareCommitment } from '../../secrets/commitments';
import { maskText } from '../common/objects';
import { WRAP_KEY_LABEL, type ResolvedPlan } from './resolved-plan';

export interface InitialRecordInput {
  id: string;
  resolved: ResolvedPlan;
  kcv: string;
  commitments: readonly ShareCommitment[];
  startedAt: Date;
  toolVersion: string;
}

export function initialRecord(input: InitialRecordInput): CeremonyRecord {
  const { resolved, kcv } = input;
  const { plan, capabilities, primary } = resolved;
  return {
    format: RECORD_FORMAT,
    id: input.id,
    name: plan.ceremony,
    kind: 'yubihsm2-initialize',
    rehearsal: primary.simulated,
    status: 'in-progress',
    stage: 'shares',
    startedAt: input.startedAt.toISOString(),
    tool: { name: 'Custos', version: input.toolVersion },
    plan: JSON.parse(JSON.stringify(plan)) as Record<string, unknown>,
    primary: {
      serial: primary.serial,
      firmware: primary.firmware,
      transport: primary.transport,
      simulated: primary.simulated,
    },
    wrapKey: {
      id: plan.wrapKey.id,
      label: WRAP_KEY_LABEL,
      algorithm: 'aes256-ccm-wrap',
      domains: domainsList(resolved.domains),
      capabilities: maskText(capabilities.wrapKey),
      delegatedCapabilities: maskText(capabilities.wrapKeyDelegated),
      kcv,
      shareFormat: plan.shareFormat,
      threshold: plan.threshold,
      shareCount: plan.custodians.length,
    },
    custodians: plan.custodians.map((name, index) => ({
      index: index + 1,
      name,
      commitment: input.commitments[index]!,
    })),
    inventory: [],
    files: [],
  };
}

/** Adds (or replaces, on a retry) a .yhw file's entry. */
export function withFile(
  files: readonly WrappedFileRecord[],
  file: WrappedFileRecord,
): WrappedFileRecord[] {
  return [...files.filter((entry) => entry.file !== file.file), file];
}

export async function markDeviceStage(folder: SerialFolder): Promise<void> {
  await folder.update((record) => ({ ...record, stage: 'device' }));
}

export async function markStopped(
  folder: SerialFolder,
  status: Extract<CeremonyStatus, 'abandoned' | 'failed'>,
  reason: string,
  at: Date,
): Promise<void> {
  await folder.log(status === 'abandoned' ? 'ceremony-abandoned' : 'ceremony-failed', {
    reason,
    stage: folder.record.stage,
  });
  await folder.update((record) => ({
    ...record,
    status,
    statusReason: reason,
    finishedAt: at.toISOString(),
  }));
}

export async function markCompleted(
  folder: SerialFolder,
  inventory: ObjectRecord[],
  at: Date,
): Promise<void> {
  await folder.log('ceremony-completed', {
    kcv: folder.record.wrapKey?.kcv,
    objects: inventory.length,
    files: folder.record.files.map((file) => file.file),
  });
  await folder.update((record) => ({
    ...record,
    status: 'completed',
    stage: 'finished',
    finishedAt: at.toISOString(),
    inventory,
  }));
}
