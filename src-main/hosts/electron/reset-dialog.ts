// The second confirmation of a device reset in the Electron host: a native dialog main opens
// over the app window. The page cannot see or press its buttons, so a compromised page that
// types the words still cannot reset a device on its own. Cancel is the default.

import { dialog, type BrowserWindow } from 'electron';

export function resetDialog(
  window: () => BrowserWindow | undefined,
): (device: { serial: number; objects: number }) => Promise<boolean> {
  return async ({ serial, objects }) => {
    const options = {
      type: 'warning' as const,
      title: 'Reset the device',
      message: `Reset the YubiHSM 2 with serial ${serial}?`,
      detail: `This erases all ${objects} objects on it and brings the factory key back. It cannot be undone.`,
      buttons: ['Reset the device', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    const parent = window();
    const answer = parent
      ? await dialog.showMessageBox(parent, options)
      : await dialog.showMessageBox(options);
    return answer.response === 0;
  };
}
