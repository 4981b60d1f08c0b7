// `custos simulator --smartcard-hsm --vpcd` as a person runs it, against a stand-in for vpcd
// that speaks vpcd's side of the framing (spec §7.2): the card answers "get ATR" and a SELECT,
// comes back after vpcd drops it, refuses a non-loopback address, and keeps its state on SIGTERM.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  VPCD_CONTROL,
  VpcdReader,
  vpcdFrame,
  type VpcdMessage,
} from '../../hsm/smartcard-hsm/vpcd/vpcd-framing';
import { CUSTOS_COMMAND } from '../../testing/custos-command';

const entry = CUSTOS_COMMAND;
const SELECT_SMARTCARD_HSM = Buffer.from('00a404000be82b0601040181c31f0201', 'hex');

let folder: string;
const children: ChildProcess[] = [];
const servers: Server[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'custos-cli-schsm-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) server.close();
  await rm(folder, { recursive: true, force: true });
});

function cli(args: string[]) {
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
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('exit', (code) => setImmediate(() => done({ code, stdout, stderr }))),
  );
  return { child, exit, stdout: () => stdout };
}

/** vpcd's side: accepts the card, and hands each connection to the test as it comes. */
async function fakeVpcd(): Promise<{ port: number; next: () => Promise<Connection> }> {
  const waiting: ((connection: Connection) => void)[] = [];
  const ready: Connection[] = [];
  const server = createServer((socket) => {
    const connection = new Connection(socket);
    const taker = waiting.shift();
    if (taker) taker(connection);
    else ready.push(connection);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    next: () => {
      const connection = ready.shift();
      return connection ? Promise.resolve(connection) : new Promise((done) => waiting.push(done));
    },
  };
}

class Connection {
  private readonly reader = new VpcdReader();
  private readonly replies: ((message: VpcdMessage) => void)[] = [];
  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const message of this.reader.push(chunk)) this.replies.shift()?.(message);
    });
  }
  /** Sends one message and waits for the card's answer. */
  ask(payload: Uint8Array): Promise<Uint8Array> {
    return new Promise((done) => {
      this.replies.push((message) =>
        done(
          message.kind === 'apdu'
            ? message.apdu
            : message.kind === 'control'
              ? Uint8Array.of(message.code)
              : new Uint8Array(0),
        ),
      );
      this.socket.write(vpcdFrame(payload));
    });
  }
}

describe('custos simulator --smartcard-hsm', () => {
  it('answers vpcd, comes back after vpcd drops it, and keeps its state on SIGTERM', async () => {
    const vpcd = await fakeVpcd();
    const running = cli([
      'simulator',
      '--smartcard-hsm',
      '--vpcd',
      `127.0.0.1:${vpcd.port}`,
      '--state',
      'card.json',
    ]);
    const first = await vpcd.next();
    first.socket.write(vpcdFrame(Uint8Array.of(VPCD_CONTROL.powerOn)));
    const atr = await first.ask(Uint8Array.of(VPCD_CONTROL.getAtr));
    expect(Buffer.from(atr).toString('hex')).toBe(
      '3bfe1800008131fe458031815448534d31738021408107fa',
    );
    const selected = await first.ask(SELECT_SMARTCARD_HSM);
    expect(Buffer.from(selected.subarray(-2)).toString('hex')).toBe('9000');

    first.socket.destroy();
    const second = await vpcd.next();
    expect(
      Buffer.from(await second.ask(Uint8Array.of(VPCD_CONTROL.getAtr))).toString('hex'),
    ).toMatch(/^3bfe18/);
    expect(Buffer.from((await second.ask(SELECT_SMARTCARD_HSM)).subarray(-2)).toString('hex')).toBe(
      '9000',
    );

    running.child.kill('SIGTERM');
    const { code, stdout } = await running.exit;
    expect(code).toBe(0);
    expect(stdout).toContain(`Simulated SmartCard-HSM for vpcd at 127.0.0.1:${vpcd.port}`);
    expect(stdout).toContain('The card is in the reader: pcscd and sc-hsm-tool can see it.');
    expect(stdout).toMatch(/Stopped on SIGTERM; the simulated card's state is in .*card\.json\./);
    expect(existsSync(join(folder, 'card.json'))).toBe(true);
  }, 60_000);

  it('refuses an address off this computer, and --serial, with the reason', async () => {
    const remote = await cli([
      'simulator',
      '--smartcard-hsm',
      '--vpcd',
      '192.168.1.7:35963',
      '--state',
      'x.json',
    ]).exit;
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain(
      'the virtual card connects to vpcd on this computer only; use 127.0.0.1:35963, not 192.168.1.7',
    );
    const serial = await cli(['simulator', '--smartcard-hsm', '--serial', '5', '--state', 'x.json'])
      .exit;
    expect(serial.code).toBe(2);
    expect(serial.stderr).toContain(
      '--serial, --fault-at and --fault are for a simulated YubiHSM 2',
    );
    expect(existsSync(join(folder, 'x.json'))).toBe(false);
  }, 60_000);
});
