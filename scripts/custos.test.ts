// The `custos` command as installed (package.json "bin"): the launcher runs the esbuild bundle,
// building it first when stale. Every command src-main/cli/commands/ registers must be in the
// bundle without a list kept anywhere else, and a real command must work from it.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src-main/cli/commands';

const root = resolve(import.meta.dirname, '..');
const launcher = join(root, 'scripts', 'custos.mjs');

let folder: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-bin-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(folder, { recursive: true, force: true });
});

function custos(args: string[], onStdout?: (text: string) => void) {
  const child = spawn(process.execPath, [launcher, ...args], {
    cwd: folder,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('exit', (code) => setImmediate(() => done({ code, stdout, stderr }))),
  );
  return { child, exit };
}

describe('the custos command', () => {
  it('is the package bin, and npm run cli runs the same launcher', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(manifest.bin).toEqual({ custos: 'scripts/custos.mjs' });
    expect(manifest.scripts.cli).toBe('node scripts/custos.mjs');
    expect(readFileSync(launcher, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('lists every registered command in --help, from the bundle', async () => {
    const { code, stdout } = await custos(['--help']).exit;
    expect(code).toBe(0);
    const listed = [...stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((match) => match[1]);
    expect(listed).toEqual(COMMANDS.map((command) => command.name));
  });

  it('refuses an unknown command with exit code 2 and one sentence', async () => {
    const { code, stderr } = await custos(['unveil']).exit;
    expect(code).toBe(2);
    expect(stderr).toBe(
      `custos: unknown command "unveil". Run 'custos --help' to list the commands.\n`,
    );
  });

  it('runs a real command from the bundle: a simulator answering on loopback until SIGTERM', async () => {
    let announce: (url: string) => void = () => undefined;
    const listening = new Promise<string>((done) => (announce = done));
    const running = custos(
      ['simulator', '--listen', '127.0.0.1:0', '--state', 'sim.json', '--serial', '12345678'],
      (stdout) => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) announce(match[1]!);
      },
    );
    const url = await listening;
    const status = await (await fetch(`${url}/connector/status`)).text();
    expect(status.split('\n').slice(0, 2)).toEqual(['status=OK', 'serial=12345678']);
    running.child.kill('SIGTERM');
    const { code, stdout } = await running.exit;
    expect(code).toBe(0);
    expect(stdout).toContain('Stopped on SIGTERM');
  });
});
