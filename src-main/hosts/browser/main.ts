// Entry of the browser host (`node dist/browser-host/main.mjs`): the same main-process
// services as the Electron host, served on loopback and opened in the system Chromium.
//
//   --no-open              print the URL instead of opening Chromium
//   --port <n>             listen on this port (default: a free one)
//   --user-data-dir <dir>  keep simulators and logs here (also CUSTOS_USER_DATA)
//   --no-simulators, --no-usb, --connector <url>   which devices to show (host-flags.ts)

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pageSheetPrinter } from '../../print/sheet-printer';
import { createSheetServer } from '../../print/sheet-server';
import { createReportServer, pageReportViewer } from '../../print/report-viewer';
import { createCustosApp } from '../../services/custos-app';
import { terminalResetWord } from '../../ceremonies/init/reset-word';
import { startServices } from '../../services/lifecycle';
import type { Service } from '../../services/lifecycle';
import { createSimulator } from '../../services/simulator-factory';
import { argValue, resolveUserDataFolder } from '../../services/user-data';
import { appRoot, appVersion } from '../app-root';
import { installCrashHandlers } from '../crash-handlers';
import { readDeviceFlags, readTestAirGapRoot, readTestDkekIterations } from '../host-flags';
import type { DeviceFlags } from '../host-flags';
import { startBrowserHost } from './http-host';
import type { BrowserHost } from './http-host';
import { chooseChromiumSandbox } from './chromium-sandbox';
import { findChromium, openChromium } from './open-chromium';

interface Flags extends DeviceFlags {
  open: boolean;
  port: number;
}

function readFlags(argv: readonly string[], env: NodeJS.ProcessEnv): Flags {
  const given = argValue(argv, 'port') ?? env.CUSTOS_PORT ?? '0';
  const port = Number(given);
  if (given.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(
      `--port must be a whole number from 0 to 65535 (0 picks a free port), not "${given}".`,
    );
  }
  return { ...readDeviceFlags(argv, env), open: !argv.includes('--no-open'), port };
}

function hasDisplay(env: NodeJS.ProcessEnv): boolean {
  return process.platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

async function main(): Promise<void> {
  const flags = readFlags(process.argv.slice(2), process.env);
  const root = appRoot();
  const userDataFolder = resolveUserDataFolder();
  const bridgeScript = await readFile(
    join(root, 'dist', 'browser-host', 'bridge.js'),
    'utf8',
  ).catch(() => {
    throw new Error(
      'The browser host is not built (dist/browser-host/bridge.js is missing). Run `npm run build` first, or start Custos with `npm start`.',
    );
  });
  // Share sheets go out as one-time pages on this host's origin; the browser prints them.
  const sheets = createSheetServer();
  // So do the verifications' printable reports, each at a path of its own.
  const reports = createReportServer();
  const app = createCustosApp({
    host: 'browser',
    version: await appVersion(root),
    userDataFolder,
    createSimulator,
    simulators: flags.simulators,
    usb: flags.usb,
    pcsc: flags.pcsc,
    connectors: flags.connectors,
    sheetPrinting: {
      printer: pageSheetPrinter(sheets),
      fontsDirectory: join(root, 'assets', 'fonts'),
    },
    reportViewer: pageReportViewer(reports),
    dkekIterations: readTestDkekIterations(process.env),
    airGapRoot: readTestAirGapRoot(process.env),
    // A reset's word goes to this terminal, which the page cannot read (issue 14 §3).
    resetWord: terminalResetWord((text) => console.log(text)),
  });

  let host: BrowserHost | undefined;
  const hostService: Service = {
    name: 'browser-host',
    start: async () => {
      host = await startBrowserHost({
        rendererFolder: join(root, 'dist', 'renderer'),
        bridgeScript,
        router: app.router,
        events: app.events,
        logger: app.logger,
        port: flags.port,
        sheets,
        reports,
      });
    },
    stop: async () => {
      sheets.close();
      reports.close();
      await host?.close();
    },
  };
  const running = await startServices([...app.services, hostService], app.logger);
  const quit = async (code: number) => {
    await running.stop();
    process.exit(code);
  };
  installCrashHandlers(app.logger, (code) => void quit(code));
  process.once('SIGINT', () => void quit(0));
  process.once('SIGTERM', () => void quit(0));

  const launchUrl = host!.launchUrl;
  const chromium = findChromium();
  console.log(`Custos user data: ${userDataFolder}`);
  if (!flags.open || !chromium || !hasDisplay(process.env)) {
    if (flags.open)
      console.log(
        chromium
          ? 'No display found, so Chromium was not opened.'
          : 'No Chromium found (set CUSTOS_CHROMIUM to its path), so none was opened.',
      );
    // The link carries this launch's token: open it in a browser on this machine only.
    console.log(`Custos is running at ${launchUrl}`);
    console.log('Open that link in Chromium on this computer. Press Ctrl+C to stop.');
    return;
  }
  const sandbox = chooseChromiumSandbox();
  if (sandbox.warning) {
    console.warn(sandbox.warning);
    app.logger.warn('Chromium runs without its sandbox: root, and no user namespaces');
  }
  const window = openChromium(chromium, launchUrl, sandbox);
  console.log(`Custos is open in Chromium (${host!.origin}). Close its window to stop.`);
  await window.closed;
  await quit(0);
}

main().catch((error: unknown) => {
  console.error(
    `Custos could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
