// Plan files (docs/plan-files.md): the plan as JSON, so a ceremony can be written and reviewed
// before the day like a script. A plan file never holds a password; the CLI's may name
// password files, read relative to the plan file. Saving is atomic.

import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new PlanFileError(
      `the plan file ${path} cannot be read; check the path and that the file exists`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PlanFileError(
      `the plan file ${path} is not valid JSON; docs/plan-files.md shows the format`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PlanFileError(
      `the plan file ${path} must hold one JSON object; docs/plan-files.md shows the format`,
    );
  }
  const draft = parsed as PlanDraft;
  const base = dirname(resolve(path));
  const passwordFiles: LoadedPlanFile['passwordFiles'] = {};
  for (const key of ['application', 'audit'] as const) {
    const file = passwordFileOf(draft[`${key}Key`]);
    if (file !== undefined) passwordFiles[key] = isAbsolute(file) ? file : join(base, file);
  }
  return { draft: withoutPasswordFiles(draft), passwordFiles };
}

function passwordFileOf(entry: unknown): string | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const file = (entry as Record<string, unknown>).passwordFile;
  return typeof file === 'string' && file.trim() !== '' ? file : undefined;
}

/** Writes the draft (never a password, never a password file path) atomically. */
export async function writePlanFile(path: string, draft: PlanDraft): Promise<void> {
  try {
    await writeFileAtomic(path, `${JSON.stringify(withoutPasswordFiles(draft), null, 2)}\n`, {
      mode: 0o644,
    });
  } catch {
    throw new PlanFileError(
      `the plan could not be saved to ${path}; check that the folder exists and is writable`,
    );
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
