// `npm test`: everything that must pass before a change goes in, in order — install what is
// missing, typecheck, lint, unit tests, build, browser end-to-end, Electron end-to-end — then a
// summary. Stops at the first failure (pass --keep-going to run every step) and exits non-zero
// if anything failed.

import { join } from 'node:path';
import {
  electronBinary,
  ensureChromium,
  ensureDependencies,
  ensurePcscBinding,
  ensurePcscPackages,
  hasDisplay,
  root,
  runNode,
  run,
  which,
} from './lib/setup.mjs';

const keepGoing = process.argv.includes('--keep-going');
const E2E_CONFIG = 'vitest.e2e.config.ts';

/** Runs e2e specs with vitest; Electron needs a display, so on headless Linux it runs under Xvfb. */
function e2e(filters, { needsDisplay = false } = {}) {
  const args = [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    E2E_CONFIG,
    ...filters,
  ];
  if (needsDisplay && !hasDisplay() && which('xvfb-run'))
    return run('xvfb-run', ['-a', process.execPath, ...args]);
  return run(process.execPath, args);
}

let chromiumMissing = false;
let pcscMissing = false;

const steps = [
  {
    name: 'install',
    // Without Chromium the static checks and unit tests still run; the browser e2e step then
    // fails with the fixture's sentence saying what to install.
    run: async () => {
      // Before npm ci: the optional PC/SC binding compiles against libpcsclite-dev.
      pcscMissing = !(await ensurePcscPackages());
      if (!(await ensureDependencies())) return 1;
      if (!pcscMissing) await ensurePcscBinding();
      chromiumMissing = !(await ensureChromium());
      return 0;
    },
    note: () =>
      [
        chromiumMissing ? 'no Chromium: the browser e2e specs cannot run' : undefined,
        pcscMissing ? 'no PC/SC packages: the SmartCard-HSM PC/SC tests say skipped' : undefined,
      ]
        .filter(Boolean)
        .join('; ') || undefined,
  },
  {
    name: 'typecheck',
    run: () => runNode('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.json', '--noEmit']),
  },
  {
    name: 'lint',
    // ESLint for the rules, Prettier for the one width (STYLE.md §19b): both must be clean.
    run: async () =>
      (await runNode('node_modules/eslint/bin/eslint.js', ['--max-warnings', '0', '.'])) ||
      runNode('node_modules/prettier/bin/prettier.cjs', ['--check', '--log-level', 'warn', '.']),
  },
  { name: 'unit tests', run: () => runNode('node_modules/vitest/vitest.mjs', ['run']) },
  { name: 'build', run: () => runNode('scripts/build.mjs', []) },
  // Every spec outside e2e/electron/ drives the browser host.
  { name: 'browser e2e', needs: 'build', run: () => e2e(['--exclude', 'e2e/electron/**']) },
  {
    name: 'Electron e2e',
    needs: 'build',
    note: () =>
      electronBinary() ? undefined : 'no Electron binary: its specs report themselves skipped',
    run: () => e2e(['e2e/electron/'], { needsDisplay: true }),
  },
];

const results = [];
let failed = false;
for (const step of steps) {
  const blocked =
    step.needs &&
    results.find((result) => result.name === step.needs && result.status !== 'passed');
  if ((failed && !keepGoing) || blocked) {
    results.push({ name: step.name, status: 'not run', seconds: 0 });
    continue;
  }
  console.log(`\n── ${step.name} ${'─'.repeat(Math.max(0, 60 - step.name.length))}`);
  const started = Date.now();
  const code = await step.run();
  const status = code === 0 ? 'passed' : 'FAILED';
  if (code !== 0) failed = true;
  results.push({
    name: step.name,
    status,
    seconds: (Date.now() - started) / 1000,
    note: step.note?.(),
  });
}

console.log('\nCustos test summary');
for (const result of results) {
  const mark = result.status === 'passed' ? '✔' : result.status === 'FAILED' ? '✘' : '–';
  const time = result.status === 'not run' ? '' : `${result.seconds.toFixed(1).padStart(6)} s`;
  const note = result.note ? `  (${result.note})` : '';
  console.log(`  ${mark} ${result.name.padEnd(14)} ${result.status.padEnd(8)} ${time}${note}`);
}
const total = results.reduce((sum, result) => sum + result.seconds, 0);
console.log(
  failed
    ? `\nFAILED after ${total.toFixed(0)} s: fix the first failed step above and run npm test again.`
    : `\nAll passed in ${total.toFixed(0)} s.`,
);
process.exit(failed ? 1 : 0);
