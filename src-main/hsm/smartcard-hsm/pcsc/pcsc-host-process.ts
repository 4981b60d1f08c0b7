// The PC/SC host process: the one place the native `smartcard` binding is loaded and called
// (spec §7.3). pcsc-lite's client calls block their thread until pcscd answers, and a hung
// pcscd never does; in here that blocks only this process, which main ends when a call runs
// past its time limit (pcsc-host.ts). It answers main's requests one at a time, in order.
//
// argv[2], when given, names the module to load instead of `smartcard` (tests use a missing
// one to see the sentence a machine without the binding shows).

import { loadPcscBinding, type PcscBinding, type PcscCard, type PcscContext } from './pcsc-binding';
import type { HostAnswer, HostMessage, HostRequest } from './pcsc-host-messages';

const moduleName = process.argv[2] || 'smartcard';

/** Electron's utilityProcess gives the child a parentPort; a Node fork gives process.send. */
const parentPort = (
  process as unknown as {
    parentPort?: {
      on(event: 'message', listener: (event: { data: HostRequest }) => void): void;
      postMessage(message: HostMessage): void;
    };
  }
).parentPort;

function send(message: HostMessage): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onRequest(listener: (request: HostRequest) => void): void {
  if (parentPort) parentPort.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

async function main(): Promise<void> {
  const availability = await loadPcscBinding(
    () => import(/* @vite-ignore */ moduleName) as Promise<unknown>,
  );
  if (!availability.available) {
    send({ kind: 'hello', available: false, reason: availability.reason });
    return;
  }
  const { binding } = availability;
  send({
    kind: 'hello',
    available: true,
    constants: {
      SCARD_SHARE_SHARED: binding.SCARD_SHARE_SHARED,
      SCARD_PROTOCOL_T0: binding.SCARD_PROTOCOL_T0,
      SCARD_PROTOCOL_T1: binding.SCARD_PROTOCOL_T1,
      SCARD_LEAVE_CARD: binding.SCARD_LEAVE_CARD,
      SCARD_RESET_CARD: binding.SCARD_RESET_CARD,
      SCARD_STATE_PRESENT: binding.SCARD_STATE_PRESENT,
      SCARD_STATE_MUTE: binding.SCARD_STATE_MUTE,
    },
  });
  const host = new Host(binding);
  let queue = Promise.resolve();
  onRequest((request) => {
    queue = queue.then(async () => send(await host.answer(request)));
  });
}

class Host {
  private context: PcscContext | undefined;
  private readonly cards = new Map<number, { card: PcscCard; context: PcscContext }>();
  private nextCard = 1;

  constructor(private readonly binding: PcscBinding) {}

  async answer(request: HostRequest): Promise<HostAnswer> {
    try {
      switch (request.op) {
        case 'list':
          return { kind: 'answer', id: request.id, ok: true, readers: this.list() };
        case 'connect':
          return {
            kind: 'answer',
            id: request.id,
            ok: true,
            card: await this.connect(request.reader),
          };
        case 'transmit': {
          const card = this.card(request.card);
          const response = await card.transmit(Buffer.from(request.apdu), {
            maxRecvLength: request.maxRecvLength,
          });
          return { kind: 'answer', id: request.id, ok: true, data: Uint8Array.from(response) };
        }
        case 'disconnect': {
          const session = this.cards.get(request.card);
          this.cards.delete(request.card);
          try {
            if (session?.card.connected) session.card.disconnect(request.disposition);
          } finally {
            session?.context.close();
          }
          return { kind: 'answer', id: request.id, ok: true };
        }
      }
    } catch (error) {
      // A failed call may leave the context unusable (pcscd restarted): start a fresh one.
      if (request.op === 'list') this.dropContext();
      return {
        kind: 'answer',
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }

  private list() {
    this.context ??= new this.binding.Context();
    return this.context
      .listReaders()
      .map((reader) => ({ name: reader.name, state: reader.state, atr: reader.atr }));
  }

  private async connect(name: string): Promise<number> {
    // A context of its own per card, as the in-thread transport had: a later listing that
    // drops the shared context must not take a card session with it.
    const context = new this.binding.Context();
    try {
      const reader = context.listReaders().find((candidate) => candidate.name === name);
      if (!reader) throw new Error(`unknown reader ${name}`);
      const card = await reader.connect(
        this.binding.SCARD_SHARE_SHARED,
        this.binding.SCARD_PROTOCOL_T0 | this.binding.SCARD_PROTOCOL_T1,
      );
      const id = this.nextCard++;
      this.cards.set(id, { card, context });
      return id;
    } catch (error) {
      context.close();
      throw error;
    }
  }

  private card(id: number): PcscCard {
    const session = this.cards.get(id);
    if (!session) throw new Error('the card session has ended');
    return session.card;
  }

  private dropContext(): void {
    try {
      this.context?.close();
    } catch {
      // Gone with the service.
    }
    this.context = undefined;
  }
}

// Main gone (the IPC channel closed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
void main();
