import { describe, expect, it } from 'vitest';
import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import type { YubiHsmTransport } from '../transport/transport';
import { transceive } from './transceive';

function transportFailingWith(error: unknown): YubiHsmTransport {
  return {
    kind: 'usb',
    address: 'USB, serial 7550130',
    transceive: () => Promise.reject(error),
    close: async () => {},
  };
}

describe('one exchange', () => {
  it('names the command the caller asked for when the transport rejects a session response', async () => {
    const garbled = new YubiHsmProtocolError(
      Command.SessionMessage,
      'the device sent 5 bytes over USB but the frame declares 8; unplug and re-insert the HSM',
    );
    const failure = transceive(
      transportFailingWith(garbled),
      Uint8Array.of(Command.SessionMessage, 0, 0),
      Command.PutWrapKey,
    );
    await expect(failure).rejects.toBeInstanceOf(YubiHsmProtocolError);
    await expect(failure).rejects.toMatchObject({ command: Command.PutWrapKey });
    await expect(failure).rejects.toThrow(
      /^PUT WRAP KEY: the device sent 5 bytes over USB but the frame declares 8/,
    );
  });

  it('turns anything else a transport throws into a transport error naming the command and address', async () => {
    const failure = transceive(
      transportFailingWith(new Error('LIBUSB_ERROR_NO_DEVICE')),
      Uint8Array.of(Command.Echo, 0, 0),
      Command.Echo,
    );
    await expect(failure).rejects.toThrow(
      'ECHO could not reach the device at USB, serial 7550130; check that it is connected and try again',
    );
  });
});
