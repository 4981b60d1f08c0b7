// How long the `custos` command takes before it does any work: `--help` through each way a
// person starts it, next to `npm --version` measured in the same run (the yardstick issue 15
// set: `npm run cli` within 2.5× of it). The bundle is built first if it is stale, so the
// runs measure start-up, never a build.

import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { millisecondsPerRun, type Measurement } from './measure';

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

export async function benchCliStartup(runs = 9): Promise<Measurement[]> {
  const time = async (command: string, args: readonly string[]) =>
    (await millisecondsPerRun(() => runQuietly(command, args), runs, 2)).median;
  const npmVersion = await time(npm, ['--version']);
  const cases: Array<[string, string, string[]]> = [
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
  const rows: Measurement[] = [
    { name: 'npm --version (yardstick)', value: npmVersion, unit: 'ms' },
  ];
  for (const [name, command, args] of cases) {
    const median = await time(command, args);
    rows.push({
      name,
      value: median,
      unit: 'ms',
      detail: `${(median / npmVersion).toFixed(2)}× npm --version`,
    });
  }
  return rows;
}
