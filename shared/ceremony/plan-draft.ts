// The plan as it travels before it is a plan: the draft the plan screen sends on every change,
// and what a plan file may hold. Both are strict and bounded: every key is one the plan has
// (nothing passes through), every string, list and number has a ceiling, and the shape is fixed,
// so depth is capped too. The draft may not satisfy the plan's rules yet (an empty name, a
// threshold above N): those are sentences at their fields (init-plan.ts), not refusals here.

import { z } from 'zod';
import { MANAGER_FORMAT_MAX_SHARES } from './plan-limits';

/** Generous ceilings: a value past one is not something a person typed into the plan screen. */
export const DRAFT_LIMITS = {
  text: 512,
  custodians: MANAGER_FORMAT_MAX_SHARES + 1,
  domains: 32,
  capabilities: 96,
  capabilityName: 64,
  path: 4096,
} as const;

const Text = z.string().max(DRAFT_LIMITS.text);
/** A number as typed; the plan's rules say what range it needs. */
const DraftNumber = z.number().finite().min(-1e9).max(1e9);
const Capabilities = z
  .array(z.string().max(DRAFT_LIMITS.capabilityName))
  .max(DRAFT_LIMITS.capabilities);

const DraftCustom = z
  .object({
    wrapKey: Capabilities,
    wrapKeyDelegated: Capabilities,
    applicationKey: Capabilities,
    applicationKeyDelegated: Capabilities,
    auditKey: Capabilities,
  })
  .partial()
  .strict();

const DraftKey = z.object({ id: DraftNumber, label: Text }).partial().strict();
/** The CLI's plan file may name a file holding the key's password (never the password). */
const FileKey = DraftKey.extend({ passwordFile: z.string().max(DRAFT_LIMITS.path) }).partial();

function draftSchema<Key extends typeof DraftKey | typeof FileKey>(key: Key) {
  return z
    .object({
      ceremony: Text,
      custodians: z.array(Text).max(DRAFT_LIMITS.custodians),
      threshold: DraftNumber,
      domains: z.array(DraftNumber).max(DRAFT_LIMITS.domains),
      wrapKey: z.object({ id: DraftNumber }).partial().strict(),
      applicationKey: key,
      auditKey: key,
      rsaDecrypt: z.boolean(),
      shareFormat: z.enum(['yubihsm-setup', 'yubihsm-manager']),
      keepFactoryKey: z.boolean(),
      capabilityProfile: z.union([z.literal('ksp'), z.object({ custom: DraftCustom }).strict()]),
      shareConfirmation: z.enum(['spot-check', 'full', 'none']),
      verificationRound: z.boolean(),
      shareHideSeconds: DraftNumber,
      contact: Text,
    })
    .partial()
    .strict();
}

/** What the plan screen sends: the plan's own fields only, any of them still missing. */
export const PlanDraftSchema = draftSchema(DraftKey);
/** What a plan file holds: the draft's fields, plus the CLI's password file paths. */
export const PlanFileSchema = draftSchema(FileKey);

/** A plan file is small; anything bigger is not one. */
export const PLAN_FILE_MAX_BYTES = 64 * 1024;

/**
 * A plan's name where the host keeps plans in one folder (the browser host): letters, digits,
 * spaces, dots, dashes and underscores, never a path. `.json` is added by main.
 */
export const PlanNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/)
  .refine((name) => !name.includes('..'));

export type PlanDraftShape = z.infer<typeof PlanDraftSchema>;
export type PlanFileShape = z.infer<typeof PlanFileSchema>;
