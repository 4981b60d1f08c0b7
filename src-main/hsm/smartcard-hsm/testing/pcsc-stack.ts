// A private PC/SC stack for tests (spec §7.3): our own `pcscd -f` with a reader file that puts
// vsmartcard's vpcd on a free loopback port, and virtual cards in its two slots, either in this
// process (a ViccBridge) or as the `custos simulator --smartcard-hsm --vpcd` process a person
// would run. Every step has a time limit, and stop() ends exactly the processes started here.
//
// Use:
//   const stack = await PcscTestStack.start();
//   await stack.startSimulator('/tmp/x/card.json', 0);     // or insertCard(virtualCard, 1)
//   await stack.scHsmTool(['--initialize', ...], { slot: 0 });
//   await stack.stop();

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CUSTOS_COMMAND } from '../../../testing/custos-command';
import type { VirtualCard } from '../simulator/virtual-card';
import { pcscBinding } from '../pcsc/pcsc-binding';
import { ViccBridge } from '../vpcd/vicc-bridge';
import { pcscdAnswers, refuseForeignPcscd, takeStackLock } from './pcscd-guard';
import { runTool, type ToolResult } from './run-tool';
import { PCSCD, SC_HSM_TOOL, stackPrerequisites } from './stack-prerequisites';

export interface PcscTestStackOptions {
  /** Limit for each step (pcscd up, a card in the reader, a process gone). */
  stepTimeoutMs?: number;
  /** How long to wait for another Custos test stack on this machine to finish. */
  lockWaitMs?: number;
}

export interface SimulatorProcess {
  readonly pid: number;
  output(): string;
  /** SIGKILL: the card vanishes from the reader mid-whatever, like a card pulled out. */
  pull(): Promise<void>;
  /** SIGTERM and wait: the simulator writes its state and says so. */
  stop(): Promise<void>;
}

export class PcscTestStack {
  private pcscd: ChildProcess | undefined;
  private pcscdLog = '';
  private pcscdFrozen = false;
  private readonly bridges: ViccBridge[] = [];
  private readonly children: ChildProcess[] = [];

  private constructor(
    readonly folder: string,
    readonly port: number,
    private readonly stepTimeoutMs: number,
    private readonly releaseLock: () => void,
  ) {}

  /** Environment for PC/SC clients: OpenSC reads a private config (no file cache between cards). */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, OPENSC_CONF: join(this.folder, 'opensc.conf') };
  }

  /** vpcd's reader for a slot as pcscd names it. */
  readerName(slot: 0 | 1): string {
    return `Virtual PCD 00 0${slot}`;
  }

  static async start(options: PcscTestStackOptions = {}): Promise<PcscTestStack> {
    const prerequisites = stackPrerequisites();
    if (!prerequisites.available) throw new Error(prerequisites.reason);
    const stepTimeoutMs = options.stepTimeoutMs ?? 15_000;
    const release = await takeStackLock(options.lockWaitMs ?? 10 * 60_000);
    let folder: string | undefined;
    try {
      await refuseForeignPcscd();
      folder = await mkdtemp(join(tmpdir(), 'custos-pcsc-'));
      const port = await freePortPair();
      // pcscd reads every file in its reader folder, so that folder holds the reader file only.
      await mkdir(join(folder, 'readers'));
      await writeFile(
        join(folder, 'readers', 'vpcd'),
        [
          'FRIENDLYNAME "Virtual PCD"',
          `DEVICENAME /dev/null:${port}`,
          `LIBPATH ${prerequisites.vpcdDriver}`,
          `CHANNELID ${port}`,
          '',
        ].join('\n'),
      );
      await writeFile(
        join(folder, 'opensc.conf'),
        'app default {\n  framework pkcs15 {\n    use_file_caching = no;\n  }\n}\n',
      );
      const stack = new PcscTestStack(folder, port, stepTimeoutMs, release);
      await stack.startPcscd();
      return stack;
    } catch (error) {
      if (folder) await rm(folder, { recursive: true, force: true });
      release();
      throw error;
    }
  }

  /** Puts an in-process virtual card into a slot; resolves once pcscd can see it. */
  async insertCard(card: VirtualCard, slot: 0 | 1 = 0): Promise<ViccBridge> {
    const bridge = new ViccBridge(card, { host: '127.0.0.1', port: this.port + slot });
    this.bridges.push(bridge);
    bridge.start();
    await bridge.whenInReader(this.stepTimeoutMs);
    await this.waitForCard(slot, true);
    return bridge;
  }

  /**
   * Waits until pcscd reports the slot's card present (or absent): vpcd has the card a moment
   * before pcscd's next look at the reader says so. Without the PC/SC binding, vpcd's word is
   * all there is to go on.
   */
  async waitForCard(slot: 0 | 1, present: boolean): Promise<void> {
    const availability = await pcscBinding();
    if (!availability.available) return;
    const { binding } = availability;
    const reader = this.readerName(slot);
    const seen = () => {
      const context = new binding.Context();
      try {
        const found = context.listReaders().find((candidate) => candidate.name === reader);
        return ((found?.state ?? 0) & binding.SCARD_STATE_PRESENT) !== 0;
      } finally {
        context.close();
      }
    };
    await waitFor(
      () => seen() === present,
      () => false,
      this.stepTimeoutMs,
      () => `pcscd did not report the card in ${reader} as ${present ? 'present' : 'removed'}`,
    );
  }

  /**
   * Starts `custos simulator --smartcard-hsm --vpcd` for a slot (`extraArgs`: `--pico-hsm`);
   * resolves once its card is in the reader.
   */
  async startSimulator(
    statePath: string,
    slot: 0 | 1 = 0,
    extraArgs: readonly string[] = [],
  ): Promise<SimulatorProcess> {
    const child = spawn(
      process.execPath,
      [
        CUSTOS_COMMAND,
        'simulator',
        '--smartcard-hsm',
        '--vpcd',
        `127.0.0.1:${this.port + slot}`,
        '--state',
        statePath,
        ...extraArgs,
      ],
      {
        cwd: this.folder,
        env: { ...process.env, CUSTOS_DEBUG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const gone = new Promise<void>((done) => child.once('exit', () => done()));
    // The launcher builds the command first when a source is newer, so this step gets more time.
    await waitFor(
      () => /in the reader/.test(output),
      () => child.exitCode !== null,
      this.stepTimeoutMs * 3,
      () => `the simulator for slot ${slot} did not reach vpcd's reader; it printed:\n${output}`,
    );
    await this.waitForCard(slot, true);
    const pid = child.pid!;
    return {
      pid,
      output: () => output,
      pull: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await withTimeout(gone, this.stepTimeoutMs, `simulator process ${pid} did not exit`);
      },
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await withTimeout(
          gone,
          this.stepTimeoutMs,
          `simulator process ${pid} did not stop on SIGTERM`,
        );
      },
    };
  }

  /** Runs Debian's sc-hsm-tool against a slot with a time limit. */
  scHsmTool(
    args: string[],
    options: { slot?: 0 | 1; input?: string; timeoutMs?: number } = {},
  ): Promise<ToolResult> {
    return runTool(SC_HSM_TOOL, ['--reader', String(options.slot ?? 0), ...args], {
      timeoutMs: options.timeoutMs ?? 60_000,
      input: options.input,
      env: this.env,
      cwd: this.folder,
    });
  }

  /** Stops our pcscd (for "pcscd stopped mid-exchange"); the cards stay where they are. */
  /**
   * SIGSTOP to the pcscd this stack started: a service that is there but answers nothing, as a
   * hung pcscd does. `thawPcscd` (and `stop`) send SIGCONT to the same pid.
   */
  freezePcscd(): void {
    if (!this.pcscd?.pid) throw new Error('no pcscd of this stack is running');
    this.pcscd.kill('SIGSTOP');
    this.pcscdFrozen = true;
  }

  thawPcscd(): void {
    if (this.pcscdFrozen) this.pcscd?.kill('SIGCONT');
    this.pcscdFrozen = false;
  }

  async stopPcscd(): Promise<void> {
    // A stopped process does not act on SIGTERM until it runs again.
    this.thawPcscd();
    const pcscd = this.pcscd;
    this.pcscd = undefined;
    if (pcscd) await stopChild(pcscd, this.stepTimeoutMs);
  }

  /** Starts our pcscd again after stopPcscd(); the virtual cards find vpcd again by themselves. */
  async restartPcscd(): Promise<void> {
    if (this.pcscd) return;
    await this.startPcscd();
  }

  async stop(): Promise<void> {
    try {
      this.thawPcscd();
      await Promise.all(this.bridges.splice(0).map((bridge) => bridge.stop()));
      await Promise.all(
        this.children.splice(0).map((child) => stopChild(child, this.stepTimeoutMs)),
      );
      await this.stopPcscd();
    } finally {
      await rm(this.folder, { recursive: true, force: true });
      this.releaseLock();
    }
  }

  private async startPcscd(): Promise<void> {
    const pcscd = spawn(PCSCD, ['--foreground', '--config', join(this.folder, 'readers')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pcscd = pcscd;
    const keep = (chunk: Buffer) =>
      (this.pcscdLog = (this.pcscdLog + chunk.toString()).slice(-4000));
    pcscd.stdout!.on('data', keep);
    pcscd.stderr!.on('data', keep);
    let up = false;
    const poll = async () => {
      up = await pcscdAnswers(undefined, 500);
    };
    await waitFor(
      async () => (await poll(), up),
      () => pcscd.exitCode !== null,
      this.stepTimeoutMs,
      () => `pcscd did not start (exit code ${pcscd.exitCode}); it printed:\n${this.pcscdLog}`,
    );
  }
}

async function waitFor(
  ready: () => boolean | Promise<boolean>,
  failed: () => boolean,
  timeoutMs: number,
  sentence: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return;
    if (failed() || Date.now() > deadline) throw new Error(sentence());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error as Error)),
    );
  });
}

/** SIGTERM, then SIGKILL if it is still there after the step's time. */
async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  try {
    await withTimeout(gone, timeoutMs, 'process did not stop');
  } catch {
    child.kill('SIGKILL');
    await withTimeout(gone, timeoutMs, `process ${child.pid} did not end after SIGKILL`);
  }
}

/** A port p with p and p+1 free: vpcd listens on both, one per slot (spec §7.3). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await listenOnce(0);
    if (port < 65535 && (await canListen(port)) && (await canListen(port + 1))) return port;
  }
  throw new Error('found no two free neighbouring ports for vpcd');
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '0.0.0.0' }, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function canListen(port: number): Promise<boolean> {
  try {
    await listenOnce(port);
    return true;
  } catch {
    return false;
  }
}
