// Device failures as sentences for the back-up, restore and verify screens: what went wrong and
// what to do, built from the error's kind and the device's own error table — never from raw
// error text, so nothing a transport says can carry a secret into a snapshot or the record.

import { IpcFailure } from '../../ipc/ipc-failure';
import { YubiHsmDeviceError, YubiHsmProtocolError, YubiHsmTransportError } from '../../hsm/yubihsm/protocol/device-errors';
import { YubiHsmSessionExpiredError, YubiHsmSessionUnusableError } from '../../hsm/yubihsm/session/errors';

/** The device went away or the connection broke: plugging it back in and resuming can help. */
export function isConnectionLoss(error: unknown): boolean {
  return error instanceof YubiHsmTransportError || error instanceof YubiHsmSessionUnusableError || error instanceof YubiHsmSessionExpiredError;
}

export function isDeviceRefusal(error: unknown, name: Parameters<YubiHsmDeviceError['is']>[0]): boolean {
  return error instanceof YubiHsmDeviceError && error.is(name);
}

/** Why a step failed, as a sentence; `role` names the device ("the secondary"). */
export function deviceFailureSentence(error: unknown, role: string): string {
  if (error instanceof IpcFailure) return error.message;
  if (isConnectionLoss(error)) {
    return `${capitalize(role)} stopped answering (it was unplugged, or its connection dropped). Plug it back in, wait until it is listed again, and run the step again: what was already done is recognised and skipped.`;
  }
  if (error instanceof YubiHsmDeviceError) return `${capitalize(role)} answered ${error.errorName}: ${error.sentence}.`;
  if (error instanceof YubiHsmProtocolError) return `${capitalize(role)} gave an answer that breaks the YubiHSM 2 protocol; unplug it, plug it back in and try again.`;
  return 'Something unexpected went wrong inside Custos (the log file has the details).';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
