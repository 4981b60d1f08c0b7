// `custos simulator` as a person runs it: a child process started by the launcher, talked to over
// loopback HTTP, stopped with a signal.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { YubiHsmClient } from '../../hsm/yubihsm/client/yubihsm-client';
import { ConnectorTransport } from '../../hsm/yubihsm/transport/connector-transport';
import { CUSTOS_COMMAND } from '../../testing/custos-command';

const entry = CUSTOS_COMMAND;
const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

let folder: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-cli-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(folder, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function run(args: string[]): { child: ChildProcess; exit: Running['exit']; stdout: () => string } {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: folder,
    env: { ...process.env, CUSTOS_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveExit) =>
    child.on('exit', (code) => {
      // Let the pipes drain before reading what was printed.
      setImmediate(() => resolveExit({ code, stdout, stderr }));
    }),
  );
  return { child, exit, stdout: () => stdout };
}

/** Starts the simulator and waits for the line that says where it listens. */
async function startSimulator(args: string[]): Promise<Running> {
  const started = run(['simulator', '--listen', '127.0.0.1:0', ...args]);
  const url = await new Promise<string>((resolveUrl, reject) => {
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(started.stdout());
      if (match) resolveUrl(match[1]!);
    };
    started.child.stdout!.on('data', check);
    void started.exit.then(({ code, stderr }) =>
      reject(new Error(`simulator exited with ${code}: ${stderr}`)),
    );
  });
  return { child: started.child, url, output: started.stdout, exit: started.exit };
}

describe('custos simulator', () => {
  it('serves a simulated YubiHSM 2 on loopback and stops cleanly on SIGTERM', async () => {
    const simulator = await startSimulator(['--state', 'sim.json', '--serial', '12345678']);
    expect(simulator.output()).toContain(
      `Simulated YubiHSM 2 (serial 12345678, firmware 2.4.0) listening on ${simulator.url}`,
    );

    const status = await (await fetch(`${simulator.url}/connector/status`)).text();
    expect(status.split('\n').slice(0, 2)).toEqual(['status=OK', 'serial=12345678']);
    const echo = await fetch(`${simulator.url}/connector/api`, {
      method: 'POST',
      body: hex('01 0003 010203'),
    });
    expect(new Uint8Array(await echo.arrayBuffer())).toEqual(hex('81 0003 010203'));

    // Our own client through the connector API: a session with the factory key.
    const client = new YubiHsmClient(await ConnectorTransport.connect(simulator.url));
    const session = await client.openSession(1, { password: 'password' });
    expect((await session.listObjects()).map((object) => object.id)).toEqual([1]);
    await client.close();

    simulator.child.kill('SIGTERM');
    const { code, stdout } = await simulator.exit;
    expect(code).toBe(0);
    expect(stdout).toContain('Stopped on SIGTERM');
    expect(existsSync(join(folder, 'sim.json'))).toBe(true);
    await expect(fetch(`${simulator.url}/connector/status`)).rejects.toThrow();
  });

  it('keeps the device in its state file across restarts, and stops on SIGINT too', async () => {
    const first = await startSimulator(['--state', 'kept.json', '--serial', '23456789']);
    first.child.kill('SIGINT');
    expect((await first.exit).code).toBe(0);

    const second = await startSimulator(['--state', 'kept.json']);
    expect(second.output()).toContain('(serial 23456789,');
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);

    const clash = run([
      'simulator',
      '--listen',
      '127.0.0.1:0',
      '--state',
      'kept.json',
      '--serial',
      '11111111',
    ]);
    const { code, stderr } = await clash.exit;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /holds a simulated YubiHSM 2 with serial 23456789, not 11111111; leave out --serial/,
    );
  });

  it('refuses a non-loopback address with a usage error (exit 2) and says why', async () => {
    const { code, stderr } = await run([
      'simulator',
      '--listen',
      '0.0.0.0:12345',
      '--state',
      'sim.json',
    ]).exit;
    expect(code).toBe(2);
    expect(stderr).toMatch(/refusing to listen on 0\.0\.0\.0: .*only loopback addresses/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(folder, 'sim.json'))).toBe(false);
  });

  it('needs --state, and says so (exit 2)', async () => {
    const { code, stderr } = await run(['simulator']).exit;
    expect(code).toBe(2);
    expect(stderr).toBe(
      `custos simulator: --state file is required. Run 'custos simulator --help' for the options.\n`,
    );
  });

  it('reports a corrupt state file in one sentence naming it (exit 1)', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(folder, 'broken.json'), 'not json');
    const { code, stderr } = await run([
      'simulator',
      '--listen',
      '127.0.0.1:0',
      '--state',
      'broken.json',
    ]).exit;
    expect(code).toBe(1);
    expect(stderr).toContain(join(folder, 'broken.json'));
    expect(stderr).toMatch(/is corrupt/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('prints its help', async () => {
    const { code, stdout } = await run(['simulator', '--help']).exit;
    expect(code).toBe(0);
    expect(stdout).toMatch(/--listen host:port\s+Loopback address/);
    expect(stdout).toMatch(/--state file\s+State file .*\(required\)/);
  });
});
