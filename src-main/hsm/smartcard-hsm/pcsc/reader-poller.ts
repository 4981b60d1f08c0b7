// Asks pcscd which readers and cards are there: one zero-timeout status call per look, made in
// the PC/SC host process (pcsc-host.ts), so a pcscd that stops answering costs a look its time
// limit and a sentence, and never holds up main.

import type { PcscHost } from './pcsc-host';
import type { ReaderSeen } from './pcsc-host-messages';
import { PcscError } from './pcsc-sentences';

export type { ReaderSeen };

export type ReaderLook =
  | { ok: true; readers: ReaderSeen[] }
  | {
      ok: false;
      message: string;
      /** pcscd did not answer in time: the message already says what to do. */
      hung?: boolean;
    };

export interface ReaderPoller {
  look(): Promise<ReaderLook>;
  close(): Promise<void>;
}

export function createReaderPoller(pcsc: PcscHost): ReaderPoller {
  return {
    async look() {
      try {
        return { ok: true, readers: await pcsc.list() };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof PcscError && error.problem === 'timeout')
          return { ok: false, message, hung: true };
        return { ok: false, message };
      }
    },
    // The host process is the app's, shared with card sessions: it stays.
    close: () => Promise.resolve(),
  };
}
