// Asks pcscd which readers and cards are there: one zero-timeout status call per look.
//
// It runs on the calling thread. The binding cannot be moved to a worker thread: its classes
// keep static constructor references, so loading it in a worker as well as here crashes the
// process (V8 "Cannot create a handle without a HandleScope"). Against a pcscd that has stopped
// *answering* (hung, not stopped) the listing therefore waits as long as pcscd does; a stopped
// pcscd fails at once and is reported as a sentence. A child process would remove that wait.

import type { PcscBinding, PcscContext } from './pcsc-binding';

export interface ReaderSeen {
  name: string;
  state: number;
  atr: Uint8Array | null;
}

export type ReaderLook = { ok: true; readers: ReaderSeen[] } | { ok: false; message: string };

export interface ReaderPoller {
  look(): Promise<ReaderLook>;
  close(): Promise<void>;
}

export function createReaderPoller(binding: PcscBinding): ReaderPoller {
  return new InThreadReaderPoller(binding);
}

class InThreadReaderPoller implements ReaderPoller {
  private context: PcscContext | undefined;

  constructor(private readonly binding: PcscBinding) {}

  look(): Promise<ReaderLook> {
    try {
      this.context ??= new this.binding.Context();
      const readers = this.context
        .listReaders()
        .map((reader) => ({ name: reader.name, state: reader.state, atr: reader.atr }));
      return Promise.resolve({ ok: true, readers });
    } catch (error) {
      this.closeContext();
      return Promise.resolve({
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async close(): Promise<void> {
    this.closeContext();
  }

  private closeContext(): void {
    try {
      this.context?.close();
    } catch {
      // Gone with the service.
    }
    this.context = undefined;
  }
}
