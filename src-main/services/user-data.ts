// Where Custos keeps its own files: simulator state, logs. Electron decides this with
// `app.getPath('userData')`; the browser host computes the same place itself so both hosts
// share one folder. `--user-data-dir` or CUSTOS_USER_DATA moves it (tests, portable use).

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_FOLDER_NAME = 'Custos';

export interface UserDataInputs {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  home: string;
}

/** The per-OS default, matching Electron's appData + product name. */
export function defaultUserDataFolder(
  platform: NodeJS.Platform,
  env: UserDataInputs['env'],
  home: string,
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER_NAME);
}

/** The value of `--name=value` or `--name value` in argv, if given. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

/** An explicit override (flag first, then environment), or undefined for the OS default. */
export function userDataOverride(inputs: Pick<UserDataInputs, 'argv' | 'env'>): string | undefined {
  const chosen = argValue(inputs.argv, 'user-data-dir') ?? inputs.env.CUSTOS_USER_DATA;
  return chosen ? resolve(chosen) : undefined;
}

export function resolveUserDataFolder(
  inputs: UserDataInputs = {
    argv: process.argv,
    env: process.env,
    platform: process.platform,
    home: homedir(),
  },
): string {
  return (
    userDataOverride(inputs) ?? defaultUserDataFolder(inputs.platform, inputs.env, inputs.home)
  );
}

/** The files inside the user-data folder, named in one place. */
export function userDataPaths(folder: string) {
  return {
    folder,
    logs: join(folder, 'logs'),
    simulators: join(folder, 'simulators'),
    simulatorState: (role: string) => join(folder, 'simulators', `${role}.json`),
  };
}
