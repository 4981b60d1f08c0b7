// Whether a build output is newer than everything it is made from (make's rule, on mtimes).
// Node built-ins only: `npm start`, the `custos` launcher and the e2e fixtures all ask it
// before deciding to build, so a second run reuses what the first one built.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time under `path` (a file or a folder); tests and node_modules skipped. */
export function newestChange(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx'))
      continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/**
 * True when every output exists and the oldest of them is at least as new as the newest
 * source. Paths are relative to `root`; sources that do not exist are ignored.
 */
export function isFresh(root, outputs, sources) {
  const outputPaths = outputs.map((path) => join(root, path));
  if (!outputPaths.every((path) => existsSync(path))) return false;
  const oldestOutput = Math.min(...outputPaths.map((path) => statSync(path).mtimeMs));
  const sourcePaths = sources.map((path) => join(root, path)).filter((path) => existsSync(path));
  const newestSource = Math.max(0, ...sourcePaths.map(newestChange));
  return oldestOutput >= newestSource;
}

/** The app `npm run build` makes (both hosts and the page), and what it is made from. */
export const APP_BUILD = {
  outputs: [
    'dist/renderer/index.html',
    'dist/browser-host/main.mjs',
    'dist/browser-host/bridge.js',
    'dist/main/electron-main.cjs',
    'dist/main/preload.cjs',
    'dist/main/pcsc-host.mjs',
    'dist/browser-host/pcsc-host.mjs',
    'dist/cli/custos.mjs',
  ],
  sources: [
    'src-main',
    'src-renderer',
    'shared',
    'assets',
    'vite.config.ts',
    'scripts/build.mjs',
    'scripts/lib/cli-bundle.mjs',
    'scripts/lib/sidecars.mjs',
    'package-lock.json',
  ],
};

/** The `custos` command's bundle alone, and what it is made from. */
export const CLI_BUILD = {
  outputs: ['dist/cli/custos.mjs', 'dist/cli/dkek-derivation-worker.mjs', 'dist/cli/pcsc-host.mjs'],
  sources: [
    'src-main',
    'shared',
    'scripts/lib/cli-bundle.mjs',
    'scripts/lib/sidecars.mjs',
    'package-lock.json',
  ],
};
