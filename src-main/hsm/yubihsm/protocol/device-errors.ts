// The device's error table (spec §1.3): the byte after a 0x7F response, its name as Yubico's
// tools spell it, and a sentence a ceremony administrator can act on.

import { commandName } from './commands';

export const DeviceErrorCode = {
  OK: 0x00,
  INVALID_COMMAND: 0x01,
  INVALID_DATA: 0x02,
  INVALID_SESSION: 0x03,
  AUTHENTICATION_FAILED: 0x04,
  SESSIONS_FULL: 0x05,
  SESSION_FAILED: 0x06,
  STORAGE_FAILED: 0x07,
  WRONG_LENGTH: 0x08,
  INSUFFICIENT_PERMISSIONS: 0x09,
  LOG_FULL: 0x0a,
  OBJECT_NOT_FOUND: 0x0b,
  INVALID_ID: 0x0c,
  SSH_CA_CONSTRAINT_VIOLATION: 0x0e,
  INVALID_OTP: 0x0f,
  DEMO_MODE: 0x10,
  OBJECT_EXISTS: 0x11,
  ALGORITHM_DISABLED: 0x12,
  COMMAND_UNEXECUTED: 0xff,
} as const;

export type DeviceErrorName = keyof typeof DeviceErrorCode;

const sentences: Record<DeviceErrorName, string> = {
  OK: 'the device reported success inside an error frame, which a YubiHSM 2 never does; reconnect the device and try again',
  INVALID_COMMAND:
    'the device does not know this command (or it was sent outside a session); check the firmware version supports it',
  INVALID_DATA:
    'the device rejected the data sent with the command as malformed; check the values entered for this step',
  INVALID_SESSION:
    'the session is no longer valid on the device (it expired after 30 seconds idle or the device restarted); the step will open a new session',
  AUTHENTICATION_FAILED:
    'authentication failed: the password does not match the authentication key, or a message failed its integrity check; check the password and try again',
  SESSIONS_FULL:
    'all 16 sessions on the device are in use; close other programs using the HSM or wait 30 seconds for idle sessions to expire',
  SESSION_FAILED:
    'the device could not create a session; unplug and re-insert the HSM, then try again',
  STORAGE_FAILED:
    'the device could not store the object because its storage is full or failed; free object slots or check the device',
  WRONG_LENGTH:
    'the device rejected the command because its length is wrong; this is a bug in the program, please report it',
  INSUFFICIENT_PERMISSIONS:
    'the authentication key used lacks the capability this operation needs, or the object does not allow it; use a key with the right capabilities',
  LOG_FULL:
    'the audit log is full and forced audit is on, so the device refuses logged commands; read and release the audit log entries first',
  OBJECT_NOT_FOUND:
    'no such object is visible: it does not exist, or it is outside the domains of the authentication key used',
  INVALID_ID:
    'the object id is not valid for this operation (an authentication key can only change its own key)',
  SSH_CA_CONSTRAINT_VIOLATION:
    'the SSH certificate request violates the constraints of its template',
  INVALID_OTP: 'the one-time password is invalid',
  DEMO_MODE: 'the device is in demo mode; power-cycle it (unplug and re-insert) to continue',
  OBJECT_EXISTS:
    'an object of that type with that id already exists on the device; choose another id or remove the existing object',
  ALGORITHM_DISABLED: 'the algorithm is disabled on this device by its algorithm-toggle option',
  COMMAND_UNEXECUTED:
    'the device did not finish executing the command; unplug and re-insert the HSM, then try again',
};

const namesByCode = new Map<number, DeviceErrorName>(
  (Object.entries(DeviceErrorCode) as [DeviceErrorName, number][]).map(([name, code]) => [
    code,
    name,
  ]),
);

export function deviceErrorName(code: number): DeviceErrorName | undefined {
  return namesByCode.get(code);
}

/** The device answered a command with an error frame (0x7F). */
export class YubiHsmDeviceError extends Error {
  readonly code: number;
  readonly errorName: DeviceErrorName | 'UNKNOWN_ERROR';
  readonly sentence: string;
  readonly command: number;

  constructor(code: number, command: number) {
    const name = deviceErrorName(code);
    const sentence = name
      ? sentences[name]
      : `the device answered with an unknown error code 0x${code.toString(16).padStart(2, '0')}; check the firmware version`;
    super(`${commandName(command)} failed with ${name ?? 'UNKNOWN_ERROR'}: ${sentence}`);
    this.name = 'YubiHsmDeviceError';
    this.code = code;
    this.errorName = name ?? 'UNKNOWN_ERROR';
    this.sentence = sentence;
    this.command = command;
  }

  is(name: DeviceErrorName): boolean {
    return this.errorName === name;
  }
}

/** A response from the device (or something pretending to be one) that breaks the protocol. */
export class YubiHsmProtocolError extends Error {
  readonly command: number;
  /** What was wrong with the response, without the command's name. */
  readonly problem: string;
  constructor(command: number, problem: string, options?: { cause?: unknown }) {
    super(`${commandName(command)}: ${problem}`, options);
    this.name = 'YubiHsmProtocolError';
    this.command = command;
    this.problem = problem;
  }
}

/** The bytes could not travel: no device, unplugged, connector down. */
export class YubiHsmTransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'YubiHsmTransportError';
  }
}
