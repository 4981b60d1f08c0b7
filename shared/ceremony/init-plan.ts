// The initialization ceremony's plan: what the plan screen edits, what a plan file holds (so a
// ceremony can be reviewed before the day like a script), and what the record keeps. A plan
// never holds a password; the CLI's plan file may name password files.

import { z } from 'zod';
import {
  MANAGER_FORMAT_MAX_SHARES,
  MIN_PASSWORD_LENGTH,
  SETUP_FORMAT_MAX_SHARES,
} from './plan-limits';

const ObjectId = z
  .number()
  .int()
  .min(0, 'an object id is 0 (device picks) or 1..65534')
  .max(0xfffe, 'an object id is at most 65534 (0xfffe)');
const Label = z
  .string()
  .refine((label) => new TextEncoder().encode(label).length <= 40, 'a label is at most 40 bytes');

export const SHARE_FORMATS = ['yubihsm-setup', 'yubihsm-manager'] as const;
export type ShareFormat = (typeof SHARE_FORMATS)[number];

export {
  MANAGER_FORMAT_MAX_SHARES,
  MIN_PASSWORD_LENGTH,
  SETUP_FORMAT_MAX_SHARES,
} from './plan-limits';

export const CustomCapabilitiesSchema = z
  .object({
    wrapKey: z.array(z.string()),
    wrapKeyDelegated: z.array(z.string()),
    applicationKey: z.array(z.string()),
    applicationKeyDelegated: z.array(z.string()),
    auditKey: z.array(z.string()).optional(),
  })
  .strict();

export const InitPlanSchema = z
  .object({
    ceremony: z.string().trim().min(1, 'give the ceremony a name').max(80),
    custodians: z
      .array(z.string().trim().min(1, 'every custodian needs a name').max(60))
      .min(1, 'name at least one custodian'),
    threshold: z
      .number()
      .int('the threshold is a whole number of custodians')
      .min(1, 'give the threshold: how many custodians must bring their shares to restore'),
    domains: z
      .array(z.number().int().min(1, 'domains are 1..16').max(16, 'domains are 1..16'))
      .min(1, 'choose at least one domain'),
    wrapKey: z.object({ id: ObjectId }).strict(),
    applicationKey: z
      .object({
        id: ObjectId,
        label: Label.default('Application auth key'),
        /** CLI only: a file holding the password (trailing newline ignored). */
        passwordFile: z.string().optional(),
      })
      .strict(),
    auditKey: z
      .object({
        id: ObjectId,
        label: Label.default('Audit auth key'),
        passwordFile: z.string().optional(),
      })
      .strict()
      .optional(),
    rsaDecrypt: z.boolean().default(false),
    shareFormat: z.enum(SHARE_FORMATS).default('yubihsm-setup'),
    /** Simulated devices only: the equivalent of `yubihsm-setup -d`. */
    keepFactoryKey: z.boolean().default(false),
    /** "ksp": yubihsm-setup 2.3.3+ masks for the KSP / AD CS (interop spec §2.1). */
    capabilityProfile: z
      .union([z.literal('ksp'), z.object({ custom: CustomCapabilitiesSchema }).strict()])
      .default('ksp'),
    /** How a custodian proves the share was recorded before it leaves the screen. */
    shareConfirmation: z.enum(['spot-check', 'full', 'none']).default('spot-check'),
    /** After all shares: every custodian re-enters theirs and every M-subset is recombined. */
    verificationRound: z.boolean().default(false),
    /** A shown share hides after this many seconds without activity. */
    shareHideSeconds: z.number().int().min(10).max(600).default(60),
    /** Printed on share sheets under "who to call". */
    contact: z.string().max(120).optional(),
  })
  .strict();

export type InitPlanInput = z.input<typeof InitPlanSchema>;
export type InitPlan = z.output<typeof InitPlanSchema>;

export interface PlanProblem {
  /** Dotted path of the field, e.g. "threshold" or "custodians.2". */
  field: string;
  message: string;
}

export interface PlanCheck {
  errors: PlanProblem[];
  warnings: PlanProblem[];
}

export interface PlanContext {
  /** The primary is a simulated device (rehearsal): allows 1-of-1 and keeping the factory key. */
  simulated: boolean;
}

/**
 * The rules a schema cannot express, each a sentence at the field it concerns. Works on a
 * partial plan too (the fields of a draft that parse so far): each rule runs once the fields it
 * needs are there, so "threshold above N" shows while the rest of the plan is still being typed.
 */
export function checkPlan(plan: Partial<InitPlan>, context: PlanContext): PlanCheck {
  const errors: PlanProblem[] = [];
  const warnings: PlanProblem[] = [];
  const { custodians, threshold, shareFormat } = plan;
  const count = custodians?.length;

  if (custodians) {
    const seen = new Map<string, number>();
    custodians.forEach((name, index) => {
      const key = name.trim().toLowerCase();
      if (seen.has(key))
        errors.push({
          field: `custodians.${index}`,
          message: `"${name}" is listed twice; each custodian needs a distinct name so the record can say whose share is whose`,
        });
      seen.set(key, index);
    });
  }

  // Thresholds are 2..N; the one exception is 1-of-1, and only on a simulated device.
  if (threshold !== undefined && count === 1 && threshold !== 1) {
    errors.push({
      field: 'threshold',
      message: `with one custodian the threshold can only be 1 (1-of-1, allowed only on simulated devices), not ${threshold}`,
    });
  } else if (threshold !== undefined && count !== undefined && threshold > count) {
    errors.push({
      field: 'threshold',
      message: `the threshold ${threshold} is above the ${count} custodians; it must be between 2 and ${count}`,
    });
  }
  if (threshold === 1 && count !== undefined && count > 1) {
    errors.push({
      field: 'threshold',
      message: `a threshold of 1 puts the whole wrap key on each of the ${count} custodians' sheets; it must be between 2 and ${count}`,
    });
  } else if (threshold !== undefined && threshold < 2 && !context.simulated) {
    errors.push({
      field: 'threshold',
      message:
        'a threshold of 1 puts the whole wrap key on every sheet; it is only allowed on simulated devices',
    });
  }
  if (count !== undefined && count < 2 && !context.simulated) {
    errors.push({
      field: 'custodians',
      message: 'name at least 2 custodians (1-of-1 is only allowed on simulated devices)',
    });
  }

  if (shareFormat === 'yubihsm-setup' && count !== undefined && count > SETUP_FORMAT_MAX_SHARES) {
    errors.push({
      field: 'custodians',
      message: `yubihsm-setup can only restore shares numbered 1 to 9, so at most ${SETUP_FORMAT_MAX_SHARES} custodians; use the yubihsm-manager share format for more`,
    });
  }
  if (shareFormat === 'yubihsm-manager') {
    if (count !== undefined && count > MANAGER_FORMAT_MAX_SHARES)
      errors.push({
        field: 'custodians',
        message: `at most ${MANAGER_FORMAT_MAX_SHARES} custodians`,
      });
    if (
      threshold !== undefined &&
      threshold < 2 &&
      !errors.some((error) => error.field === 'threshold')
    ) {
      errors.push({
        field: 'threshold',
        message: 'the yubihsm-manager share format needs a threshold of at least 2',
      });
    }
    if (count !== undefined && count > SETUP_FORMAT_MAX_SHARES) {
      warnings.push({
        field: 'custodians',
        message:
          'with more than 9 custodians, shares numbered 10 and above can only be restored with Custos: yubihsm-manager 1.0 reads single-digit share numbers and yubihsm-setup cannot read this format at all',
      });
    } else {
      warnings.push({
        field: 'shareFormat',
        message:
          'yubihsm-setup cannot restore yubihsm-manager shares; only Custos and yubihsm-manager 1.0 can',
      });
    }
  }

  if (plan.keepFactoryKey && !context.simulated) {
    errors.push({
      field: 'keepFactoryKey',
      message:
        'the factory key (password "password") can only be kept on simulated devices; on a real device anyone could use it',
    });
  }

  const ids: [string, number][] = [];
  if (plan.applicationKey) ids.push(['applicationKey.id', plan.applicationKey.id]);
  if (plan.auditKey) ids.push(['auditKey.id', plan.auditKey.id]);
  for (const [field, id] of ids) {
    if (id === 1)
      errors.push({
        field,
        message:
          'id 1 is the factory authentication key; choose another id (or 0 to let the device pick)',
      });
  }
  if (
    plan.auditKey &&
    plan.applicationKey &&
    plan.auditKey.id !== 0 &&
    plan.auditKey.id === plan.applicationKey.id
  ) {
    errors.push({
      field: 'auditKey.id',
      message: 'the audit key needs a different id from the application key',
    });
  }
  if (plan.domains && plan.domains.length !== new Set(plan.domains).size) {
    errors.push({ field: 'domains', message: 'a domain is listed twice' });
  }
  return { errors, warnings };
}

/**
 * The fields of a draft that parse on their own (with their defaults), for checking a plan
 * while it is still being typed. Fields that do not parse are left out.
 */
export function parsedFields(draft: Record<string, unknown>): Partial<InitPlan> {
  const fields: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(InitPlanSchema.shape)) {
    const result = schema.safeParse(draft[key]);
    if (result.success && result.data !== undefined) fields[key] = result.data;
  }
  return fields as Partial<InitPlan>;
}

export interface PasswordProblem {
  field: 'password' | 'confirmation';
  message: string;
}

/** A password typed twice on the plan screen (never stored in the plan). */
export function checkPassword(
  password: string,
  confirmation: string,
  what: string,
): PasswordProblem | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      field: 'password',
      message: `the ${what} password needs at least ${MIN_PASSWORD_LENGTH} characters`,
    };
  }
  if (password !== confirmation)
    return { field: 'confirmation', message: `the two ${what} passwords differ; type them again` };
  return undefined;
}
