// Main's side of PC/SC: every call into pcsc-lite runs in a child process (pcsc-host-process.ts)
// and main waits for its answer with a time limit. pcsc-lite's calls block until pcscd answers;
// a pcscd that hangs (stopped, or stuck on a reader) would otherwise freeze main's event loop,
// the screen and every ceremony with it. When a call runs past its limit the host process is
// ended (exactly the pid started here) and every waiting call is told pcscd is not answering;
// the next call starts a fresh host.
//
// Use:
//   const pcsc = sharedPcscHost();
//   const hello = await pcsc.availability();       // binding loaded? its constants
//   const readers = await pcsc.list();
//   const card = await pcsc.connect(reader, 20_000);
//   const answer = await pcsc.transmit(card, apdu, 65538, 20_000);
//   await pcsc.disconnect(card, hello.constants.SCARD_LEAVE_CARD);

import { startHostProcess, type HostProcess } from './host-process';
import type {
  HostAnswer,
  HostHello,
  HostMessage,
  HostRequest,
  ReaderSeen,
} from './pcsc-host-messages';
import { PcscError } from './pcsc-sentences';

export type PcscHostAvailability = DistributiveOmit<HostHello, 'kind'>;

/** A listing waits this long: pcscd answers a status call at once when it is well. */
export const LIST_TIMEOUT_MS = 5_000;
/** Loading the binding (node's start included) may take this long on a busy machine. */
const HELLO_TIMEOUT_MS = 20_000;

export interface PcscHostOptions {
  /** Load this module instead of `smartcard` (tests: a missing binding). */
  moduleName?: string;
}

type Pending = {
  doing: string;
  resolve: (answer: HostAnswer) => void;
  reject: (error: Error) => void;
};

/** What every call still waiting is told when pcscd stopped answering one of them. */
function hungSentence(seconds: number, doing: string): string {
  return `pcscd did not answer within ${seconds} s while ${doing}; the PC/SC service may be hung: restart pcscd (sudo systemctl restart pcscd), take the card out and insert it again, then repeat this step`;
}

export class PcscHost {
  private child: HostProcess | undefined;
  private hello: Promise<PcscHostAvailability> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly options: PcscHostOptions = {}) {}

  /** Whether the binding loads here, and its constants; starts the host when none runs. */
  availability(): Promise<PcscHostAvailability> {
    this.hello ??= this.start();
    return this.hello;
  }

  /** The readers pcscd knows, with their state; rejects with a sentence if pcscd hangs. */
  async list(): Promise<ReaderSeen[]> {
    const answer = await this.request({ op: 'list' }, LIST_TIMEOUT_MS, 'listing the readers');
    return answer.readers ?? [];
  }

  async connect(reader: string, timeoutMs: number): Promise<number> {
    const answer = await this.request(
      { op: 'connect', reader },
      timeoutMs,
      `connecting to ${reader}`,
    );
    return answer.card!;
  }

  async transmit(
    card: number,
    apdu: Uint8Array,
    maxRecvLength: number,
    timeoutMs: number,
    reader: string,
  ): Promise<Uint8Array> {
    const answer = await this.request(
      { op: 'transmit', card, apdu, maxRecvLength },
      timeoutMs,
      `waiting for the answer of the card in ${reader}`,
    );
    return answer.data ?? new Uint8Array();
  }

  async disconnect(card: number, disposition: number): Promise<void> {
    if (!this.child) return;
    await this.request({ op: 'disconnect', card, disposition }, LIST_TIMEOUT_MS, 'disconnecting');
  }

  /** Ends the host process (on quit); a later call starts a new one. */
  async close(): Promise<void> {
    this.end(() => new PcscError('closed', 'PC/SC was closed'));
  }

  private async request(
    body: DistributiveOmit<HostRequest, 'id'>,
    timeoutMs: number,
    doing: string,
  ): Promise<Extract<HostAnswer, { ok: true }>> {
    const hello = await this.availability();
    if (!hello.available) throw new PcscError('not-installed', hello.reason);
    const child = this.child;
    if (!child?.running) {
      this.hello = undefined;
      throw new PcscError('failed', `the PC/SC helper process stopped while ${doing}; try again`);
    }
    const id = this.nextId++;
    const answer = await new Promise<HostAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        // The host is stuck inside pcsc-lite: nothing it could still say can be trusted to
        // arrive, so it goes, and with it every card session it held.
        const seconds = Math.round(timeoutMs / 1000);
        this.end((waiting) => new PcscError('timeout', hungSentence(seconds, waiting.doing)));
      }, timeoutMs);
      this.pending.set(id, {
        doing,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ ...body, id } as HostRequest);
    });
    if (!answer.ok) throw new Error(answer.message);
    return answer;
  }

  private start(): Promise<PcscHostAvailability> {
    let child: HostProcess;
    try {
      child = startHostProcess(this.options.moduleName);
    } catch (error) {
      return Promise.resolve({
        available: false,
        reason: `PC/SC cannot be used in this copy of Custos: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    this.child = child;
    return new Promise<PcscHostAvailability>((resolve) => {
      const timer = setTimeout(() => {
        this.end(() => new PcscError('timeout', 'the PC/SC helper process did not start'));
        resolve({
          available: false,
          reason: 'The PC/SC helper process did not start in time; restart Custos',
        });
      }, HELLO_TIMEOUT_MS);
      child.onMessage((message: HostMessage) => {
        if (message.kind === 'hello') {
          clearTimeout(timer);
          const { kind: _kind, ...availability } = message;
          resolve(availability);
          return;
        }
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.resolve(message);
      });
      child.onExit(() => {
        clearTimeout(timer);
        if (this.child === child) {
          this.child = undefined;
          this.hello = undefined;
        }
        this.failPending(
          (waiting) =>
            new PcscError(
              'failed',
              `the PC/SC helper process stopped while ${waiting.doing}; try again`,
            ),
        );
        resolve({ available: false, reason: 'The PC/SC helper process stopped; restart Custos' });
      });
    });
  }

  private end(reason: (waiting: Pending) => PcscError): void {
    const child = this.child;
    this.child = undefined;
    this.hello = undefined;
    child?.kill();
    this.failPending(reason);
  }

  private failPending(reason: (waiting: Pending) => PcscError): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const pending of waiting) pending.reject(reason(pending));
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

let shared: PcscHost | undefined;

/** The app's one PC/SC host: the watcher and every card session share its process. */
export function sharedPcscHost(): PcscHost {
  shared ??= new PcscHost();
  return shared;
}
