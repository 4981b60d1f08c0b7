// The command line as a person runs it, for the CLI tests: `custos <command> …` as a child
// process (the launcher, src-main/testing/custos-command.ts), in its own working folder, every line it printed kept so the test can
// search it for secrets afterwards. One runner, so each command's test says only what it runs.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOS_COMMAND } from '../../testing/custos-command';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliPlace {
  /** The working folder; relative paths in the arguments are read from here (`INIT_CWD` too). */
  readonly cwd: string;
  /** `CUSTOS_USER_DATA`; without it the command uses its default. */
  readonly userData?: string;
  /** Each run's stdout and stderr are pushed here, for the search for secrets at the end. */
  readonly printed?: string[];
}

/** Runs `custos <args>` and resolves once it has exited and its output is read to the end. */
export function runCustos(args: readonly string[], place: CliPlace): Promise<CliRun> {
  const child = spawn(process.execPath, [CUSTOS_COMMAND, ...args], {
    cwd: place.cwd,
    env: {
      ...process.env,
      // `npm run cli` sets INIT_CWD to where the person typed the command; under `npm test` it
      // would name the repository instead.
      INIT_CWD: place.cwd,
      CUSTOS_DEBUG: '',
      ...(place.userData === undefined ? {} : { CUSTOS_USER_DATA: place.userData }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) =>
    child.on('close', (code) => {
      place.printed?.push(stdout, stderr);
      done({ code, stdout, stderr });
    }),
  );
}

/**
 * `custos init` as a rehearsal: the plan in plan.json onto the simulated primary kept in
 * primary.json, the record into ceremony/ and each custodian's share into its own file in
 * shares/ (`<n>-<name>.txt`).
 */
export const INIT_REHEARSAL = [
  'init',
  '--plan',
  'plan.json',
  '--device',
  'sim:primary.json',
  '--out',
  'ceremony/',
  '--rehearsal-shares-dir',
  'shares/',
] as const;

/** Every file below a folder (none when it does not exist), for the search for secrets. */
export function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile());
}
