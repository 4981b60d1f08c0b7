// PC/SC failures as sentences that say what to do (issue 16): the binding reports pcsc-lite's
// error names ("PC/SC service not running", "No smart card inserted"), which mean nothing to a
// custodian holding a token. Every transport error passes through here once.

export type PcscProblem =
  | 'not-installed'
  | 'service-not-running'
  | 'no-reader'
  | 'no-card'
  | 'card-removed'
  | 'card-busy'
  | 'timeout'
  | 'closed'
  | 'failed';

export class PcscError extends Error {
  constructor(
    readonly problem: PcscProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PcscError';
  }
}

export const START_PCSCD_SENTENCE =
  'The PC/SC service (pcscd) is not running; start pcscd (sudo systemctl start pcscd) and try again';

export function noReaderSentence(): string {
  return 'No smart card reader is connected; plug in the SmartCard-HSM, Nitrokey HSM 2 or Pico HSM (or its reader) and try again';
}

export function noCardSentence(reader: string): string {
  return `There is no card in ${reader}; insert the card and try again`;
}

export function readerGoneSentence(reader: string): string {
  return `The reader ${reader} is no longer connected; plug it in again and try again`;
}

/** Turns whatever the binding threw into a PcscError naming the reader and what to do. */
export function pcscError(error: unknown, reader: string, doing: string): PcscError {
  if (error instanceof PcscError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const text = detail.toLowerCase();
  if (text.includes('service not running') || text.includes('service stopped')) {
    return new PcscError('service-not-running', `${START_PCSCD_SENTENCE} (${doing} on ${reader})`, {
      cause: error,
    });
  }
  if (text.includes('removed') || text.includes('reset')) {
    return new PcscError(
      'card-removed',
      `The card in ${reader} was removed or reset while ${doing}; insert it again and repeat this step (nothing after the last completed step was done)`,
      { cause: error },
    );
  }
  if (text.includes('communication error')) {
    return new PcscError(
      'service-not-running',
      `PC/SC lost contact with ${reader} while ${doing}; check that pcscd is still running (start pcscd if not), insert the card again and repeat this step`,
      { cause: error },
    );
  }
  if (
    text.includes('unresponsive') ||
    text.includes('unpowered') ||
    text.includes('not supported')
  ) {
    return new PcscError(
      'failed',
      `The card in ${reader} does not answer; take it out, insert it again and repeat this step`,
      { cause: error },
    );
  }
  if (text.includes('no smart card') || text.includes('not present') || text.includes('no card')) {
    return new PcscError('no-card', noCardSentence(reader), { cause: error });
  }
  if (
    text.includes('unknown reader') ||
    text.includes('reader unavailable') ||
    text.includes('no readers')
  ) {
    return new PcscError('no-reader', readerGoneSentence(reader), { cause: error });
  }
  if (text.includes('sharing violation')) {
    return new PcscError(
      'card-busy',
      `Another program is using the card in ${reader}; close it (for example a running sc-hsm-tool or browser using the token) and try again`,
      { cause: error },
    );
  }
  return new PcscError(
    'failed',
    `PC/SC could not reach the card in ${reader} while ${doing} (${detail}); remove and insert the card, and try again`,
    { cause: error },
  );
}
