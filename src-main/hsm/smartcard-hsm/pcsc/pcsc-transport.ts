// A SmartCard-HSM (or Nitrokey HSM 2, Pico HSM) in a PC/SC reader, as a CardTransport: one APDU
// at a time, each with a time limit, through the `smartcard` binding and pcscd (spec §7.3).
// Responses may be extended-length (a wrapped RSA key is longer than 256 bytes), hence the
// 65538-byte receive buffer; the binding's default of 258 refuses them.
//
// Use:
//   const card = await PcscTransport.open('Nitrokey Nitrokey HSM (DENK0100000) 00 00');
//   const response = await card.transmit(selectApdu);   // data ‖ SW1 SW2
//   await card.close();

import type { CardTransport } from '../transport/card-transport';
import { sharedPcscHost, type PcscHost } from './pcsc-host';
import { noCardSentence, noReaderSentence, PcscError, pcscError } from './pcsc-sentences';

/** Room for an extended-length response: 65536 data bytes and SW1 SW2. */
export const MAX_RESPONSE_LENGTH = 65538;

export interface PcscTransportOptions {
  /** Limit for connecting and for each APDU; a real card answers a key wrap within seconds. */
  timeoutMs?: number;
  /** Where PC/SC calls run; the app's shared host process unless a test brings its own. */
  pcsc?: PcscHost;
}

export class PcscTransport implements CardTransport {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private broken: PcscError | undefined;

  private constructor(
    private readonly pcsc: PcscHost,
    private readonly card: number,
    private readonly reader: string,
    private readonly timeoutMs: number,
    private readonly leaveCard: number,
  ) {}

  get description(): string {
    return this.reader;
  }

  /** Connects to the card in the named reader (shared, T=0 or T=1). */
  static async open(reader: string, options: PcscTransportOptions = {}): Promise<PcscTransport> {
    const pcsc = options.pcsc ?? sharedPcscHost();
    const availability = await pcsc.availability();
    if (!availability.available) throw new PcscError('not-installed', availability.reason);
    const { constants } = availability;
    const timeoutMs = options.timeoutMs ?? 20_000;
    try {
      const readers = await pcsc.list();
      const found = readers.find((candidate) => candidate.name === reader);
      if (!found) {
        if (readers.length === 0) throw new PcscError('no-reader', noReaderSentence());
        throw new PcscError(
          'no-reader',
          `The reader ${reader} is not connected (readers here: ${readers.map((r) => r.name).join(', ')}); plug it in and try again`,
        );
      }
      if ((found.state & constants.SCARD_STATE_PRESENT) === 0) {
        throw new PcscError('no-card', noCardSentence(reader));
      }
      const card = await withTimeout(
        pcsc.connect(reader, timeoutMs),
        timeoutMs,
        reader,
        'connecting',
      );
      return new PcscTransport(pcsc, card, reader, timeoutMs, constants.SCARD_LEAVE_CARD);
    } catch (error) {
      throw pcscError(error, reader, 'connecting');
    }
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const run = this.queue.then(() => this.exchange(apdu));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.pcsc.disconnect(this.card, this.leaveCard);
    } catch {
      // Already gone with the card, the service or the host process; nothing left to release.
    }
  }

  private async exchange(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.broken) throw this.broken;
    if (this.closed) {
      throw new PcscError(
        'closed',
        `The session with the card in ${this.reader} has ended; connect again`,
      );
    }
    try {
      const response = await withTimeout(
        this.pcsc.transmit(this.card, apdu, MAX_RESPONSE_LENGTH, this.timeoutMs, this.reader),
        // The host's own limit ends a hung pcscd; this one is a backstop a little later.
        this.timeoutMs + 1000,
        this.reader,
        'waiting for its answer',
      );
      if (response.length < 2) {
        // vpcd and some readers hand back an empty answer when the card left mid-command.
        throw new PcscError(
          'card-removed',
          `The card in ${this.reader} gave no answer (it was removed or lost power) while waiting for its answer; insert it again and repeat this step`,
        );
      }
      return response;
    } catch (error) {
      const failure = pcscError(error, this.reader, 'waiting for its answer');
      // After a timeout or a lost card the card's state is unknown: no further APDU may go out
      // on this session as if nothing happened.
      if (failure.problem !== 'failed') {
        this.broken = failure;
        await this.close();
      }
      throw failure;
    }
  }
}

function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  reader: string,
  doing: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new PcscError(
            'timeout',
            `The card in ${reader} did not answer within ${timeoutMs / 1000} s while ${doing}; take it out, insert it again and repeat this step (check that pcscd is running)`,
          ),
        ),
      timeoutMs,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
