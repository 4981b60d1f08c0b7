// One request/response exchange over a transport, with the guarantee the fuzz test checks:
// whatever goes wrong below us surfaces as one of the three YubiHSM error classes.

import { commandName } from '../protocol/commands';
import {
  YubiHsmDeviceError,
  YubiHsmProtocolError,
  YubiHsmTransportError,
} from '../protocol/device-errors';
import type { YubiHsmTransport } from '../transport/transport';

/** `command` is what the caller asked for (the inner command for session traffic), for messages. */
export async function transceive(
  transport: YubiHsmTransport,
  frame: Uint8Array,
  command: number,
): Promise<Uint8Array> {
  let response: unknown;
  try {
    response = await transport.transceive(frame);
  } catch (error) {
    // A transport only sees the outer frame (SESSION MESSAGE for everything in a session):
    // name the command the caller asked for instead.
    if (error instanceof YubiHsmProtocolError && error.command !== command) {
      throw new YubiHsmProtocolError(command, error.problem, { cause: error });
    }
    if (
      error instanceof YubiHsmTransportError ||
      error instanceof YubiHsmProtocolError ||
      error instanceof YubiHsmDeviceError
    ) {
      throw error;
    }
    throw new YubiHsmTransportError(
      `${commandName(command)} could not reach the device at ${transport.address}; check that it is connected and try again`,
      { cause: error },
    );
  }
  if (!(response instanceof Uint8Array)) {
    throw new YubiHsmProtocolError(
      command,
      `the transport to ${transport.address} returned no bytes`,
    );
  }
  return response;
}
