// The `custos` command as one ESM file, dist/cli/custos.mjs, bundled with esbuild from
// src-main/cli/index.ts: whatever commands that file registers are in the bundle, with no
// list kept here. Starting the bundle takes node a few hundred milliseconds; running the
// TypeScript through tsx took seconds. Used by scripts/build.mjs and by the launcher
// (scripts/custos.mjs) when the bundle is older than its sources.

import { join } from 'node:path';
import { buildSidecars, writeAtomically } from './sidecars.mjs';

export const CLI_ENTRY = 'src-main/cli/index.ts';
export const CLI_OUTFILE = 'dist/cli/custos.mjs';
// Beside it: the scripts the bundle starts (the .pbe derivation worker, the PC/SC host process).
export const CLI_FOLDER = 'dist/cli';

/** Builds the bundle and puts it in place with a rename, so a concurrent run never reads half. */
export async function buildCli(root) {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, CLI_ENTRY)],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    sourcemap: false,
    // Less for node to parse at every start; names kept, so a CUSTOS_DEBUG=1 stack stays readable.
    minifyWhitespace: true,
    minifySyntax: true,
    // Native or optional modules loaded from node_modules at run time.
    external: ['usb', 'smartcard', 'bufferutil', 'utf-8-validate'],
    // Bundled CommonJS dependencies call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __custosCreateRequire } from 'node:module'; const require = __custosCreateRequire(import.meta.url);",
    },
  });
  await buildSidecars(root, CLI_FOLDER);
  await writeAtomically(join(root, CLI_OUTFILE), result.outputFiles[0].contents);
}
