// Refusals the client makes itself, before or instead of a command, each with its sentence.
// Status words the device answers become SmartCardHsmStatusError (protocol/status-words.ts).

export { SmartCardHsmStatusError } from '../protocol/status-words';

export type ClientRefusalCode =
  | 'not-smartcard-hsm'
  | 'no-dkek'
  | 'dkek-incomplete'
  | 'dkek-kcv-hidden'
  | 'other-domain'
  | 'key-reference-taken'
  | 'key-reference-invalid'
  | 'malformed-response'
  | 'bad-input';

export class SmartCardHsmClientError extends Error {
  constructor(
    readonly code: ClientRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'SmartCardHsmClientError';
  }
}
