// Issue 11's speed targets, measured in one run against one simulator:
// - the client against python-yubihsm on the same work: 1000 authenticated GET OBJECT INFO over
//   the loopback connector, both talking to the same simulator process (`custos simulator`);
// - the connector server: plain ECHO requests per second from one keep-alive client;
// - authenticated echo in process (no HTTP).
// python-yubihsm runs from ../shared/conformance/python-yubihsm (PYTHON_YUBIHSM overrides) when
// python3 and that copy are present; otherwise the row says why it is missing.
//
// Where the time went before issue 11's changes (node --cpu-prof, on a shared 2-core machine):
// - in process, authenticated echo: ~30 % AES-CMAC and ~27 % noble re-expanding the same three
//   session keys on every CMAC/CBC call (expandKeyLE, u32) -> schedules kept per key (aes.ts);
// - our client over the connector: connect() and the first write of a fresh TCP connection per
//   frame dominated -> connections kept alive for at most 1 s idle (http-exchange.ts);
// - the connector server was ~80 % idle under one client; per request, the writev syscall and
//   node:http's parsing dominate, the URL parser was the one avoidable cost (connector-server.ts).
// Numbers on a machine shared with other work swing by 2x between runs; compare within a run.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { YubiHsmClient } from '../src-main/hsm/yubihsm/client';
import { ObjectType } from '../src-main/hsm/yubihsm/protocol';
import { SimulatedYubiHsm } from '../src-main/hsm/yubihsm/simulator';
import { ConnectorTransport } from '../src-main/hsm/yubihsm/transport/connector-transport';
import { SimulatorTransport } from '../src-main/hsm/yubihsm/transport/simulator-transport';
import { operationsPerSecond, type Measurement } from './measure';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const PYTHON_YUBIHSM = process.env.PYTHON_YUBIHSM
  ? resolve(process.env.PYTHON_YUBIHSM)
  : resolve(dirname(root), 'shared', 'conformance', 'python-yubihsm');
const CALLS = 1000;

const PYTHON_SCRIPT = `
import sys, time
from yubihsm import YubiHsm
from yubihsm.defs import OBJECT
hsm = YubiHsm.connect(sys.argv[1])
session = hsm.create_session_derived(1, "password")
key = session.get_object(1, OBJECT.AUTHENTICATION_KEY)
for _ in range(50):
    key.get_info()
start = time.perf_counter()
for _ in range(${CALLS}):
    key.get_info()
elapsed = time.perf_counter() - start
session.close()
hsm.close()
print(elapsed)
`;

/** `custos simulator` in its own process, on a free loopback port, with a fresh state file. */
async function startSimulatorProcess(): Promise<{
  url: string;
  stop: () => Promise<void>;
}> {
  const folder = await mkdtemp(join(tmpdir(), 'custos-bench-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src-main/cli/index.ts'),
      'simulator',
      '--listen',
      '127.0.0.1:0',
      '--state',
      join(folder, 'device.json'),
      '--serial',
      '10000009',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolveUrl(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}): ${output}`)));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      process.kill(child.pid!, 'SIGTERM');
      await exited;
    }
    await rm(folder, { recursive: true, force: true });
  };
  return { url, stop };
}

async function ourClientSeconds(url: string): Promise<number> {
  const client = new YubiHsmClient(await ConnectorTransport.connect(url));
  await client.deviceInfo();
  const session = await client.openSession(1, { password: 'password' });
  for (let i = 0; i < 50; i++) await session.getObjectInfo(1, ObjectType.AuthenticationKey);
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) await session.getObjectInfo(1, ObjectType.AuthenticationKey);
  const seconds = (performance.now() - start) / 1000;
  await session.close();
  await client.close();
  return seconds;
}

function pythonSeconds(url: string): number | string {
  const python = spawnSync('python3', ['--version']);
  if (python.error || python.status !== 0) return 'python3 not found';
  if (!existsSync(join(PYTHON_YUBIHSM, 'yubihsm')))
    return `python-yubihsm not found at ${PYTHON_YUBIHSM} (set PYTHON_YUBIHSM)`;
  const run = spawnSync('python3', ['-c', PYTHON_SCRIPT, url], {
    env: { ...process.env, PYTHONPATH: PYTHON_YUBIHSM },
    encoding: 'utf8',
  });
  if (run.status !== 0) return `python-yubihsm failed: ${run.stderr.trim().split('\n').at(-1)}`;
  return Number(run.stdout.trim());
}

/**
 * Plain ECHO frames POSTed one after another over one kept-alive TCP connection, by a minimal
 * HTTP/1.1 client (one write per request, Content-Length framing), so the number measures the
 * server rather than node:http's client machinery.
 */
async function plainEchoRate(url: string): Promise<number> {
  const target = new URL(url);
  const frame = Buffer.from('01000401020304', 'hex');
  const requestBytes = Buffer.concat([
    Buffer.from(
      `POST /connector/api HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${frame.length}\r\n\r\n`,
    ),
    frame,
  ]);
  const socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
  await new Promise<void>((done, fail) => {
    socket.once('connect', done);
    socket.once('error', fail);
  });
  let buffered = Buffer.alloc(0);
  let waiting: ((ok: boolean) => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const headerEnd = buffered.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const head = buffered.subarray(0, headerEnd).toString('latin1');
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
    if (buffered.length < headerEnd + 4 + length) return;
    const ok = head.startsWith('HTTP/1.1 200') && buffered[headerEnd + 4] === 0x81;
    buffered = buffered.subarray(headerEnd + 4 + length);
    const resolveWaiting = waiting;
    waiting = undefined;
    resolveWaiting?.(ok);
  });
  const post = () =>
    new Promise<void>((done, fail) => {
      waiting = (ok) => (ok ? done() : fail(new Error('ECHO was not answered with 200 and 0x81')));
      socket.write(requestBytes);
    });
  const { rate } = await operationsPerSecond(post, 3, 200);
  socket.destroy();
  return rate;
}

/**
 * Authenticated 16-byte echoes through the client and the simulator in one process: the wall
 * rate, and the rate per CPU-second of this process (what the code costs, whatever else the
 * machine is running).
 */
async function inProcessEchoRate(): Promise<{ wall: number; perCpuSecond: number }> {
  const device = await SimulatedYubiHsm.create({ serial: 10000010 });
  const client = new YubiHsmClient(new SimulatorTransport(device));
  await client.deviceInfo();
  const session = await client.openSession(1, { password: 'password' });
  const data = new Uint8Array(16).fill(7);
  const before = process.cpuUsage();
  const { rate, count } = await operationsPerSecond(() => session.echo(data), 3, 500);
  const used = process.cpuUsage(before);
  await session.close();
  await client.close();
  return { wall: rate, perCpuSecond: (count + 500) / ((used.user + used.system) / 1e6) };
}

const ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchClientComparison(): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  const simulator = await startSimulatorProcess();
  try {
    // Warm the simulator's JIT first, then alternate the two clients so a busy machine slows
    // both alike; each side's figure is the median of its rounds.
    await ourClientSeconds(simulator.url);
    const ours: number[] = [];
    const python: number[] = [];
    let pythonProblem: string | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(await ourClientSeconds(simulator.url));
      if (pythonProblem) continue;
      const seconds = pythonSeconds(simulator.url);
      if (typeof seconds === 'number') python.push(seconds);
      else pythonProblem = seconds;
    }
    const oursMedian = median(ours);
    rows.push({
      name: `Custos client: ${CALLS} authenticated GET OBJECT INFO, loopback connector`,
      value: CALLS / oursMedian,
      unit: 'cmd/s',
      detail: `median of ${ROUNDS}: ${(oursMedian * 1000).toFixed(0)} ms`,
    });
    if (!pythonProblem) {
      const pythonMedian = median(python);
      rows.push({
        name: `python-yubihsm: the same ${CALLS} calls, same simulator`,
        value: CALLS / pythonMedian,
        unit: 'cmd/s',
        detail: `median of ${ROUNDS}: ${(pythonMedian * 1000).toFixed(0)} ms`,
      });
      rows.push({
        name: 'Custos client / python-yubihsm (target >= 2)',
        value: pythonMedian / oursMedian,
        unit: 'x',
      });
    } else {
      rows.push({
        name: 'python-yubihsm comparison',
        value: Number.NaN,
        unit: '',
        detail: `skipped: ${pythonProblem}`,
      });
    }
    rows.push({
      name: 'connector server: plain ECHO, one keep-alive client (target >= 10 000)',
      value: await plainEchoRate(simulator.url),
      unit: 'req/s',
    });
  } finally {
    await simulator.stop();
  }
  const inProcess = await inProcessEchoRate();
  rows.push({
    name: 'authenticated echo, 16 B, in process (target >= 20 000)',
    value: inProcess.wall,
    unit: 'cmd/s',
    detail: `${inProcess.perCpuSecond.toFixed(0)} per CPU-second of this process`,
  });
  return rows;
}
