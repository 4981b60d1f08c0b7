// Builds the app once for the e2e run: skipped when every output in dist/ is newer than every
// source it is made from (`npm run test:e2e` has just built; a second spec file finds it fresh).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

const OUTPUTS = [
  'dist/renderer/index.html',
  'dist/browser-host/main.mjs',
  'dist/browser-host/bridge.js',
  'dist/main/electron-main.cjs',
  'dist/main/preload.cjs',
];
const SOURCES = [
  'src-main',
  'src-renderer',
  'shared',
  'assets',
  'vite.config.ts',
  'scripts/build.mjs',
  'package-lock.json',
];

function newestChange(path: string): number {
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

export function isBuildFresh(): boolean {
  const outputs = OUTPUTS.map((path) => join(repoRoot, path));
  if (!outputs.every((path) => existsSync(path))) return false;
  const oldestOutput = Math.min(...outputs.map((path) => statSync(path).mtimeMs));
  const newestSource = Math.max(
    ...SOURCES.map((path) => join(repoRoot, path))
      .filter((path) => existsSync(path))
      .map(newestChange),
  );
  return oldestOutput >= newestSource;
}

export function ensureBuilt(): void {
  if (isBuildFresh()) return;
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0)
    throw new Error(
      'The app could not be built for the end-to-end tests; see the build output above.',
    );
}
