// The back-up's and the clone's parts of a DKEK ceremony record (issue 10 "Back up", "Clone",
// "Verify"): ceremony.json (record.ts, shared/records/dkek-ceremony-record.ts) keeps room for
// them as `backups` and `clones`; their shape is defined here. A back-up lists which keys were
// wrapped into which file, under which DKEK (the blob's KCV), with which public key; a clone
// entry (`kind: 'restore'`) which shares went into which secondary and how each file went; a
// verification (`kind: 'verification'`) what the comparison and the signature proofs found. No
// share, password, PIN or key: check values, public keys and file digests only.

import { z } from 'zod';
import type { DkekCeremonyRecord } from '../../../shared/records/dkek-ceremony-record';
import { Refusal } from '../../refusal/refusal';

const Kcv = z.string().regex(/^[0-9A-F]{16}$/);
const Hex = z.string().regex(/^[0-9a-f]*$/);
const Iso = z.string().min(1).max(40);

export const CardRecordSchema = z.object({
  serial: z.string().max(64).optional(),
  version: z.string().max(80),
  simulated: z.boolean(),
});

export const BackedUpKeySchema = z.object({
  keyReference: z.number().int().min(1).max(255),
  label: z.string().max(256).optional(),
  type: z.string().max(64),
  certificateSubject: z.string().max(1024).optional(),
  /** SPKI DER hex: what the clone's signature is checked with. */
  publicKey: Hex.max(4096).optional(),
  file: z.string().min(1).max(255),
  fileSha256: Hex.length(64),
  /** The first 8 bytes of the blob: the DKEK it was wrapped under (spec §6). */
  blobKcv: Kcv,
});

export const NotWrappedSchema = z.object({
  keyReference: z.number().int().min(1).max(255),
  label: z.string().max(256).optional(),
  reason: z.string().max(1000),
});

export const BackupEntrySchema = z.object({
  at: Iso,
  device: CardRecordSchema,
  kcv: Kcv,
  keys: z.array(BackedUpKeySchema),
  notWrapped: z.array(NotWrappedSchema),
});

export const CloneFileSchema = z.object({
  file: z.string().max(255),
  keyReference: z.number().int().min(0).max(255).optional(),
  outcome: z.enum(['unwrapped', 'already-present', 'skipped']),
  reason: z.string().max(1000).optional(),
});

export const CloneEntrySchema = z.object({
  kind: z.literal('restore'),
  at: Iso,
  device: CardRecordSchema,
  /** Share numbers (1-based, the record's order) imported into this secondary so far. */
  sharesImported: z.array(z.number().int().min(1).max(255)),
  kcv: Kcv.optional(),
  files: z.array(CloneFileSchema),
  complete: z.boolean(),
});

export const VerifiedKeySchema = z.object({
  keyReference: z.number().int().min(1).max(255),
  label: z.string().max(256).optional(),
  /** present, type, label, public key each as expected; proven: a fresh challenge signed. */
  checks: z.array(
    z.object({ what: z.string().max(100), ok: z.boolean(), detail: z.string().max(1000) }),
  ),
  proof: z.enum(['proven', 'failed', 'not-provable']),
});

export const VerificationEntrySchema = z.object({
  kind: z.literal('verification'),
  at: Iso,
  device: CardRecordSchema,
  expectedKcv: Kcv,
  /** What the clone showed: its KCV, or why there was none ("pending", "no DKEK"). */
  foundKcv: z.string().max(64),
  keys: z.array(VerifiedKeySchema),
  /** Keys on the clone the record does not list. */
  extra: z.array(z.number().int()),
  verdict: z.enum(['verified', 'differs']),
  report: z.string().max(255),
});

export type CardRecord = z.infer<typeof CardRecordSchema>;
export type BackedUpKey = z.infer<typeof BackedUpKeySchema>;
export type BackupEntry = z.infer<typeof BackupEntrySchema>;
export type CloneEntry = z.infer<typeof CloneEntrySchema>;
export type CloneFile = z.infer<typeof CloneFileSchema>;
export type VerificationEntry = z.infer<typeof VerificationEntrySchema>;

/** The DKEK domain the record names, for a back-up or a clone; a sentence when there is none. */
export interface RecordedDomain {
  kcv: string;
  shareCount: number;
  primarySerial: string;
}

export function recordedDomain(record: DkekCeremonyRecord, purpose: string): RecordedDomain {
  if (record.dkek.mode === 'none')
    throw new Refusal(
      'conflict',
      `The device of this ceremony was initialised without a DKEK, so its keys cannot be wrapped: no ${purpose} is possible. Only a device initialised with DKEK shares can be backed up.`,
    );
  if (record.dkek.kcv === undefined)
    throw new Refusal(
      'conflict',
      `This ceremony's DKEK is not complete yet (no check value is recorded): import the outstanding shares (custos dkek import) before the ${purpose}.`,
    );
  return {
    kcv: record.dkek.kcv,
    shareCount: record.dkek.shareCount,
    primarySerial: record.device.serial,
  };
}

function parsed<T>(items: readonly unknown[] | undefined, schema: z.ZodType<T>, what: string): T[] {
  return (items ?? []).map((item, index) => {
    const result = schema.safeParse(item);
    if (!result.success)
      throw new Refusal(
        'invalid-input',
        `The record's ${what} entry ${index + 1} is not one Custos wrote (${result.error.issues[0]?.path.join('.') ?? ''}: ${result.error.issues[0]?.message ?? ''}); use the record the ceremony wrote.`,
      );
    return result.data;
  });
}

export function backupsOf(record: DkekCeremonyRecord): BackupEntry[] {
  return parsed(record.backups, BackupEntrySchema, 'back-up');
}

export function clonesOf(record: DkekCeremonyRecord): CloneEntry[] {
  return parsed(
    (record.clones ?? []).filter((entry) => entry.kind === 'restore'),
    CloneEntrySchema,
    'clone',
  );
}

export function verificationsOf(record: DkekCeremonyRecord): VerificationEntry[] {
  return parsed(
    (record.clones ?? []).filter((entry) => entry.kind === 'verification'),
    VerificationEntrySchema,
    'verification',
  );
}

/** The keys the latest back-up of each key reference recorded: what a clone must hold. */
export function recordedKeys(record: DkekCeremonyRecord): BackedUpKey[] {
  const byReference = new Map<number, BackedUpKey>();
  for (const backup of backupsOf(record))
    for (const key of backup.keys) byReference.set(key.keyReference, key);
  return [...byReference.values()].sort((a, b) => a.keyReference - b.keyReference);
}
