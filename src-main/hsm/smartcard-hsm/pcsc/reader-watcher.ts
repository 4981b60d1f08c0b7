// The PC/SC readers present now, and attach / detach events as readers come and go and cards
// are inserted and removed, like the YubiHSM 2 hot-plug watcher (STYLE.md §9): it reports
// descriptors, never handles; whoever talks to a card opens its own PcscTransport by reader.
// pcscd is asked about once a second with a zero-timeout status call (reader-poller.ts), so a
// stopped or restarted service is noticed and reported as a sentence.
//
// Use:
//   const watcher = new PcscReaderWatcher();
//   const stop = watcher.onChange((event) => ...);   // { type: 'attach' | 'detach', reader }
//   await watcher.start();  watcher.list();  watcher.pcscState;
//   await watcher.stop();

import { systemTimers, type Timers } from '../../yubihsm/transport/timers';
import { INSTALL_PCSC_SENTENCE } from './pcsc-binding';
import { sharedPcscHost, type PcscHost } from './pcsc-host';
import type { PcscConstants } from './pcsc-host-messages';
import { START_PCSCD_SENTENCE } from './pcsc-sentences';
import { createReaderPoller, type ReaderLook, type ReaderPoller } from './reader-poller';

/** The historical bytes "THSM1" SmartCard-HSM, Nitrokey HSM 2 and Pico HSM all show in their ATR. */
const SMARTCARD_HSM_ATR_MARK = '5448534d31';

export interface ReaderDescriptor {
  /** Stable key: "pcsc:<reader name>". */
  id: string;
  reader: string;
  transport: 'pcsc';
  card: 'present' | 'absent';
  /** Upper-case hex of the card's ATR while a card is in. */
  atr?: string;
  /** The ATR says SmartCard-HSM family; SELECT of its application confirms it. */
  smartCardHsm: boolean;
  /** Present when the reader is there but cannot be used now, as a sentence saying what to do. */
  problem?: string;
}

export type ReaderEvent =
  { type: 'attach'; reader: ReaderDescriptor } | { type: 'detach'; reader: ReaderDescriptor };

export type PcscState =
  { available: true } | { available: false; reason: string } | { available: 'unknown' };

export interface PcscReaderWatcherOptions {
  /** Where PC/SC calls run; the app's shared host process unless a test brings its own. */
  pcsc?: PcscHost;
  pollMs?: number;
  timers?: Timers;
}

export class PcscReaderWatcher {
  private readonly readers = new Map<string, ReaderDescriptor>();
  private readonly listeners = new Set<(event: ReaderEvent) => void>();
  private readonly stateListeners = new Set<(state: PcscState) => void>();
  private constants: PcscConstants | undefined;
  private poller: ReaderPoller | undefined;
  private polling: Promise<void> | undefined;
  private state: PcscState = { available: 'unknown' };
  private timer: unknown;
  private running = false;

  constructor(private readonly options: PcscReaderWatcherOptions = {}) {}

  get pcscState(): PcscState {
    return this.state;
  }

  async start(): Promise<void> {
    const pcsc = this.options.pcsc ?? sharedPcscHost();
    const availability = await pcsc.availability();
    if (!availability.available) {
      this.state = { available: false, reason: availability.reason };
      return;
    }
    this.constants = availability.constants;
    this.poller = createReaderPoller(pcsc);
    this.running = true;
    await this.poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.poller?.close();
    this.poller = undefined;
  }

  list(): ReaderDescriptor[] {
    return [...this.readers.values()].map((reader) => ({ ...reader }));
  }

  onChange(listener: (event: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears when PC/SC becomes usable or stops being usable (pcscd started or stopped). */
  onStateChange(listener: (state: PcscState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Looks again now (a Retry button, "I started pcscd"). */
  async refresh(): Promise<void> {
    if (!this.constants) {
      // The module may have been installed since; a restart of Custos loads it.
      return;
    }
    await this.poll();
  }

  private get timers(): Timers {
    return this.options.timers ?? systemTimers;
  }

  private poll(): Promise<void> {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const poller = this.poller;
    const constants = this.constants;
    if (!this.running || !poller || !constants) return Promise.resolve();
    this.polling ??= poller
      .look()
      .then((look) => this.apply(constants, look))
      .finally(() => {
        this.polling = undefined;
        if (!this.running) return;
        this.timer = this.timers.setTimeout(() => {
          this.timer = undefined;
          void this.poll();
        }, this.options.pollMs ?? 1000);
      });
    return this.polling;
  }

  private apply(constants: PcscConstants, look: ReaderLook): void {
    const before = JSON.stringify(this.state);
    let seen: ReaderDescriptor[] = [];
    if (look.ok) {
      seen = look.readers.map((reader) =>
        describe(constants, reader.name, reader.state, reader.atr),
      );
      this.state = { available: true };
    } else if (look.hung) {
      // The readers may all be there still; nothing can be said of them until pcscd answers.
      this.state = { available: false, reason: look.message };
    } else if (/no readers/i.test(look.message)) {
      this.state = { available: true };
    } else {
      this.state = {
        available: false,
        reason: /service/i.test(look.message)
          ? `${START_PCSCD_SENTENCE}; readers and cards appear here once it runs`
          : `PC/SC is not usable here (${look.message}); start pcscd, or ${INSTALL_PCSC_SENTENCE}`,
      };
    }
    const ids = new Set(seen.map((reader) => reader.id));
    for (const [id, reader] of this.readers) {
      if (!ids.has(id)) {
        this.readers.delete(id);
        this.emit({ type: 'detach', reader });
      }
    }
    for (const reader of seen) {
      const earlier = this.readers.get(reader.id);
      if (earlier && sameReader(earlier, reader)) continue;
      if (earlier) this.emit({ type: 'detach', reader: earlier });
      this.readers.set(reader.id, reader);
      this.emit({ type: 'attach', reader });
    }
    if (JSON.stringify(this.state) !== before) {
      for (const listener of [...this.stateListeners]) listener({ ...this.state });
    }
  }

  private emit(event: ReaderEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener({ type: event.type, reader: { ...event.reader } });
      } catch {
        // One listener's failure must not keep the others from hearing about the reader.
      }
    }
  }
}

function describe(
  constants: PcscConstants,
  name: string,
  state: number,
  atr: Uint8Array | null,
): ReaderDescriptor {
  const present = (state & constants.SCARD_STATE_PRESENT) !== 0;
  const atrHex =
    present && atr && atr.length > 0 ? Buffer.from(atr).toString('hex').toUpperCase() : undefined;
  const descriptor: ReaderDescriptor = {
    id: `pcsc:${name}`,
    reader: name,
    transport: 'pcsc',
    card: present ? 'present' : 'absent',
    smartCardHsm: atrHex !== undefined && atrHex.toLowerCase().includes(SMARTCARD_HSM_ATR_MARK),
  };
  if (atrHex) descriptor.atr = atrHex;
  if (present && (state & constants.SCARD_STATE_MUTE) !== 0) {
    descriptor.problem = `The card in ${name} does not answer; take it out and insert it again`;
  }
  return descriptor;
}

function sameReader(a: ReaderDescriptor, b: ReaderDescriptor): boolean {
  return a.card === b.card && a.atr === b.atr && a.problem === b.problem;
}
