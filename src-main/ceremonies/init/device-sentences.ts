// Device failures as sentences for the ceremony screens: what went wrong and what to do. Built
// from the error's kind and the device's own error table, never from raw error text, so nothing
// a transport or a device says can carry a secret onto the screen or into the record.

import { IpcFailure } from '../../ipc/ipc-failure';
import { YubiHsmDeviceError, YubiHsmProtocolError, YubiHsmTransportError } from '../../hsm/yubihsm/protocol/device-errors';
import { YubiHsmAuthenticationError } from '../../hsm/yubihsm/session/errors';

export function isAuthenticationRefusal(error: unknown): boolean {
  return error instanceof YubiHsmAuthenticationError || (error instanceof YubiHsmDeviceError && (error.is('AUTHENTICATION_FAILED') || error.is('OBJECT_NOT_FOUND')));
}

export function isDeviceError(error: unknown, name: Parameters<YubiHsmDeviceError['is']>[0]): boolean {
  return error instanceof YubiHsmDeviceError && error.is(name);
}

/** Why a device step failed, as a clause that completes "… failed: ". */
export function deviceFailureReason(error: unknown): string {
  if (error instanceof IpcFailure) return lowerFirst(error.message);
  if (error instanceof YubiHsmTransportError) {
    return 'the primary stopped answering (it was unplugged, or its connection dropped); plug it back in and wait until it is listed again';
  }
  if (error instanceof YubiHsmDeviceError) return `the device answered ${error.errorName}: ${error.sentence}`;
  if (error instanceof YubiHsmProtocolError) {
    return 'the device gave an answer that breaks the YubiHSM 2 protocol; unplug it, plug it back in and try again';
  }
  return 'something unexpected went wrong inside Custos (the log file has the details)';
}

function lowerFirst(text: string): string {
  const trimmed = text.trim().replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
