// Every channel that takes a path from the page takes a ceremony folder (plan files never take
// one: plan-chooser.ts). The page is not trusted, so each folder is checked here, before any
// engine sees it: a full path, no `..`, no hidden or system folder, nothing inside Custos's own
// user-data folder (the simulators' state, the logs, the plans). The engine then shows the
// folder on the next screen, and writes nothing until the person goes on from there (the
// review, the back-up's run, the restore's device steps, the verification's report).

import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { Channel } from '../../shared/ipc/contract';
import { isSameOrWithin } from '../records/folder-within';
import { IpcFailure } from './ipc-failure';
import type { Handler, Handlers } from './router';

/** Checks a folder the page sent; answers the folder to use, or throws a sentence. */
export type FolderGuard = (folder: string) => Promise<string>;

/** Where no ceremony folder belongs, whatever the page says. */
const SYSTEM_FOLDERS =
  process.platform === 'win32'
    ? ['C:\\Windows', 'C:\\Program Files', 'C:\\Program Files (x86)']
    : [
        '/bin',
        '/boot',
        '/dev',
        '/etc',
        '/lib',
        '/lib64',
        '/proc',
        '/sbin',
        '/sys',
        '/usr',
        '/var/lib',
      ];

export function folderGuard(protectedFolders: readonly string[]): FolderGuard {
  return async (given) => {
    const folder = given.trim();
    const refuse = (why: string): never => {
      throw new IpcFailure('invalid-input', `${why} Nothing was written.`);
    };
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(folder)) refuse('A folder name cannot hold control characters.');
    if (!isAbsolute(folder)) refuse('Give the ceremony folder as a full path.');
    if (folder.split(/[\\/]/).includes('..'))
      refuse('Give the ceremony folder without ".." in it, as the full path it really is.');
    const clean = normalize(folder).replace(new RegExp(`\\${sep}+$`), '') || sep;
    if (clean.split(/[\\/]/).some((segment) => segment.startsWith('.') && segment !== '.'))
      refuse(`${clean} is inside a hidden folder; choose a visible folder for the ceremony.`);
    for (const system of [sep, ...SYSTEM_FOLDERS]) {
      if (system === sep ? clean === sep : await isSameOrWithin(clean, system))
        refuse(`${clean} is a system folder; choose a folder of your own for the ceremony.`);
    }
    for (const own of protectedFolders) {
      if (await isSameOrWithin(clean, own))
        refuse(
          `${clean} is inside Custos's own user-data folder; choose a folder of your own for the ceremony.`,
        );
    }
    return clean;
  };
}

const FOLDER_CHANNELS = [
  'init/set-folder',
  'dump/choose-folder',
  'restore/choose-folder',
  'verify/choose-folder',
  'dkek-init/set-plan',
  'rotate/choose-folder',
  'audit/choose-folder',
  'reshare/choose-folder',
  'dkek-backup/choose-folder',
  'dkek-restore/choose-folder',
  'dkek-verify/choose-folder',
] as const satisfies readonly Channel[];

/** Channels that take a file's path: its folder is checked as above, its name is not hidden. */
const FILE_CHANNELS = ['init/write-script'] as const satisfies readonly Channel[];

/** The handler table with every folder the page sends checked before its handler runs. */
export function withFolderGuard(handlers: Handlers, guard: FolderGuard): Handlers {
  const guarded = { ...handlers };
  for (const channel of FILE_CHANNELS) {
    const handler = handlers[channel] as Handler<typeof channel>;
    (guarded as Record<string, unknown>)[channel] = async (request: { path: string }) => {
      const path = request.path.trim();
      const name = basename(path);
      if (name === '' || name.startsWith('.') || name === '..')
        throw new IpcFailure('invalid-input', 'Give the file a visible name. Nothing was written.');
      return handler({ ...request, path: join(await guard(dirname(path)), name) });
    };
  }
  for (const channel of FOLDER_CHANNELS) {
    const handler = guarded[channel] as Handler<typeof channel>;
    (guarded as Record<string, unknown>)[channel] = async (request: { folder: string }) =>
      handler({ ...request, folder: await guard(request.folder) });
  }
  // A DKEK plan may send each share's `.pbe` to its holder's medium: each such file is checked
  // as a file path above (a full path in a folder the guard allows, a visible name).
  const setDkekPlan = guarded['dkek-init/set-plan'];
  guarded['dkek-init/set-plan'] = async (request) => {
    const shares = await Promise.all(
      request.plan.shares.map(async (share) => {
        const file = share.file?.trim();
        if (!file) return share;
        const name = basename(file);
        if (name === '' || name.startsWith('.') || name === '..')
          throw new IpcFailure(
            'invalid-input',
            'Give each share file a visible name. Nothing was written.',
          );
        return { ...share, file: join(await guard(dirname(file)), name) };
      }),
    );
    return setDkekPlan({ ...request, plan: { ...request.plan, shares } });
  };
  return guarded;
}
