// What `npm start` and `npm test` share: finding the repository, running commands, installing
// what a fresh machine lacks (npm packages, Debian's chromium), and finding the Electron
// binary on disk. Node built-ins only: this runs before node_modules exists.
//
// The Electron binary is looked up by reading node_modules/electron/path.txt and checking the
// file it names. require('electron') is never used here: outside Electron it tries to download
// the binary at require time.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

export const isWindows = process.platform === 'win32';
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a command with inherited output; resolves with its exit code (never rejects). */
export function run(command, args, { onChild, ...options } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      shell: isWindows && !command.endsWith('.exe'),
      ...options,
    });
    onChild?.(child);
    child.once('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs node with a script from node_modules (no npx: same behaviour on every OS). */
export function runNode(script, args, options = {}) {
  return run(process.execPath, [join(root, script), ...args], options);
}

export function which(name) {
  const folders = (process.env.PATH ?? '').split(isWindows ? ';' : ':');
  return folders.map((folder) => join(folder, name)).find((path) => existsSync(path));
}

function npmCommand() {
  return isWindows ? 'npm.cmd' : 'npm';
}

/** node_modules is missing, or older than package-lock.json. */
export function dependenciesMissing(folder = root) {
  const marker = join(folder, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(join(folder, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs + 1000;
}

/** Whether Electron's binary host answers; a blocked network must not hang npm ci for minutes. */
function canFetchElectron(timeoutMs = 5000) {
  return new Promise((resolve) => {
    const req = request(
      'https://github.com/electron/electron/releases',
      { method: 'HEAD', timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve((res.statusCode ?? 500) < 500);
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', () => resolve(false));
    req.end();
  });
}

/** `npm ci` when node_modules is absent or stale; skips the Electron download when it cannot work. */
export async function ensureDependencies() {
  if (!dependenciesMissing()) return true;
  const env = { ...process.env };
  if (!env.ELECTRON_SKIP_BINARY_DOWNLOAD && !(await canFetchElectron())) {
    console.log(
      'The Electron binary cannot be downloaded from here; installing without it (the browser host will be used).',
    );
    env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
  }
  console.log('Installing dependencies (npm ci)…');
  if ((await run(npmCommand(), ['ci', '--no-audit', '--no-fund'], { env })) === 0) return true;
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  console.log('npm ci failed; trying again without the Electron binary download.');
  return (
    (await run(npmCommand(), ['ci', '--no-audit', '--no-fund'], {
      env: { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    })) === 0
  );
}

/** The Electron executable if its binary is installed, else undefined. */
export function electronBinary(folder = root, env = process.env) {
  const pathFile = join(folder, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distFolder =
    env.ELECTRON_OVERRIDE_DIST_PATH ?? join(folder, 'node_modules', 'electron', 'dist');
  const binary = join(distFolder, relative);
  return relative && existsSync(binary) ? binary : undefined;
}

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export function findChromium() {
  if (process.env.CUSTOS_CHROMIUM && existsSync(process.env.CUSTOS_CHROMIUM))
    return process.env.CUSTOS_CHROMIUM;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path));
}

/** Installs Debian's chromium when none is present, if we are root on a machine with apt. */
export async function ensureChromium() {
  if (findChromium()) return true;
  if (!isRoot || !which('apt-get')) {
    console.log(
      'No Chromium found. Install it (Debian/Ubuntu: apt-get install chromium) or set CUSTOS_CHROMIUM to its path.',
    );
    return false;
  }
  console.log('Installing Chromium (apt-get install chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update'], { env })) !== 0) return false;
  return (
    (await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env })) ===
      0 && Boolean(findChromium())
  );
}

// PC/SC for SmartCard-HSM / Nitrokey HSM 2 / Pico HSM (spec smartcard-hsm-dkek.md §7.3): the
// `smartcard` binding is an optional dependency compiled against libpcsclite-dev at npm install
// time, so these come before `npm ci`; pcscd, vpcd, OpenSC and pcsc-tools are what the PC/SC
// tests drive. Each package is recognised by a file it installs.
const PCSC_PACKAGES = [
  { name: 'libpcsclite-dev', file: '/usr/include/PCSC/winscard.h' },
  { name: 'pcscd', file: '/usr/sbin/pcscd' },
  { name: 'opensc', file: '/usr/bin/sc-hsm-tool' },
  { name: 'vsmartcard-vpcd', file: '/etc/reader.conf.d/vpcd' },
  { name: 'pcsc-tools', file: '/usr/bin/pcsc_scan' },
  // What node-gyp needs to build the binding.
  { name: 'python3', command: 'python3' },
  { name: 'make', command: 'make' },
  { name: 'g++', command: 'g++' },
];

/** The Debian packages for PC/SC that this machine lacks (none off Linux: there PC/SC is built in). */
export function missingPcscPackages(exists = existsSync, find = which) {
  if (process.platform !== 'linux') return [];
  return PCSC_PACKAGES.filter((pkg) => (pkg.file ? !exists(pkg.file) : !find(pkg.command))).map(
    (pkg) => pkg.name,
  );
}

/**
 * Installs the PC/SC packages when missing, if we are root on a machine with apt; otherwise says
 * what to install. Never fails the caller: without PC/SC, Custos runs on simulated devices.
 */
export async function ensurePcscPackages() {
  const missing = missingPcscPackages();
  if (missing.length === 0) return true;
  if (!isRoot || !which('apt-get')) {
    console.log(
      `PC/SC support for SmartCard-HSM devices needs ${missing.join(', ')} (Debian/Ubuntu: sudo apt-get install ${missing.join(' ')}, then npm install); without it Custos runs the simulated devices only.`,
    );
    return false;
  }
  console.log(`Installing PC/SC support (apt-get install ${missing.join(' ')})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update'], { env })) !== 0) return false;
  return (
    (await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env })) === 0
  );
}

/**
 * node_modules was installed before libpcsclite-dev was there, so the optional binding was not
 * built: build it now that it can be.
 */
export async function ensurePcscBinding(folder = root) {
  const pkg = join(folder, 'node_modules', 'smartcard');
  if (!existsSync(join(pkg, 'package.json'))) return false;
  if (existsSync(join(pkg, 'build', 'Release', 'smartcard_napi.node'))) return true;
  if (missingPcscPackages().includes('libpcsclite-dev')) return false;
  console.log('Building PC/SC support (npm rebuild smartcard)…');
  return (await run(npmCommand(), ['rebuild', 'smartcard'])) === 0;
}

/** Linux without X or Wayland cannot show a window. */
export function hasDisplay() {
  return (
    process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
  );
}
