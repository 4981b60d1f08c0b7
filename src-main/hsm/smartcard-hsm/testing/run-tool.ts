// Runs one outside program (sc-hsm-tool, opensc-tool, pcsc_scan) for a test, with a time limit:
// a PC/SC client stuck on a stalled card must fail the test with a sentence, not hang it
// (spec §7.3). Only the child started here is ever signalled.

import { spawn } from 'node:child_process';

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for matching a sentence wherever the tool printed it. */
  output: string;
}

export interface RunToolOptions {
  timeoutMs: number;
  /** Written to stdin, which is then closed (sc-hsm-tool's threshold prompts read from it). */
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export class ToolTimeoutError extends Error {
  constructor(command: string, timeoutMs: number, output: string) {
    super(
      `${command} did not finish within ${timeoutMs / 1000} s and was stopped; what it printed:\n${output}`,
    );
    this.name = 'ToolTimeoutError';
  }
}

export function runTool(
  command: string,
  args: string[],
  options: RunToolOptions,
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => {
      // The tool may exit before reading its input; its exit code says what happened.
    });
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const output = stdout + stderr;
      if (timedOut)
        reject(new ToolTimeoutError(`${command} ${args.join(' ')}`, options.timeoutMs, output));
      else resolve({ code, signal, stdout, stderr, output });
    });
  });
}
