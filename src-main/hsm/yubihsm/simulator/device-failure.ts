// A command the simulated device refuses. Handlers throw it; the dispatcher turns it into the
// error frame `7f 00 01 <code>` a YubiHSM 2 returns (spec §1.1, §1.3). It never carries data
// from the request, so nothing secret can leak through it.

import { DeviceErrorCode, deviceErrorName } from '../protocol/device-errors';

export class DeviceFailure extends Error {
  readonly code: number;

  constructor(code: number) {
    super(
      `simulated device refused the command with ${deviceErrorName(code) ?? `error 0x${code.toString(16)}`}`,
    );
    this.name = 'DeviceFailure';
    this.code = code;
  }
}

export const refuse = {
  invalidData: (): never => {
    throw new DeviceFailure(DeviceErrorCode.INVALID_DATA);
  },
  wrongLength: (): never => {
    throw new DeviceFailure(DeviceErrorCode.WRONG_LENGTH);
  },
  insufficientPermissions: (): never => {
    throw new DeviceFailure(DeviceErrorCode.INSUFFICIENT_PERMISSIONS);
  },
  objectNotFound: (): never => {
    throw new DeviceFailure(DeviceErrorCode.OBJECT_NOT_FOUND);
  },
  objectExists: (): never => {
    throw new DeviceFailure(DeviceErrorCode.OBJECT_EXISTS);
  },
  invalidId: (): never => {
    throw new DeviceFailure(DeviceErrorCode.INVALID_ID);
  },
  storageFailed: (): never => {
    throw new DeviceFailure(DeviceErrorCode.STORAGE_FAILED);
  },
  logFull: (): never => {
    throw new DeviceFailure(DeviceErrorCode.LOG_FULL);
  },
};

/** The error code to answer with for anything a handler threw. */
export function failureCode(error: unknown): number {
  // Anything else (a key Node refuses to load, a malformed point) came from bad request data.
  return error instanceof DeviceFailure ? error.code : DeviceErrorCode.INVALID_DATA;
}
