// Errors a caller of the secure channel must be able to tell apart (brief: wrong password,
// expired session, session no longer usable, bad arguments). The first three extend the
// protocol error classes so that everything a device can provoke is one of
// YubiHsmDeviceError / YubiHsmProtocolError / YubiHsmTransportError.

import { Command, commandName } from '../protocol/commands';
import {
  DeviceErrorCode,
  YubiHsmDeviceError,
  YubiHsmProtocolError,
} from '../protocol/device-errors';
import { hex } from '../protocol/bytes';

/**
 * The password (or keys) given do not match the authentication key. Raised when the card
 * cryptogram does not verify (spec §3.3) or the device refuses AUTHENTICATE SESSION (§3.4);
 * both mean the same thing to the person at the keyboard.
 */
export class YubiHsmAuthenticationError extends YubiHsmDeviceError {
  readonly authKeyId: number;
  override readonly sentence: string;

  constructor(authKeyId: number, command: number = Command.CreateSession) {
    super(DeviceErrorCode.AUTHENTICATION_FAILED, command);
    this.name = 'YubiHsmAuthenticationError';
    this.authKeyId = authKeyId;
    this.sentence = `authentication failed: the password does not match authentication key ${hex(authKeyId)}; check the password and try again`;
    this.message = this.sentence;
  }
}

/**
 * The device answered INVALID_SESSION in the clear (spec §3.5, §3.6): the session expired after
 * 30 s idle or the device restarted. The command was not executed and is never resent
 * automatically, because a ceremony must not repeat a non-idempotent put.
 */
export class YubiHsmSessionExpiredError extends YubiHsmDeviceError {
  readonly authKeyId: number;
  override readonly sentence: string;

  constructor(command: number, authKeyId: number) {
    super(DeviceErrorCode.INVALID_SESSION, command);
    this.name = 'YubiHsmSessionExpiredError';
    this.authKeyId = authKeyId;
    this.sentence =
      `the session with authentication key ${hex(authKeyId)} has expired on the device ` +
      '(30 seconds without a command, or the device restarted); the command was not executed: open a new session and repeat the step';
    this.message = `${commandName(command)} failed: ${this.sentence}`;
  }
}

/** A send on a session that was closed, or ended by an earlier integrity or transport failure. */
export class YubiHsmSessionUnusableError extends YubiHsmProtocolError {
  constructor(command: number, authKeyId: number, why: string) {
    super(
      command,
      `the session with authentication key ${hex(authKeyId)} ${why}; open a new session`,
    );
    this.name = 'YubiHsmSessionUnusableError';
  }
}

/** The caller asked for something the device cannot be sent; nothing was sent. */
export class YubiHsmArgumentError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'YubiHsmArgumentError';
  }
}
