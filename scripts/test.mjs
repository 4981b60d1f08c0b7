// `npm test`: everything that must pass before a change goes in, in order — install what is
// missing; typecheck, lint and build side by side; unit tests, browser end-to-end, Electron
// end-to-end — then a summary. Stops at the first failure (pass --keep-going to run every step)
// and exits non-zero if anything failed. Typecheck, lint and the build each keep one core busy
// and need nothing from each other, so they run together (their output held and printed whole
// as each ends); building before the unit tests also leaves the `custos` command's bundle fresh
// for the CLI tests, which start it as a person does (scripts/custos.mjs).

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
    together: 'checks',
    run: (io) =>
      runNode('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.json', '--noEmit'], io),
  },
  {
    name: 'lint',
    together: 'checks',
    // ESLint for the rules, Prettier for the one width (STYLE.md §19b): both must be clean.
    run: async (io) =>
      (await runNode('node_modules/eslint/bin/eslint.js', ['--max-warnings', '0', '.'], io)) ||
      runNode(
        'node_modules/prettier/bin/prettier.cjs',
        ['--check', '--log-level', 'warn', '.'],
        io,
      ),
  },
  { name: 'build', together: 'checks', run: (io) => runNode('scripts/build.mjs', [], io) },
  { name: 'unit tests', run: () => runNode('node_modules/vitest/vitest.mjs', ['run']) },
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

/** Output of a step that runs beside others: held, and printed whole when the step ends. */
function heldOutput() {
  const chunks = [];
  return {
    io: {
      stdio: ['ignore', 'pipe', 'pipe'],
      onChild: (child) => {
        child.stdout.on('data', (chunk) => chunks.push(chunk));
        child.stderr.on('data', (chunk) => chunks.push(chunk));
      },
    },
    text: () => Buffer.concat(chunks).toString(),
  };
}

async function runStep(step, held) {
  const started = Date.now();
  const code = await step.run(held?.io);
  const status = code === 0 ? 'passed' : 'FAILED';
  if (held) {
    console.log(`\n── ${step.name} ${'─'.repeat(Math.max(0, 60 - step.name.length))}`);
    process.stdout.write(held.text());
  }
  return {
    name: step.name,
    status,
    seconds: (Date.now() - started) / 1000,
    note: step.note?.(),
  };
}

const began = Date.now();
const results = [];
let failed = false;
for (let index = 0; index < steps.length;) {
  const step = steps[index];
  // A run of steps with the same `together` starts at once.
  const batch = [step];
  while (step.together && steps[index + batch.length]?.together === step.together)
    batch.push(steps[index + batch.length]);
  index += batch.length;
  const runnable = batch.filter((candidate) => {
    const blocked =
      candidate.needs &&
      results.find((result) => result.name === candidate.needs && result.status !== 'passed');
    if ((failed && !keepGoing) || blocked) {
      results.push({ name: candidate.name, status: 'not run', seconds: 0 });
      return false;
    }
    return true;
  });
  if (runnable.length === 0) continue;
  if (runnable.length === 1)
    console.log(
      `\n── ${runnable[0].name} ${'─'.repeat(Math.max(0, 60 - runnable[0].name.length))}`,
    );
  else console.log(`\n── ${runnable.map((candidate) => candidate.name).join(', ')}, side by side`);
  const ended = await Promise.all(
    runnable.map((candidate) => runStep(candidate, runnable.length > 1 ? heldOutput() : undefined)),
  );
  for (const result of ended) {
    if (result.status === 'FAILED') failed = true;
    results.push(result);
  }
}

console.log('\nCustos test summary');
for (const result of results) {
  const mark = result.status === 'passed' ? '✔' : result.status === 'FAILED' ? '✘' : '–';
  const time = result.status === 'not run' ? '' : `${result.seconds.toFixed(1).padStart(6)} s`;
  const note = result.note ? `  (${result.note})` : '';
  console.log(`  ${mark} ${result.name.padEnd(14)} ${result.status.padEnd(8)} ${time}${note}`);
}
// Wall time: steps side by side overlap, so their seconds do not add up.
const total = (Date.now() - began) / 1000;
console.log(
  failed
    ? `\nFAILED after ${total.toFixed(0)} s: fix the first failed step above and run npm test again.`
    : `\nAll passed in ${total.toFixed(0)} s.`,
);
process.exit(failed ? 1 : 0);
