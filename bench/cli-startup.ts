// How long the `custos` command takes before it does any work: `--help` through each way a
// person starts it, next to `npm --version` measured in the same run (the yardstick issue 15
// set: `npm run cli` within 2.5× of it). The bundle is built first if it is stale, so the
// runs measure start-up, never a build.

import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Measurement } from './measure';

const root = resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function runQuietly(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolveRun()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/**
 * Median wall time of each way of starting the command, measured in interleaved rounds (each
 * round runs every case once, npm --version included), so a busy machine slows them alike.
 */
export async function benchCliStartup(rounds = 9): Promise<Measurement[]> {
  const cases: Array<[string, string, string[]]> = [
    ['npm --version (yardstick)', npm, ['--version']],
    ['npm run --silent cli -- --help', npm, ['run', '--silent', 'cli', '--', '--help']],
    ['npx custos --help', npm, ['exec', '--', 'custos', '--help']],
    [
      'custos --help (the bin itself)',
      process.execPath,
      [join(root, 'scripts/custos.mjs'), '--help'],
    ],
    [
      'tsx src-main/cli/index.ts --help (before the bundle)',
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'src-main/cli/index.ts'), '--help'],
    ],
  ];
  // Warm-up: builds the bundle if it is stale, and fills the file cache.
  for (const [, command, args] of cases) await runQuietly(command, args);
  const times = cases.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [index, [, command, args]] of cases.entries()) {
      const started = performance.now();
      await runQuietly(command, args);
      times[index]!.push(performance.now() - started);
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const yardstick = median(times[0]!);
  return cases.map(([name], index) => {
    const value = median(times[index]!);
    return index === 0
      ? { name, value, unit: 'ms' }
      : { name, value, unit: 'ms', detail: `${(value / yardstick).toFixed(2)}× npm --version` };
  });
}
