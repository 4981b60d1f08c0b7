// Plan files (docs/plan-files.md): the plan as JSON, so a ceremony can be written and reviewed
// before the day like a script. A plan file never holds a password; the CLI's may name
// password files, read relative to the plan file. Saving is atomic.

import { constants } from 'node:fs';
import { lstat, open, readFile, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { PLAN_FILE_MAX_BYTES, PlanFileSchema } from '../../../shared/ceremony/plan-draft';
import type { PlanProblem } from '../../../shared/ceremony/init-plan';
import { writeFileAtomic } from '../../files/atomic-write';
import { RECORD_FILE, TRANSCRIPT_FILE } from '../../records/ceremony-folder';
import { withoutPasswordFiles, type PlanDraft } from './plan-draft';

export class PlanFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFileError';
  }
}

export interface LoadedPlanFile {
  draft: PlanDraft;
  /** Absolute paths of the password files the plan names, if any. */
  passwordFiles: { application?: string; audit?: string };
}

export async function readPlanFile(path: string): Promise<LoadedPlanFile> {
  const text = await readPlanText(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PlanFileError(
      `the plan file ${path} is not valid JSON; docs/plan-files.md shows the format`,
    );
  }
  const plan = PlanFileSchema.safeParse(parsed);
  if (!plan.success) {
    const where = plan.error.issues[0]?.path.map(String).join('.') || 'the file';
    throw new PlanFileError(
      `${path} is not a Custos plan file (${where} is not a plan field, or not one a plan can hold); docs/plan-files.md shows the format`,
    );
  }
  const data = plan.data;
  const base = dirname(resolve(path));
  const passwordFiles: LoadedPlanFile['passwordFiles'] = {};
  const named = { application: data.applicationKey, audit: data.auditKey };
  for (const key of ['application', 'audit'] as const) {
    const file = named[key]?.passwordFile;
    if (file !== undefined && file.trim() !== '')
      passwordFiles[key] = isAbsolute(file) ? file : join(base, file);
  }
  return { draft: withoutPasswordFiles(data), passwordFiles };
}

/** The text of a `.json` plan file no bigger than a plan can be. */
async function readPlanText(path: string): Promise<string> {
  if (extname(path).toLowerCase() !== '.json')
    throw new PlanFileError(`${path} is not a plan file: plan files end in .json`);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    throw new PlanFileError(
      `the plan file ${path} cannot be read; check that it exists and is a plan file`,
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new PlanFileError(`${path} is not a file; choose a plan file (.json)`);
    if (info.size > PLAN_FILE_MAX_BYTES)
      throw new PlanFileError(
        `${path} is too big to be a plan file (a plan is at most ${PLAN_FILE_MAX_BYTES / 1024} KiB)`,
      );
    return await handle.readFile('utf8');
  } catch (error) {
    if (error instanceof PlanFileError) throw error;
    throw new PlanFileError(`the plan file ${path} cannot be read; check that it is a plan file`);
  } finally {
    await handle.close();
  }
}

/** Whether the file at `path` is a Custos plan (so a confirmed replace may overwrite it). */
export async function isPlanFile(path: string): Promise<boolean> {
  try {
    await readPlanFile(path);
    return true;
  } catch {
    return false;
  }
}

export type PlanSaveOutcome = 'saved' | 'exists';

/**
 * Writes the draft (never a password, never a password file path) atomically: as a new file,
 * or, when `replace` is confirmed, over a file that is itself a Custos plan and nothing else.
 * Answers 'exists' when a file is there and no replace was confirmed.
 */
export async function writePlanFile(
  path: string,
  draft: PlanDraft,
  options: { replace?: boolean } = {},
): Promise<PlanSaveOutcome> {
  if (extname(path).toLowerCase() !== '.json')
    throw new PlanFileError(`a plan file ends in .json; ${path} does not`);
  const text = `${JSON.stringify(withoutPasswordFiles(draft), null, 2)}\n`;
  if (options.replace && (await exists(path))) {
    if (!(await isPlanFile(path)))
      throw new PlanFileError(
        `${path} is not a Custos plan file, so it was not replaced; choose another name`,
      );
    await write(path, () => writeFileAtomic(path, text, { mode: 0o644 }));
    return 'saved';
  }
  try {
    await writeFileAtomic(path, text, { mode: 0o644, exclusive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw savingFailed(path);
  }
  return 'saved';
}

async function write(path: string, writing: () => Promise<void>): Promise<void> {
  try {
    await writing();
  } catch {
    throw savingFailed(path);
  }
}

function savingFailed(path: string): PlanFileError {
  return new PlanFileError(
    `the plan could not be saved to ${path}; check that the folder exists and is writable`,
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** A password file's text without its trailing newline. The caller wipes nothing: it is a string. */
export async function readPasswordFile(path: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new PlanFileError(
      `the ${what} password file ${path} cannot be read; check the passwordFile path in the plan (it is relative to the plan file)`,
    );
  }
  return text.replace(/\r?\n$/, '');
}

/** Whether `folder` can take a new ceremony: absolute, not a file, no record or transcript in it. */
export async function checkCeremonyFolder(folder: string): Promise<PlanProblem | undefined> {
  if (!isAbsolute(folder))
    return { field: 'folder', message: 'give the ceremony folder as a full path' };
  let info;
  try {
    info = await stat(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { field: 'folder', message: `the folder ${folder} cannot be read; choose another one` };
  }
  if (!info.isDirectory())
    return {
      field: 'folder',
      message: `${folder} is a file, not a folder; choose an empty folder or a new name`,
    };
  for (const name of [RECORD_FILE, TRANSCRIPT_FILE]) {
    try {
      await stat(join(folder, name));
      return {
        field: 'folder',
        message: `${folder} already holds a ceremony (${name} is there); choose an empty folder so no record is overwritten`,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        return {
          field: 'folder',
          message: `the folder ${folder} cannot be read; choose another one`,
        };
    }
  }
  return undefined;
}
