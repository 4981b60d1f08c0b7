// Entry of the Electron host (bundled to dist/main/electron-main.cjs, package.json "main").
// One hardened window (window-options.ts) showing custos://app/, content protection on, one
// instance at a time, every navigation, new window and permission request refused but the
// camera (video only, for the app's own page: permissions.ts).

import { app, BrowserWindow, ipcMain, Menu, protocol, session } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { join } from 'node:path';
import { createCustosApp } from '../../services/custos-app';
import { planDialogChooser } from './plan-dialog';
import { resetDialog } from './reset-dialog';
import { startServices } from '../../services/lifecycle';
import type { RunningServices } from '../../services/lifecycle';
import { createSimulator } from '../../services/simulator-factory';
import { userDataOverride } from '../../services/user-data';
import type { Logger } from '../../log/logger';
import type { FrameSender } from '../../ipc/sender';
import { electronSheetPrinter } from '../../print/electron-sheet-printer';
import { electronReportViewer } from '../../print/electron-report-viewer';
import {
  APP_HOST,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  APP_START_URL,
  serveAppRequest,
} from './app-scheme';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels';
import { encodeContractTable } from '../contract-table';
import { installCrashHandlers } from '../crash-handlers';
import { readDeviceFlags } from '../host-flags';
import { grantsPermission } from './permissions';
import { utilityProcessStarter } from './pcsc-utility-process';
import { usePcscProcessStarter } from '../../hsm/smartcard-hsm/pcsc/host-process';
import { appWindowOptions } from './window-options';

// Before `ready`: the scheme must be registered as privileged, and the user-data folder moved
// if a test or a portable install asked for it.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
const override = userDataOverride({ argv: process.argv, env: process.env });
if (override) app.setPath('userData', override);
app.enableSandbox();

const bundleFolder = __dirname;
const rendererFolder = join(bundleFolder, '..', 'renderer');
let mainWindow: BrowserWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  // Two ceremonies on one device at once is how shares get mixed up: the second launch only
  // brings the first window forward.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Any failure while starting (services, the window, loading the app) ends the process with a
  // sentence, rather than leaving a running app without a window.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(error));
}

function fail(error: unknown): void {
  console.error(
    `Custos could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  app.exit(1);
}

/**
 * Refuse everything a page could ask of its session: permissions, devices, downloads. The one
 * grant is the camera, video only, to the app window's page (permissions.ts).
 */
function lockDownSession(logger: Logger): void {
  const current = session.defaultSession;
  current.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const granted = grantsPermission({
      permission,
      mediaTypes,
      requestingUrl: details.requestingUrl,
      securityOrigin: 'securityOrigin' in details ? details.securityOrigin : undefined,
      isMainFrame: details.isMainFrame,
      fromAppWindow: Boolean(
        mainWindow && !mainWindow.isDestroyed() && contents.id === mainWindow.webContents.id,
      ),
    });
    if (granted) logger.info('camera granted to the app window', { permission, mediaTypes });
    else logger.warn('permission request refused', { permission, mediaTypes });
    callback(granted);
  });
  // Checks stay refused, the camera's too: Chromium then asks the handler above every time, and
  // the page can tell a camera is there (for the scan-back button) but not its name.
  current.setPermissionCheckHandler(() => false);
  current.setDevicePermissionHandler(() => false);
  current.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  current.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  current.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  current.on('will-download', (event) => event.preventDefault());
}

/** Every web contents, present or future: no navigation away, no new windows, no webviews. */
function hardenContents(contents: WebContents, logger: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('new window refused', { scheme: safeScheme(url) });
    return { action: 'deny' };
  });
  // The app is one page: loadURL from main is not a will-navigate, so every page-initiated
  // navigation (a link, a form, location = ...) is refused, even one inside the app.
  const refuseNavigation = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    logger.warn('navigation refused', { scheme: safeScheme(url) });
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (app.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

function safeScheme(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return 'unparseable';
  }
}

function senderOf(event: IpcMainInvokeEvent): FrameSender {
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  return {
    kind: 'frame',
    url: frame?.url,
    // Compared by ids: the same frame need not come back as the same object.
    isMainFrame: Boolean(
      frame && frame.processId === main.processId && frame.routingId === main.routingId,
    ),
    isOurWindow: Boolean(
      mainWindow && !mainWindow.isDestroyed() && event.sender.id === mainWindow.webContents.id,
    ),
  };
}

async function start(): Promise<void> {
  // PC/SC calls run in a utility process, so a hung pcscd never freezes this one.
  usePcscProcessStarter(utilityProcessStarter);
  const custos = createCustosApp({
    host: 'electron',
    version: app.getVersion(),
    userDataFolder: app.getPath('userData'),
    createSimulator,
    ...readDeviceFlags(process.argv, process.env),
    appScheme: { scheme: APP_SCHEME, host: APP_HOST },
    // Share sheets open in a preview window beside the main window; the fonts ship in the app
    // (and in app.asar when packaged) next to dist/.
    planChooser: planDialogChooser(() => mainWindow),
    confirmReset: resetDialog(() => mainWindow),
    sheetPrinting: {
      printer: electronSheetPrinter(() => mainWindow),
      fontsDirectory: join(bundleFolder, '..', '..', 'assets', 'fonts'),
    },
    reportViewer: electronReportViewer(),
  });
  const log = custos.logger.child({ module: 'electron' });
  installCrashHandlers(custos.logger, (code) => app.exit(code));
  lockDownSession(log);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, log));
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererFolder));
  ipcMain.handle(CALL_CHANNEL, (event, channel: unknown, payload: unknown) =>
    custos.router.dispatch(channel, payload, senderOf(event)),
  );
  if (app.isPackaged) Menu.setApplicationMenu(null);

  let running: RunningServices;
  try {
    running = await startServices(custos.services, custos.logger);
  } catch (error) {
    return fail(error);
  }
  const unsubscribe = custos.events.subscribe((event, payload) => {
    if (mainWindow && !mainWindow.isDestroyed())
      mainWindow.webContents.send(EVENT_CHANNEL, event, payload);
  });

  mainWindow = new BrowserWindow(
    appWindowOptions({
      preload: join(bundleFolder, 'preload.cjs'),
      packaged: app.isPackaged,
      contract: encodeContractTable(),
    }),
  );
  // Shares are on this screen: keep them out of screenshots and screen sharing (STYLE.md §16).
  mainWindow.setContentProtection(true);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });

  // Registered before the page loads, so quitting while it loads still stops the services
  // (simulator state flushed, ceremonies marked stopped).
  let stopped = false;
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    unsubscribe();
    void running.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });

  try {
    await mainWindow.loadURL(APP_START_URL);
  } catch (error) {
    // fail() exits without before-quit: stop the services here so nothing is left half-written.
    stopped = true;
    unsubscribe();
    await running.stop().catch(() => undefined);
    throw error;
  }
}
