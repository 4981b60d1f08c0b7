// Why a ceremony, a device or a folder says no, in the domain's own words: the engines, the
// device service and the CLI throw a Refusal, and know nothing of IPC. The IPC router maps a
// refusal to the contract's code (ipc/refusal-codes.ts); the CLI prints its sentence. Any other
// thrown error is a bug, and neither path shows its raw text.

/** What kind of no it is; each maps to one contract code at the IPC boundary. */
export const REFUSAL_KINDS = [
  'not-found', // the thing named does not exist (a ceremony folder, a device id)
  'device-missing', // the device is not (or no longer) connected
  'device-error', // the device refused the command
  'wrong-password', // authentication to the device failed
  'not-factory-fresh', // the device holds more than the factory key
  'conflict', // the request clashes with the current state (step out of order, under way)
  'invalid-input', // what the person entered is wrong
  'io-error', // a file could not be read or written
  'cancelled', // the person cancelled
] as const;

export type RefusalKind = (typeof REFUSAL_KINDS)[number];

export class Refusal extends Error {
  readonly code: RefusalKind;

  /** `message` is shown to people: say what is wrong and what to do, and never include a secret. */
  constructor(code: RefusalKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'Refusal';
    this.code = code;
  }
}
