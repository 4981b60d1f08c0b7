// Starts the built browser host as the user would (`node dist/browser-host/main.mjs`), on a
// free port, with a fresh user-data folder and `--no-open`, and reads the tokenised URL it
// prints. USB is left out so the devices listed are exactly the simulated ones.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './build';

export interface RunningHost {
  /** The link with this launch's token. */
  launchUrl: string;
  origin: string;
  userDataDir: string;
  /** Everything the host printed, for failure messages. */
  output(): string;
  /**
   * The first line the host prints from `mark` on (a length of output(), default: from now)
   * that matches; what a person reads in the terminal (the reset's word), never the page.
   */
  line(pattern: RegExp, mark?: number): Promise<RegExpExecArray>;
  /** SIGTERM, wait for a clean exit, remove the user-data folder (unless it was given). */
  stop(): Promise<number | null>;
}

export interface HostOptions {
  /** Reuse a folder (to test what persists across restarts); default: a new temp folder. */
  userDataDir?: string;
  extraArgs?: string[];
  /** The host's temporary folder (TMPDIR), so a secrets search can read what it put there. */
  tempDir?: string;
  /** Extra environment for the host (e.g. CUSTOS_TEST_DKEK_ITERATIONS, host-flags.ts). */
  env?: Readonly<Record<string, string>>;
}

const URL_LINE = /Custos is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/;

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const ownFolder = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'custos-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(repoRoot, 'dist', 'browser-host', 'main.mjs'),
      '--no-open',
      '--port',
      '0',
      '--user-data-dir',
      userDataDir,
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        CUSTOS_USB: '0',
        ...(options.tempDir ? { TMPDIR: options.tempDir } : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const waiting = new Set<() => void>();
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const launchUrl = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output += `${line}\n`;
      for (const wake of [...waiting]) wake();
      const match = URL_LINE.exec(line);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) =>
      reject(
        new Error(
          `The browser host exited (code ${String(code)}) before printing its URL:\n${output}`,
        ),
      ),
    );
  });

  return {
    launchUrl,
    origin: new URL(launchUrl).origin,
    userDataDir,
    output: () => output,
    line(pattern, mark = output.length) {
      const find = () =>
        output
          .slice(mark)
          .split('\n')
          .map((text) => pattern.exec(text))
          .find((match) => match !== null);
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = find();
          if (match) {
            waiting.delete(check);
            resolve(match);
          }
        };
        waiting.add(check);
        check();
        void exited.then(() => {
          waiting.delete(check);
          reject(
            new Error(`The browser host exited before printing ${String(pattern)}:\n${output}`),
          );
        });
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (ownFolder) rmSync(userDataDir, { recursive: true, force: true });
      return code;
    },
  };
}
