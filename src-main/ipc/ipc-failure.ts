// A failure a service can throw from deep inside a call, carrying the code the UI switches on
// and a sentence for people. The router turns it into `{ ok: false, code, message }`; any
// other thrown error becomes `internal` with a fixed sentence, so raw error text (which may
// hold anything) never crosses IPC.

import type { ErrorCode } from '../../shared/ipc/result';

export class IpcFailure extends Error {
  readonly code: ErrorCode;

  /**
   * `message` is shown to people: say what is wrong and what to do, and never include a secret
   * or raw error text. `cause` (an fs error, say) goes to the log only, where the router puts it.
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IpcFailure';
    this.code = code;
  }
}
