// The DKEK initialisation plan (issue 10 "Plan file"; every field in docs/dkek-plan.md): the
// ceremony's name, where the PINs are read from in a headless run, the PIN retry counter and the
// DKEK mode with its shares. Strict: an unknown or misspelt field is refused, never ignored, and
// the plan never holds a secret itself (the PINs and passwords live in files it names). Paths are
// relative to the plan file.

import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import type { DkekShareHolders } from '../../../shared/records/dkek-ceremony-record';
import { Refusal } from '../../refusal/refusal';

const Name = z.string().trim().min(1).max(120);
const RelativePath = z.string().trim().min(1).max(1000);
/** sc-hsm-tool prints password share IDs in decimal but reads them as hex (spec §4.3): ≤ 9. */
export const MAX_SPLIT_CUSTODIANS = 9;
export const MAX_SHARE_FILES = 16;

const PasswordShare = z.strictObject({
  custodian: Name,
  /** Headless runs only: the password, alone on the first line. The app asks for it twice. */
  passwordFile: RelativePath.optional(),
  file: RelativePath.optional(),
});
const SplitShare = z
  .strictObject({
    custodians: z.array(Name).min(3).max(MAX_SPLIT_CUSTODIANS),
    threshold: z.number().int().min(2),
    file: RelativePath.optional(),
  })
  .refine((share) => share.threshold <= share.custodians.length, {
    message: 'threshold must not exceed the number of custodians',
    path: ['threshold'],
  });

export const DkekPlanSchema = z.strictObject({
  ceremony: Name,
  soPinFile: RelativePath.optional(),
  pinFile: RelativePath.optional(),
  pinRetries: z.number().int().min(1).max(10).default(3),
  /** The app prints each password share's sheet (QR) during its custodian's turn. */
  printSheets: z.boolean().default(false),
  dkek: z
    .strictObject({
      mode: z.enum(['none', 'random', 'shares']),
      shares: z
        .array(z.union([PasswordShare, SplitShare]))
        .max(MAX_SHARE_FILES)
        .optional(),
    })
    .superRefine((dkek, context) => {
      const count = dkek.shares?.length ?? 0;
      if (dkek.mode === 'shares' && count === 0)
        context.addIssue({
          code: 'custom',
          path: ['shares'],
          message: 'mode "shares" needs at least one share',
        });
      if (dkek.mode !== 'shares' && count > 0)
        context.addIssue({
          code: 'custom',
          path: ['shares'],
          message: `mode "${dkek.mode}" takes no shares; use mode "shares" or remove them`,
        });
    }),
});

export type DkekPlan = z.infer<typeof DkekPlanSchema>;
export type PlannedShare = NonNullable<DkekPlan['dkek']['shares']>[number];

/** A share as the engine uses it: holders and the absolute path of its `.pbe`. */
export type ResolvedShare =
  | { number: number; kind: 'password'; custodian: string; passwordFile?: string; file: string }
  | {
      number: number;
      kind: 'password-split';
      custodians: string[];
      threshold: number;
      file: string;
    };

/** Who holds a share, as the record and the snapshot say it. */
export function holdersOf(share: ResolvedShare): DkekShareHolders {
  return share.kind === 'password'
    ? { kind: 'password', custodian: share.custodian }
    : { kind: 'password-split', custodians: share.custodians, threshold: share.threshold };
}

export interface ResolvedPlan {
  ceremony: string;
  soPinFile?: string;
  pinFile?: string;
  pinRetries: number;
  /** Each password share's custodian may print their own sheet during their turn. */
  printSheets: boolean;
  mode: DkekPlan['dkek']['mode'];
  shares: ResolvedShare[];
}

/** The plan with paths made absolute (relative to `planFolder`); `.pbe` defaults into `out`. */
export function resolvePlan(plan: DkekPlan, planFolder: string, out: string): ResolvedPlan {
  const at = (path: string | undefined) =>
    path === undefined ? undefined : isAbsolute(path) ? path : resolve(planFolder, path);
  const shares = (plan.dkek.shares ?? []).map((share, index): ResolvedShare => {
    const number = index + 1;
    const file = at(share.file) ?? join(out, `dkek-share-${number}.pbe`);
    if ('custodian' in share) {
      const passwordFile = at(share.passwordFile);
      return {
        number,
        kind: 'password',
        custodian: share.custodian,
        file,
        ...(passwordFile ? { passwordFile } : {}),
      };
    }
    return {
      number,
      kind: 'password-split',
      custodians: share.custodians,
      threshold: share.threshold,
      file,
    };
  });
  const soPinFile = at(plan.soPinFile);
  const pinFile = at(plan.pinFile);
  return {
    ceremony: plan.ceremony,
    ...(soPinFile ? { soPinFile } : {}),
    ...(pinFile ? { pinFile } : {}),
    pinRetries: plan.pinRetries,
    printSheets: plan.printSheets,
    mode: plan.dkek.mode,
    shares,
  };
}

/** Parses plan text; `shown` names the file in the sentences. */
export function parseDkekPlan(text: string, shown: string): DkekPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Refusal(
      'invalid-input',
      `The plan ${shown} is not valid JSON; check its commas and quotes.`,
    );
  }
  const result = DkekPlanSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the plan';
  const unknown =
    issue.code === 'unrecognized_keys' ? ` (unknown field: ${issue.keys.join(', ')})` : '';
  throw new Refusal(
    'invalid-input',
    `The plan ${shown} is not a DKEK plan: ${where}: ${issue.message}${unknown}. Every field is described in docs/dkek-plan.md.`,
  );
}

export async function readDkekPlan(
  path: string,
  shown: string,
  out: string,
): Promise<ResolvedPlan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Refusal('not-found', `The plan ${shown} cannot be read; check the path.`);
  }
  return resolvePlan(parseDkekPlan(text, shown), dirname(path), out);
}
