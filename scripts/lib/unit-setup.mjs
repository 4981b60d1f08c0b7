// Vitest's global set-up for the unit tests: the `custos` command the CLI tests start
// (scripts/custos.mjs) rebuilds its bundle when a source is newer. Built here once, before any
// worker starts, so after an edit no test spends its time limit waiting on that rebuild.

import { CLI_BUILD, isFresh } from './freshness.mjs';
import { root } from './setup.mjs';

export default async function buildCustosCommandOnce() {
  if (isFresh(root, CLI_BUILD.outputs, CLI_BUILD.sources)) return;
  const { buildCli } = await import('./cli-bundle.mjs');
  await buildCli(root);
}
