#!/usr/bin/env node
// The `custos` command (package.json "bin"; `npm run cli -- …` runs it too). Runs the bundle
// in dist/cli/, building it first only when it is missing or older than its sources, so a
// person who edits the code never runs a stale command and everyone else starts in a few
// hundred milliseconds.

import module from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { CLI_BUILD, isFresh } from './lib/freshness.mjs';
import { root } from './lib/setup.mjs';

if (!isFresh(root, CLI_BUILD.outputs, CLI_BUILD.sources)) {
  try {
    const { buildCli } = await import('./lib/cli-bundle.mjs');
    await buildCli(root);
  } catch (error) {
    console.error(
      `custos: the command could not be built (${error instanceof Error ? error.message : String(error)}). Run \`npm ci\` in ${root} and try again.`,
    );
    process.exit(1);
  }
}
// Node 22.1+ keeps the bundle's compiled code between runs (a no-op on Node 20, which lacks it).
module.enableCompileCache?.();
// The bundle runs the command and exits with its code.
await import(pathToFileURL(join(root, CLI_BUILD.outputs[0])).href);
