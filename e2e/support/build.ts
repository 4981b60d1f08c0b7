// Builds the app once for the e2e run: skipped when every output in dist/ is newer than every
// source it is made from (`npm run test:e2e` has just built; a second spec file finds it fresh).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { APP_BUILD, isFresh } from '../../scripts/lib/freshness.mjs';

export const repoRoot = join(import.meta.dirname, '..', '..');

export function isBuildFresh(): boolean {
  return isFresh(repoRoot, APP_BUILD.outputs, APP_BUILD.sources);
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
