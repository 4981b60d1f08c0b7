// Scripts a bundle starts beside itself, built into the bundle's own folder:
//   dkek-derivation-worker.mjs   the .pbe key derivation's worker thread (src-main/dkek/)
//   pcsc-host.mjs                the process every PC/SC call runs in (src-main/hsm/smartcard-hsm/pcsc/)
// Each bundle (dist/main, dist/browser-host, dist/cli) finds them with new URL('./x.mjs', its own
// import.meta.url), so each folder gets its own copy.

import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const SIDECARS = [
  { entry: 'src-main/dkek/derivation-worker.ts', file: 'dkek-derivation-worker.mjs' },
  { entry: 'src-main/hsm/smartcard-hsm/pcsc/pcsc-host-process.ts', file: 'pcsc-host.mjs' },
];

/** Builds every sidecar into `outdir` (relative to root), each put in place with a rename. */
export async function buildSidecars(root, outdir) {
  const { build } = await import('esbuild');
  await Promise.all(
    SIDECARS.map(async ({ entry, file }) => {
      const result = await build({
        absWorkingDir: root,
        entryPoints: [join(root, entry)],
        bundle: true,
        write: false,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'warning',
        legalComments: 'none',
        // The native PC/SC binding is loaded from node_modules at run time, or not at all.
        external: ['smartcard'],
      });
      await writeAtomically(join(root, outdir, file), result.outputFiles[0].contents);
    }),
  );
}

export async function writeAtomically(outfile, contents) {
  await mkdir(dirname(outfile), { recursive: true });
  const partial = `${outfile}.${process.pid}.partial`;
  try {
    await writeFile(partial, contents);
    await rename(partial, outfile);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
