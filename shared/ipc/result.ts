// What every IPC operation answers (STYLE.md §6): data, or a code from a closed union the UI
// can switch on plus a sentence for people. Handlers never throw across IPC.

export const ERROR_CODES = [
  'invalid-request', // the payload did not match the channel's schema
  'forbidden', // the call came from a sender that may not make it
  'not-found', // the thing named does not exist (a ceremony folder, a device id)
  'device-missing', // the device is not (or no longer) connected
  'device-error', // the device refused the command (its sentence is in the message)
  'wrong-password', // authentication to the device failed
  'not-factory-fresh', // the device holds more than the factory key
  'conflict', // the request clashes with the current state (step out of order, id taken)
  'invalid-input', // what the person entered is wrong (a share with a typo, a short password)
  'io-error', // a file could not be read or written
  'cancelled', // the person cancelled
  'internal', // a bug: the message says so
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type Result<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function failure<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, code, message };
}
