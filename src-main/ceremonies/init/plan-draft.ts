// The plan as the plan screen edits it: a draft that may not parse yet, checked on every change
// so each problem is a sentence at its field (plan `errors`), and everything that blocks the
// review in one list: schema, the plan rules, capability names, ids already on the primary,
// the passwords and the folder. A draft never holds a password or a password file path.

import {
  checkPlan,
  InitPlanSchema,
  parsedFields,
  type InitPlan,
  type PlanProblem,
} from '../../../shared/ceremony/init-plan';
import type { ObjectInfo } from '../../hsm/yubihsm/client/object-info';
import { ObjectType, objectTypeName } from '../../hsm/yubihsm/protocol/object-types';
import { resolveCapabilities, type CapabilitySet } from './capability-profile';
import { hexId } from '../common/objects';
import type { PasswordStore } from './passwords';

export type PlanDraft = Record<string, unknown>;

/** What a new plan screen starts from: the schema's defaults and the usual 2-of-3 shape. */
export function defaultDraft(): PlanDraft {
  return {
    ceremony: '',
    custodians: ['', '', ''],
    threshold: 2,
    domains: [1],
    wrapKey: { id: 0 },
    applicationKey: { id: 0, label: 'Application auth key' },
    rsaDecrypt: false,
    shareFormat: 'yubihsm-setup',
    keepFactoryKey: false,
    capabilityProfile: 'ksp',
    shareConfirmation: 'spot-check',
    verificationRound: false,
    shareHideSeconds: 60,
  };
}

/** A copy of the draft without password file paths (those belong to the CLI's plan file only). */
export function withoutPasswordFiles(draft: PlanDraft): PlanDraft {
  const copy: PlanDraft = structuredClone(draft);
  for (const key of ['applicationKey', 'auditKey']) {
    const value = copy[key];
    if (value && typeof value === 'object' && !Array.isArray(value))
      delete (value as Record<string, unknown>).passwordFile;
  }
  return copy;
}

export interface DraftContext {
  /** The primary is simulated (rehearsal rules of checkPlan). */
  simulated: boolean;
  /** What preflight found on the primary. */
  inventory: readonly ObjectInfo[];
  passwords: PasswordStore;
  folder: string | undefined;
  folderProblem: PlanProblem | undefined;
}

export interface DraftEvaluation {
  /** The parsed plan, when the schema accepts the draft. */
  plan?: InitPlan;
  capabilities?: CapabilitySet;
  errors: PlanProblem[];
  warnings: PlanProblem[];
}

export function evaluateDraft(draft: PlanDraft, context: DraftContext): DraftEvaluation {
  const errors: PlanProblem[] = [];
  const warnings: PlanProblem[] = [];
  const parsed = InitPlanSchema.safeParse(draft);
  let plan: InitPlan | undefined;
  let capabilities: CapabilitySet | undefined;
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors.push({ field: issue.path.map(String).join('.') || 'plan', message: issue.message });
    // The plan rules that only need fields already typed are shown now, not after the rest.
    const early = checkPlan(parsedFields(draft), { simulated: context.simulated });
    errors.push(
      ...early.errors.filter((early) => !errors.some((error) => error.field === early.field)),
    );
    warnings.push(...early.warnings);
  } else {
    plan = parsed.data;
    const checked = checkPlan(plan, { simulated: context.simulated });
    errors.push(...checked.errors);
    warnings.push(...checked.warnings);
    const resolved = resolveCapabilities(plan);
    if (resolved.ok) {
      capabilities = resolved.set;
      warnings.push(...resolved.warnings);
    } else {
      errors.push(...resolved.errors);
    }
    errors.push(...takenIds(plan, context.inventory));
    // Said only where 1 is allowed (1-of-1 on a simulated primary): next to the error saying
    // it must be 2 or more, it contradicted it.
    const thresholdRefused = errors.some((error) => error.field === 'threshold');
    if (plan.threshold === 1 && context.simulated && !thresholdRefused) {
      warnings.push({
        field: 'threshold',
        message:
          'with a threshold of 1 every share is the whole wrap key; this is only allowed because the primary is simulated',
      });
    }
  }
  errors.push(...passwordProblems(plan ?? draftAuditHint(draft), context.passwords));
  if (!context.folder)
    errors.push({
      field: 'folder',
      message: 'choose the ceremony folder that will hold the record and the .yhw backups',
    });
  else if (context.folderProblem) errors.push(context.folderProblem);
  return { ...(plan ? { plan } : {}), ...(capabilities ? { capabilities } : {}), errors, warnings };
}

/** Planned (type, id) pairs that an object on the primary already uses. */
function takenIds(plan: InitPlan, inventory: readonly ObjectInfo[]): PlanProblem[] {
  const planned: [string, number, number][] = [
    ['wrapKey.id', plan.wrapKey.id, ObjectType.WrapKey],
    ['applicationKey.id', plan.applicationKey.id, ObjectType.AuthenticationKey],
  ];
  if (plan.auditKey) planned.push(['auditKey.id', plan.auditKey.id, ObjectType.AuthenticationKey]);
  const problems: PlanProblem[] = [];
  for (const [field, id, type] of planned) {
    if (id === 0) continue;
    const holder = inventory.find((object) => object.id === id && object.type === type);
    // checkPlan already explains id 1 for authentication keys (the factory key).
    if (holder && !(type === ObjectType.AuthenticationKey && id === 1)) {
      problems.push({
        field,
        message: `id ${hexId(id)} is already taken on the primary by the ${objectTypeName(type)} "${holder.label}"; choose another id, or 0 to let Custos pick a free one`,
      });
    }
  }
  return problems;
}

function draftAuditHint(draft: PlanDraft): { auditKey?: unknown } {
  return draft.auditKey === undefined ? {} : { auditKey: draft.auditKey };
}

function passwordProblems(plan: { auditKey?: unknown }, passwords: PasswordStore): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const keys: ['application' | 'audit', string][] = [['application', 'application key']];
  if (plan.auditKey !== undefined) keys.push(['audit', 'audit key']);
  for (const [key, what] of keys) {
    if (passwords.has(key)) continue;
    problems.push(
      passwords.problem(key) ?? {
        field: `passwords.${key}`,
        message: `type the ${what} password twice (at least 8 characters)`,
      },
    );
  }
  return problems;
}
