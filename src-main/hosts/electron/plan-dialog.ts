// Plan files in the Electron host: the system's file chooser, opened by main over the app
// window, is the only way a path reaches main. The page's name is only the chooser's suggestion.
// The chooser asks before replacing a file (showOverwriteConfirmation on Linux; macOS and
// Windows always ask), which is the person's confirmed replace; main still replaces only a
// file that is a Custos plan (plan-file.ts).

import { dialog, type BrowserWindow } from 'electron';
import { extname } from 'node:path';
import type { PlanChooser } from '../../ceremonies/init/plan-chooser';

const FILTERS = [{ name: 'Custos plan (JSON)', extensions: ['json'] }];

export function planDialogChooser(window: () => BrowserWindow | undefined): PlanChooser {
  return {
    where: 'chooser',
    async saveTarget(name) {
      const options = {
        title: 'Save the ceremony plan',
        defaultPath: `${name}.json`,
        filters: FILTERS,
        properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
      };
      const parent = window();
      const chosen = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return undefined;
      const path =
        extname(chosen.filePath).toLowerCase() === '.json'
          ? chosen.filePath
          : `${chosen.filePath}.json`;
      // A name the chooser did not see (".json" added here) was not confirmed by it.
      return { path, replaceConfirmed: path === chosen.filePath };
    },
    async loadSource() {
      const options = {
        title: 'Load a ceremony plan',
        filters: FILTERS,
        properties: ['openFile' as const],
      };
      const parent = window();
      const chosen = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return chosen.canceled ? undefined : chosen.filePaths[0];
    },
    async list() {
      return [];
    },
  };
}
