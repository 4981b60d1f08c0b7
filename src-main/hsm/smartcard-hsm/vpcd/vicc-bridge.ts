// Puts a VirtualCard into vpcd's reader (spec §7.2, §7.3): the card connects to vpcd on
// loopback as a vsmartcard "vicc", answers vpcd's control codes and APDUs, and connects again
// whenever vpcd drops it (pcscd restarts, vpcd not up yet). Nothing here waits on anything but
// the socket: the card answers synchronously, so one stalled card can never hang every PC/SC
// client on the machine.
//
// Use:
//   const bridge = new ViccBridge(card, { host: '127.0.0.1', port: 35963 });
//   bridge.start();
//   await bridge.whenInReader(10_000);   // vpcd has asked for the ATR: pcscd sees the card
//   await bridge.removeCard();           // as if pulled out; insertCard() puts it back
//   await bridge.stop();

import { Socket } from 'node:net';
import type { VirtualCard } from '../simulator/virtual-card';
import { VPCD_CONTROL, VpcdReader, vpcdFrame, type VpcdMessage } from './vpcd-framing';

export type ViccState =
  | { state: 'connecting' }
  /** Connected; `inReader` once vpcd has asked for the ATR (pcscd then reports the card). */
  | { state: 'connected'; inReader: boolean }
  | { state: 'waiting'; reason: string }
  | { state: 'removed' }
  | { state: 'stopped' };

export interface ViccBridgeOptions {
  host: string;
  port: number;
  /** Pause before connecting again after vpcd dropped or refused us. */
  reconnectMs?: number;
  /** Called on every change of state, for the CLI's lines and the tests. */
  onState?: (state: ViccState) => void;
}

/** What a card answers when its own code failed: "no precise diagnosis" (ISO 7816-4). */
const SW_NO_DIAGNOSIS = Uint8Array.of(0x6f, 0x00);

export class ViccBridge {
  private socket: Socket | undefined;
  private readonly reader = new VpcdReader();
  private current: ViccState = { state: 'stopped' };
  private retry: ReturnType<typeof setTimeout> | undefined;
  private wanted = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly card: VirtualCard,
    private readonly options: ViccBridgeOptions,
  ) {}

  get state(): ViccState {
    return this.current;
  }

  /** Starts connecting to vpcd, and keeps connecting until stop(). */
  start(): void {
    this.wanted = true;
    this.connect();
  }

  /** Disconnects for good; resolves once the socket is closed. */
  async stop(): Promise<void> {
    this.wanted = false;
    await this.disconnect();
    this.setState({ state: 'stopped' });
  }

  /** Takes the card out of the reader (pcscd reports it removed) until insertCard(). */
  async removeCard(): Promise<void> {
    this.wanted = false;
    await this.disconnect();
    this.card.reset();
    this.setState({ state: 'removed' });
  }

  insertCard(): void {
    if (this.wanted) return;
    this.start();
  }

  /** Resolves once vpcd has asked for the ATR on the current connection, i.e. the card is in the reader. */
  whenInReader(timeoutMs: number): Promise<void> {
    if (this.current.state === 'connected' && this.current.inReader) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(
          new Error(
            `vpcd at ${this.options.host}:${this.options.port} did not take the virtual card within ${timeoutMs / 1000} s; is pcscd running with the vpcd reader on that port?`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(done);
    });
  }

  private connect(): void {
    if (!this.wanted || this.socket) return;
    this.setState({ state: 'connecting' });
    const socket = new Socket();
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => this.setState({ state: 'connected', inReader: false }));
    socket.on('data', (chunk: Buffer) => {
      for (const message of this.reader.push(chunk)) this.answer(socket, message);
    });
    socket.on('error', () => {
      // 'close' follows and says what happened; the error itself only explains why.
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.reader.clear();
      this.card.reset();
      if (!this.wanted) return;
      this.setState({
        state: 'waiting',
        reason: `no vpcd at ${this.options.host}:${this.options.port} (or it dropped the card); trying again`,
      });
      // Not unref'd: a card waiting to get back into the reader is what keeps the CLI alive.
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.connect();
      }, this.options.reconnectMs ?? 500);
    });
    socket.connect(this.options.port, this.options.host);
  }

  private answer(socket: Socket, message: VpcdMessage): void {
    if (message.kind === 'control') {
      if (message.code === VPCD_CONTROL.getAtr) {
        socket.write(vpcdFrame(this.card.atr));
        if (this.current.state === 'connected' && !this.current.inReader) {
          this.setState({ state: 'connected', inReader: true });
        }
      } else if (
        message.code === VPCD_CONTROL.powerOff ||
        message.code === VPCD_CONTROL.powerOn ||
        message.code === VPCD_CONTROL.reset
      ) {
        // A power cycle or reset ends the card session: the verified PINs go (§7.1).
        this.card.reset();
      }
      // Unknown control codes get no answer, as vsmartcard's own virtual cards do.
      return;
    }
    if (message.kind === 'empty') return;
    let response: Uint8Array;
    try {
      response = this.card.transmit(message.apdu);
    } catch {
      response = SW_NO_DIAGNOSIS;
    }
    socket.write(vpcdFrame(response));
  }

  private disconnect(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.reader.clear();
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  private setState(state: ViccState): void {
    this.current = state;
    this.options.onState?.(state);
    if (state.state === 'connected' && state.inReader) {
      for (const waiter of [...this.waiters]) waiter();
    }
  }
}
