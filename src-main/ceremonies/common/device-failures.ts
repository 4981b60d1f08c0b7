// Device failures as sentences for every ceremony's screens: what went wrong and what to do,
// built from the error's kind and the device's own error table — never from raw error text, so
// nothing a transport or a device says can carry a secret onto a screen, into a snapshot or the
// record. `role` names the device in the ceremony's words ("the primary", "the secondary", or
// "the device" while it is still being checked).

import { Refusal } from '../../refusal/refusal';
import {
  YubiHsmDeviceError,
  YubiHsmProtocolError,
  YubiHsmTransportError,
} from '../../hsm/yubihsm/protocol/device-errors';
import {
  YubiHsmAuthenticationError,
  YubiHsmSessionExpiredError,
  YubiHsmSessionUnusableError,
} from '../../hsm/yubihsm/session/errors';

/** The device went away or the connection broke: plugging it back in and resuming can help. */
export function isConnectionLoss(error: unknown): boolean {
  return (
    error instanceof YubiHsmTransportError ||
    error instanceof YubiHsmSessionUnusableError ||
    error instanceof YubiHsmSessionExpiredError
  );
}

export function isDeviceRefusal(
  error: unknown,
  name: Parameters<YubiHsmDeviceError['is']>[0],
): boolean {
  return error instanceof YubiHsmDeviceError && error.is(name);
}

/** The key did not open a session: a wrong password, or no such authentication key. */
export function isAuthenticationRefusal(error: unknown): boolean {
  return (
    error instanceof YubiHsmAuthenticationError ||
    isDeviceRefusal(error, 'AUTHENTICATION_FAILED') ||
    isDeviceRefusal(error, 'OBJECT_NOT_FOUND')
  );
}

/** Why a device step failed, as a clause that completes "… failed: ". */
export function deviceFailureReason(error: unknown, role: string): string {
  if (error instanceof Refusal) return lowerFirst(error.message);
  if (error instanceof YubiHsmTransportError) {
    return `${role} stopped answering (it was unplugged, or its connection dropped); plug it back in and wait until it is listed again`;
  }
  if (error instanceof YubiHsmDeviceError)
    return `${role} answered ${error.errorName}: ${error.sentence}`;
  if (error instanceof YubiHsmProtocolError)
    return `${role} gave an answer that breaks the YubiHSM 2 protocol; unplug it, plug it back in and try again`;
  return 'something unexpected went wrong inside Custos (the log file has the details)';
}

/** Why a step failed, as a sentence of its own; a lost connection says the step can be run again. */
export function deviceFailureSentence(error: unknown, role: string): string {
  if (error instanceof Refusal) return error.message;
  if (isConnectionLoss(error)) {
    return `${capitalize(role)} stopped answering (it was unplugged, or its connection dropped). Plug it back in, wait until it is listed again, and run the step again: what was already done is recognised and skipped.`;
  }
  return `${capitalize(deviceFailureReason(error, role))}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  const trimmed = text.trim().replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
