// The DKEK ceremony folder's record of keys (issue 10 "Back up", "Clone", "Verify"): which keys
// were wrapped, under which DKEK (the blob's KCV), with which public key; which secondaries were
// cloned and how each file went; which verifications ran and what they found. It is its own file,
// `dkek-keys.json`, beside the initialization record (ceremonies/dkek/record.ts owns that one), so
// a back-up taken months later never rewrites the ceremony's record. Written atomically; it holds
// no share, password, PIN or key: only check values, public keys and file digests.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../files/atomic-write';
import { assertNoSecretMaterial } from '../../records/secret-guard';
import { Refusal } from '../../refusal/refusal';

export const KEYS_RECORD_FILE = 'dkek-keys.json';

const Kcv = z.string().regex(/^[0-9A-F]{16}$/);
const Hex = z.string().regex(/^[0-9a-f]*$/);
const Iso = z.string().min(1).max(40);

export const CardRecordSchema = z.object({
  serial: z.string().max(64).optional(),
  version: z.string().max(64),
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
  at: Iso,
  device: CardRecordSchema,
  kcv: z.object({ expected: Kcv, found: z.string().max(64), ok: z.boolean() }),
  keys: z.array(VerifiedKeySchema),
  /** Keys on the clone the record does not list. */
  extra: z.array(z.number().int()),
  verdict: z.enum(['verified', 'differs']),
  report: z.string().max(255),
});

export const KeysRecordSchema = z.object({
  format: z.literal('custos-dkek-keys'),
  version: z.literal(1),
  /** The DKEK domain: the KCV and share count the back-ups were made under. */
  domain: z.object({ kcv: Kcv, shareCount: z.number().int().min(0).max(255) }),
  primary: CardRecordSchema,
  backups: z.array(BackupEntrySchema),
  clones: z.array(CloneEntrySchema),
  verifications: z.array(VerificationEntrySchema),
});

export type CardRecord = z.infer<typeof CardRecordSchema>;
export type BackedUpKey = z.infer<typeof BackedUpKeySchema>;
export type BackupEntry = z.infer<typeof BackupEntrySchema>;
export type CloneEntry = z.infer<typeof CloneEntrySchema>;
export type CloneFile = z.infer<typeof CloneFileSchema>;
export type VerificationEntry = z.infer<typeof VerificationEntrySchema>;
export type KeysRecord = z.infer<typeof KeysRecordSchema>;

/** The keys the latest back-up of each key reference recorded: what a clone must hold. */
export function recordedKeys(record: KeysRecord): BackedUpKey[] {
  const byReference = new Map<number, BackedUpKey>();
  for (const backup of record.backups)
    for (const key of backup.keys) byReference.set(key.keyReference, key);
  return [...byReference.values()].sort((a, b) => a.keyReference - b.keyReference);
}

export async function readKeysRecord(folder: string): Promise<KeysRecord | undefined> {
  const path = join(folder, KEYS_RECORD_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Refusal('io-error', `${path} cannot be read; check the folder's permissions.`, {
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Refusal(
      'invalid-input',
      `${path} is not valid JSON; it may have been edited by hand.`,
    );
  }
  const result = KeysRecordSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Refusal(
      'invalid-input',
      `${path} is not a Custos DKEK key record (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}).`,
    );
  }
  return result.data;
}

/**
 * Check values are public by design (sc-hsm-tool prints them), but sixteen hex digits on their
 * own look like a printed share to the guard; everything else passes through it unchanged.
 */
function withoutCheckValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCheckValues);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !/^(kcv|blobKcv|expected|found)$/.test(key))
        .map(([key, item]) => [key, withoutCheckValues(item)]),
    );
  return value;
}

export async function writeKeysRecord(folder: string, record: KeysRecord): Promise<void> {
  const checked = KeysRecordSchema.parse(record);
  assertNoSecretMaterial(withoutCheckValues(checked), KEYS_RECORD_FILE);
  await writeFileAtomic(join(folder, KEYS_RECORD_FILE), `${JSON.stringify(checked, null, 2)}\n`);
}
