// APDUs to a simulated SmartCard-HSM in this process: unit tests and the app's embedded
// simulated pair use it, no pcscd needed. remove()/insert() let a rehearsal practise the card
// being pulled mid-step: the transport then fails as PC/SC does, with a sentence.

import type { VirtualCard } from '../simulator/virtual-card';
import type { CardTransport } from './card-transport';

/** The card is not there (removed, or the transport was closed). */
export class CardTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardTransportError';
  }
}

export class SimulatorCardTransport implements CardTransport {
  private present = true;
  private closed = false;

  constructor(
    private readonly card: VirtualCard,
    readonly description = 'simulated SmartCard-HSM',
  ) {}

  get cardPresent(): boolean {
    return this.present;
  }

  /** Pulls the card out of the reader: exchanges fail until insert(). */
  remove(): void {
    this.present = false;
  }

  /** Puts the card back: it is powered up again, so its PIN state is gone (spec §7.1). */
  insert(): void {
    if (this.present) return;
    this.present = true;
    this.card.reset();
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.closed)
      throw new CardTransportError(
        `the connection to the ${this.description} is closed; connect to the card again`,
      );
    if (!this.present)
      throw new CardTransportError(
        `the card was removed: the ${this.description} is not in the reader; insert the card and try the step again`,
      );
    return this.card.transmit(apdu);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
