// Entry point of the `custos` command: scripts/build.mjs bundles this file (and every command
// it registers) into dist/cli/custos.mjs, which `custos`, `npx custos` and `npm run --silent
// cli -- <command> [options]` run through scripts/custos.mjs. The tests run it with tsx. It wires
// the process (argv, stdout/stderr, SIGINT/SIGTERM) to the dispatcher and exits with its code.

import { runCli } from './cli';

function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    let asked = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (asked) {
        // A second Ctrl+C means "now": the first one is already stopping cleanly.
        process.exit(130);
      }
      asked = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * The folder relative paths mean. `npm run cli` runs from the package root; npm then sets
 * INIT_CWD to where the person typed the command, so `--folder ceremony/` is the folder they
 * see. Only when npm launched this very script: INIT_CWD is inherited by every child process,
 * and a program that starts the CLI in a folder of its own must get that folder.
 */
function commandFolder(): string {
  const launchedByNpm = process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD;
  return launchedByNpm ? process.env.INIT_CWD! : process.cwd();
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: commandFolder(),
    stopRequested: stopRequested(),
  },
  undefined,
  process.env.CUSTOS_DEBUG === '1',
);
await Promise.all([flush(process.stdout), flush(process.stderr)]);
process.exit(code);
