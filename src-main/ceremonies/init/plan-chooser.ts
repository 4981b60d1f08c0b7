// Where plan files come from and go to: only where a person chose. The page sends a plan's
// name, never a path. Electron opens the system's file chooser (hosts/electron/plan-dialog.ts);
// the browser host, which has no chooser main can open, keeps plans in one folder under user
// data, `<user data>/plans/<name>.json`, so a page can name a plan but never a place.

import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PlanNameSchema } from '../../../shared/ceremony/plan-draft';

export interface PlanSaveTarget {
  path: string;
  /** The person already confirmed replacing a file there (the system chooser asked). */
  replaceConfirmed: boolean;
}

export interface PlanChooser {
  readonly where: 'plans-folder' | 'chooser';
  /** The plans folder, when there is one. */
  readonly folder?: string;
  /** Where to save the plan `name` (a suggestion in a chooser); undefined: the person cancelled. */
  saveTarget(name: string): Promise<PlanSaveTarget | undefined>;
  /** Which plan file to load; undefined: the person cancelled. */
  loadSource(name: string | undefined): Promise<string | undefined>;
  /** The plans there are to choose from (empty where a chooser lists them itself). */
  list(): Promise<string[]>;
}

export const PLANS_FOLDER = 'plans';

/** The browser host's chooser: names only, in one folder, `.json` added here. */
export function plansFolderChooser(userDataFolder: string): PlanChooser {
  const folder = join(userDataFolder, PLANS_FOLDER);
  const pathOf = (name: string): string => {
    // The contract already parsed the name; parsing again keeps this safe for any caller.
    const checked = PlanNameSchema.parse(name);
    return join(folder, `${checked}.json`);
  };
  return {
    where: 'plans-folder',
    folder,
    async saveTarget(name) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      return { path: pathOf(name), replaceConfirmed: false };
    },
    async loadSource(name) {
      return name === undefined ? undefined : pathOf(name);
    },
    async list() {
      let entries: string[];
      try {
        entries = await readdir(folder);
      } catch {
        return [];
      }
      return entries
        .filter((entry) => entry.endsWith('.json'))
        .map((entry) => entry.slice(0, -'.json'.length))
        .filter((name) => PlanNameSchema.safeParse(name).success)
        .sort((a, b) => a.localeCompare(b));
    },
  };
}
