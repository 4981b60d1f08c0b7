// Run from source (vitest, tsx), a worker thread or helper process that a bundle ships beside
// itself (scripts/lib/sidecars.mjs) is bundled here the same way, once per process, into
// node_modules/.cache/custos-sidecars/, and started from that file. Booting tsx inside every
// worker or child instead cost most of a second of CPU per start (its loader thread and
// compiler), and tests start hundreds of them: the DKEK derivation worker for every `.pbe` key,
// the PC/SC host for every session. The code that runs is the same code, bundled as a release
// bundles it. Never reached from a bundle: there the sidecar is already built beside it.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface EsbuildSync {
  buildSync(options: Record<string, unknown>): { outputFiles: { contents: Uint8Array }[] };
}

const built = new Map<string, string>();

/**
 * The path of `entry` (a .ts file URL) bundled as an ES module; `from` is the calling module's
 * import.meta.url. `external` names packages loaded from node_modules at run time (the native
 * PC/SC binding), which the cache folder inside node_modules still resolves.
 */
export function sourceSidecar(entry: URL, from: string, external: readonly string[] = []): string {
  const entryPath = fileURLToPath(entry);
  const known = built.get(entryPath);
  if (known && existsSync(known)) return known;
  const require = createRequire(from);
  // esbuild comes with tsx and vitest, which is how source runs; a bundle never asks for it.
  const esbuild = require('esbuild') as EsbuildSync;
  const nodeModules = dirname(dirname(require.resolve('esbuild/package.json')));
  const result = esbuild.buildSync({
    // From the checkout, so the bundle (and its name) is the same whichever folder runs it.
    absWorkingDir: dirname(nodeModules),
    entryPoints: [entryPath],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    external: [...external],
  });
  const contents = result.outputFiles[0]!.contents;
  const digest = createHash('sha256').update(contents).digest('hex').slice(0, 16);
  const path = join(
    nodeModules,
    '.cache',
    'custos-sidecars',
    `${basename(entryPath, '.ts')}-${digest}.mjs`,
  );
  if (!existsSync(path)) {
    // Named by its content, so a file that exists is this bundle; written whole or not at all,
    // since another test process may start the same sidecar at the same moment.
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    try {
      writeFileSync(partial, contents);
      renameSync(partial, path);
    } finally {
      rmSync(partial, { force: true });
    }
  }
  built.set(entryPath, path);
  return path;
}
