// The ceremony script from a plan file or a ceremony folder, written where the person says:
// atomically and never over an existing file (files/atomic-write.ts, exclusive).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkPlan, InitPlanSchema } from '../../../../shared/ceremony/init-plan';
import { writeFileAtomic } from '../../../files/atomic-write';
import {
  CeremonyFolder,
  CeremonyFolderError,
  TRANSCRIPT_FILE,
} from '../../../records/ceremony-folder';
import { checkTranscript } from '../../../records/transcript';
import { PlanFileError, readPlanFile } from '../plan-file';
import {
  buildCeremonyScript,
  CeremonyScriptError,
  type CeremonyScript,
  type ScriptOptions,
} from './ceremony-script';

/** The script a plan file gives, before the day; refuses a plan the plan screen would refuse. */
export async function scriptFromPlanFile(
  path: string,
  options: ScriptOptions,
): Promise<CeremonyScript> {
  let draft;
  try {
    ({ draft } = await readPlanFile(path));
  } catch (error) {
    if (error instanceof PlanFileError) throw new CeremonyScriptError(error.message);
    throw error;
  }
  const parsed = InitPlanSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CeremonyScriptError(
      `the plan file ${path} is not complete: ${issue?.path.join('.') || 'the plan'}: ${issue?.message ?? 'invalid'}; fix it (docs/plan-files.md shows every field) and run this again`,
    );
  }
  // Simulated: the laxest rules; the plan screen applies the device's own on the day.
  const [problem] = checkPlan(parsed.data, { simulated: true }).errors;
  if (problem)
    throw new CeremonyScriptError(
      `the plan file ${path} cannot be carried out: ${problem.field}: ${problem.message}`,
    );
  return buildCeremonyScript({ kind: 'plan', plan: parsed.data }, options);
}

/** The script filled from a ceremony folder's record and transcript, after the day. */
export async function scriptFromFolder(
  folder: string,
  options: ScriptOptions,
): Promise<CeremonyScript> {
  let record;
  try {
    ({ record } = await CeremonyFolder.open(folder));
  } catch (error) {
    if (error instanceof CeremonyFolderError) throw new CeremonyScriptError(error.message);
    throw error;
  }
  // The folder opened, so the chain is whole; read its lines for the times.
  const check = checkTranscript(await readFile(join(folder, TRANSCRIPT_FILE), 'utf8'));
  if (!check.ok)
    throw new CeremonyScriptError(
      `line ${check.line} of ${join(folder, TRANSCRIPT_FILE)} ${check.problem}`,
    );
  return buildCeremonyScript({ kind: 'record', record, transcript: check.lines }, options);
}

/** Writes the script's HTML at `path`, refusing to replace anything already there. */
export async function writeCeremonyScript(path: string, html: string): Promise<void> {
  try {
    await writeFileAtomic(path, html, { exclusive: true, mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new CeremonyScriptError(
        `${path} already exists and Custos never overwrites a file; give another file name or move that file away`,
      );
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new CeremonyScriptError(
        `the folder for ${path} does not exist; create it or give a path in a folder that does`,
      );
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new CeremonyScriptError(
        `${path} cannot be written here (the folder is not writable); choose another folder`,
      );
    throw error;
  }
}
