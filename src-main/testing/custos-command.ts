// Test support: the `custos` command exactly as a person starts it, `node scripts/custos.mjs`
// (package.json "bin"), which runs the bundle in dist/cli/ and builds it first whenever a source
// is newer, so a test never runs a stale command. Tests used to start src-main/cli/index.ts
// through tsx: the same commands, but tsx compiled the whole CLI in every child, about 3 s of CPU
// per start against 0.5 s for the bundle, and the CLI tests start hundreds of them.
//   spawn(process.execPath, [CUSTOS_COMMAND, 'dkek', 'status', ...], { cwd, env, stdio })

import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** The launcher script; run it with process.execPath (node). */
export const CUSTOS_COMMAND = join(root, 'scripts/custos.mjs');
