// `npm start`: run Custos from a checkout. Installs what is missing, builds unless dist/ is
// already newer than every source (scripts/lib/freshness.mjs), then starts the Electron host if its binary is installed, otherwise the browser host in the system Chromium.
//
//   npm start                      the app in a window
//   npm start -- --no-open         the browser host, printing its URL instead of opening it
//   npm start -- --browser         the browser host even where Electron is installed
//   npm start -- --user-data-dir <folder>   keep simulators and logs somewhere else

import { join } from 'node:path';
import {
  electronBinary,
  ensureChromium,
  ensureDependencies,
  ensurePcscBinding,
  ensurePcscPackages,
  findChromium,
  hasDisplay,
  root,
  run,
} from './lib/setup.mjs';
import { APP_BUILD, isFresh } from './lib/freshness.mjs';

const args = process.argv.slice(2);

// Before npm ci, so the optional PC/SC binding can compile; without it the app still starts.
const pcscReady = await ensurePcscPackages();
if (!(await ensureDependencies())) {
  console.error(
    'Custos could not install its dependencies (npm ci failed). Check the network connection and run `npm start` again.',
  );
  process.exit(1);
}

if (pcscReady) await ensurePcscBinding();

const electron = electronBinary();
const printOnly = args.includes('--no-open');
const useElectron = Boolean(electron) && !printOnly && !args.includes('--browser') && hasDisplay();
if (!useElectron && !printOnly && !findChromium()) await ensureChromium();

const upToDate = isFresh(root, APP_BUILD.outputs, APP_BUILD.sources);
if (upToDate) console.log('The build in dist/ is up to date; starting it.');
else if ((await run(process.execPath, [join(root, 'scripts', 'build.mjs')])) !== 0) {
  console.error('Custos could not be built; the messages above say why.');
  process.exit(1);
}

const hostArgs = args.filter((arg) => arg !== '--browser');
const [command, commandArgs] = useElectron
  ? [electron, [root, ...hostArgs]]
  : [process.execPath, [join(root, 'dist', 'browser-host', 'main.mjs'), ...hostArgs]];
if (!useElectron)
  console.log(
    electron
      ? 'Starting the browser host.'
      : 'No Electron binary is installed here; starting the browser host.',
  );
// Ctrl+C reaches the host itself (same process group); a SIGTERM sent to us alone is passed
// on. Either way the host stops its services, and we exit with its exit code.
let host;
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => host?.kill('SIGTERM'));
process.exit(await run(command, commandArgs, { onChild: (child) => (host = child) }));
