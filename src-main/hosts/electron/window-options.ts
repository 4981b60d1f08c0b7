// The one app window, with every security-relevant web preference written out (STYLE.md §17)
// so a reader never has to remember an Electron default, and a default changing between
// Electron releases changes nothing here.

import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export interface WindowChoices {
  /** Absolute path of the bundled preload (dist/main/preload.cjs). */
  preload: string;
  /** Packaged builds have no DevTools. */
  packaged: boolean;
  /** The contract's names for the preload (contract-table.ts), passed as a process argument. */
  contract: string;
}

export const CONTRACT_ARGUMENT = '--custos-contract=';

/**
 * Every security-relevant preference, written out: what each Custos window is, whatever it
 * shows. The app window adds its preload; the print window (print/print-window-options.ts)
 * turns off what a static sheet does not need.
 */
export function hardenedWebPreferences(devTools: boolean): WebPreferences {
  return {
    // Isolation: page scripts and the preload live in separate worlds; the renderer process
    // is sandboxed and has no Node, in the page, in workers, or in subframes.
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    plugins: false,
    enableWebSQL: false,
    webgl: false,
    javascript: true,
    images: true,
    // No dropping a file onto the window to navigate it away from the app.
    navigateOnDragDrop: false,
    // The spellchecker would send typed words (custodian names, maybe passwords) to a service.
    spellcheck: false,
    devTools,
    // Native dialogs stay available (as they are in the browser host) but cannot be looped.
    safeDialogs: true,
    disableDialogs: false,
    autoplayPolicy: 'document-user-activation-required',
    backgroundThrottling: true,
    offscreen: false,
  };
}

export function appWebPreferences(choices: WindowChoices): WebPreferences {
  return {
    preload: choices.preload,
    additionalArguments: [`${CONTRACT_ARGUMENT}${choices.contract}`],
    ...hardenedWebPreferences(!choices.packaged),
  };
}

export function appWindowOptions(choices: WindowChoices): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 820,
    minWidth: 900,
    minHeight: 640,
    title: 'Custos',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: appWebPreferences(choices),
  };
}
