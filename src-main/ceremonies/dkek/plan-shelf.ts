// DKEK plan files on the plan screen (issue 10 "Plan file"; docs/dkek-plan.md), as the YubiHSM
// initialisation's plan files are (init/plan-file.ts, plan-chooser.ts): main opens the chooser or
// names the file in the plans folder, never the page; only `.json`, at most PLAN_FILE_MAX_BYTES,
// the strict plan schema; a new file is created exclusively, and a file is replaced only when the
// person confirmed it and it is itself a DKEK plan. A loaded plan gives the screen only the plan's
// own fields: `soPinFile`, `pinFile` and `passwordFile` name secrets for headless runs, and the
// screen neither reads nor writes them (it asks for every PIN and password twice).

import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { PLAN_FILE_MAX_BYTES } from '../../../shared/ceremony/plan-draft';
import type { DkekPlanDraft } from '../../../shared/ipc/dkek-init-channels';
import { writeFileAtomic } from '../../files/atomic-write';
import { Refusal } from '../../refusal/refusal';
import { DkekPlanSchema, parseDkekPlan, type DkekPlan } from './plan-file';

/** The plan at `path`, read as the plan screen may: bounded, strict, never a secret's file name. */
export async function readDkekPlanFile(path: string): Promise<DkekPlan> {
  if (extname(path).toLowerCase() !== '.json')
    throw new Refusal('invalid-input', `${path} is not a plan file: plan files end in .json.`);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    throw new Refusal(
      'not-found',
      `The plan file ${path} cannot be read; check that it exists and is a plan file.`,
    );
  }
  let text: string;
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new Refusal('invalid-input', `${path} is not a file; choose a plan file (.json).`);
    if (info.size > PLAN_FILE_MAX_BYTES)
      throw new Refusal(
        'invalid-input',
        `${path} is too big to be a plan file (a plan is at most ${PLAN_FILE_MAX_BYTES / 1024} KiB).`,
      );
    text = await handle.readFile('utf8');
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal('io-error', `The plan file ${path} cannot be read; check that it is one.`, {
      cause: error,
    });
  } finally {
    await handle.close();
  }
  return parseDkekPlan(text, path);
}

/** The plan as the screen draws it: paths made absolute, the secrets' file names left out. */
export function planAsDraft(plan: DkekPlan, planPath: string): DkekPlanDraft {
  const folder = dirname(resolve(planPath));
  const at = (path: string) => (isAbsolute(path) ? path : resolve(folder, path));
  return {
    ceremony: plan.ceremony,
    pinRetries: plan.pinRetries,
    mode: plan.dkek.mode,
    printSheets: plan.printSheets,
    shares: (plan.dkek.shares ?? []).map((share) => {
      const file = share.file === undefined ? {} : { file: at(share.file) };
      return 'custodian' in share
        ? { custodian: share.custodian, ...file }
        : { custodians: share.custodians, threshold: share.threshold, ...file };
    }),
  };
}

/**
 * The screen's plan checked with the plan file's own rules, each said as the sentence the plan
 * screen shows. Share files are made relative to `planFolder` when they lie inside it (a plan
 * moved with its folder still points at its files), absolute otherwise.
 */
export function draftAsPlan(draft: DkekPlanDraft, planFolder?: string): DkekPlan {
  const shares = draft.mode === 'shares' ? draft.shares : [];
  const where = (file: string | undefined) => {
    const given = file?.trim();
    if (!given) return {};
    if (!planFolder) return { file: given };
    const inside = relative(planFolder, given);
    return {
      file:
        inside && !inside.startsWith('..') && !isAbsolute(inside)
          ? inside.split(sep).join('/')
          : given,
    };
  };
  const checked = DkekPlanSchema.safeParse({
    ceremony: draft.ceremony,
    pinRetries: draft.pinRetries,
    ...(draft.printSheets ? { printSheets: true } : {}),
    dkek: {
      mode: draft.mode,
      ...(shares.length > 0
        ? {
            shares: shares.map((share) =>
              'custodian' in share
                ? { custodian: share.custodian, ...where(share.file) }
                : {
                    custodians: share.custodians,
                    threshold: share.threshold,
                    ...where(share.file),
                  },
            ),
          }
        : {}),
    },
  });
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0]!;
  const path = issue.path.join('.');
  throw new Refusal(
    'invalid-input',
    path === 'dkek.shares'
      ? 'Mode "shares" needs at least one share; add a share, or choose another mode.'
      : `${fieldWords(path)}: ${issue.message}. Correct it and try again.`,
  );
}

/** "dkek.shares.1.threshold" as the plan screen names it: "Share 2: how many custodians open it". */
function fieldWords(path: string): string {
  const share = /^dkek\.shares\.(\d+)\.?(\w*)/.exec(path);
  if (share) {
    const number = Number(share[1]) + 1;
    const field: Record<string, string> = {
      custodian: 'custodian',
      custodians: 'custodians (3 to 9)',
      threshold: 'how many custodians open it (2 up to the number of custodians)',
      file: 'where its share file goes',
    };
    return `Share ${number}: ${field[share[2] ?? ''] ?? 'its holders'}`;
  }
  if (path === 'ceremony') return 'The ceremony name (1 to 120 characters)';
  if (path === 'pinRetries') return 'The PIN retry counter (1 to 10)';
  return `The plan's ${path}`;
}

export type PlanSaveOutcome = 'saved' | 'exists';

/**
 * Writes the plan atomically: as a new file (exclusive create), or, with `replace` confirmed,
 * over a file that is itself a DKEK plan and nothing else. 'exists': a file is there and no
 * replace was confirmed, so the screen asks.
 */
export async function writeDkekPlanFile(
  path: string,
  plan: DkekPlan,
  options: { replace?: boolean } = {},
): Promise<PlanSaveOutcome> {
  if (extname(path).toLowerCase() !== '.json')
    throw new Refusal('invalid-input', `A plan file ends in .json; ${path} does not.`);
  // Never a secret's file: the screen's plan cannot carry one, and this says so once more.
  const { soPinFile: _so, pinFile: _pin, ...own } = plan;
  const shares = plan.dkek.shares?.map((share) => {
    if (!('custodian' in share)) return share;
    const { passwordFile: _password, ...rest } = share;
    return rest;
  });
  const text = `${JSON.stringify({ ...own, dkek: { ...plan.dkek, ...(shares ? { shares } : {}) } }, null, 2)}\n`;
  const failed = (error: unknown) =>
    new Refusal(
      'io-error',
      `The plan could not be saved to ${path}; check that the folder exists and is writable.`,
      { cause: error },
    );
  if (options.replace && (await exists(path))) {
    if (!(await isDkekPlanFile(path)))
      throw new Refusal(
        'conflict',
        `${path} is not a DKEK plan, so it was not replaced; choose another name.`,
      );
    await writeFileAtomic(path, text, { mode: 0o644 }).catch((error: unknown) => {
      throw failed(error);
    });
    return 'saved';
  }
  try {
    await writeFileAtomic(path, text, { mode: 0o644, exclusive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw failed(error);
  }
  return 'saved';
}

async function isDkekPlanFile(path: string): Promise<boolean> {
  try {
    await readDkekPlanFile(path);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
