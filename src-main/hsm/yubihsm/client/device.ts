// Whole-device commands inside a session (spec §4.3, §7): echo, random bytes, blink, reset.

import { Command } from '../protocol/commands';
import { YubiHsmProtocolError, YubiHsmTransportError } from '../protocol/device-errors';
import { equalBytes, u16 } from '../protocol/bytes';
import { YubiHsmArgumentError } from '../session/errors';
import type { SecureSession } from '../session/secure-session';
import type { SessionChannel } from './channel';
import { expectEmpty, expectLength } from './responses';
import { checkByte } from './validation';

export async function echo(channel: SessionChannel, data: Uint8Array): Promise<Uint8Array> {
  const reply = await channel.send(Command.Echo, data);
  if (!equalBytes(reply, data))
    throw new YubiHsmProtocolError(
      Command.Echo,
      'the device echoed different bytes than it was sent',
    );
  return reply;
}

/** Random bytes from the device's generator; at most what one response can carry. */
export async function pseudoRandom(channel: SessionChannel, count: number): Promise<Uint8Array> {
  if (!Number.isInteger(count) || count < 1 || count > channel.maxPayloadLength) {
    throw new YubiHsmArgumentError(
      `ask for 1 to ${channel.maxPayloadLength} random bytes at a time, not ${String(count)}`,
    );
  }
  return expectLength(
    Command.GetPseudoRandom,
    await channel.send(Command.GetPseudoRandom, u16(count)),
    count,
  );
}

export async function blink(channel: SessionChannel, seconds: number): Promise<void> {
  expectEmpty(
    Command.BlinkDevice,
    await channel.send(
      Command.BlinkDevice,
      Uint8Array.of(checkByte(seconds, 'the blink time in seconds')),
    ),
  );
}

/**
 * RESET DEVICE: wipes every object, restores the factory key and reboots (spec §7). The device
 * may drop the connection before answering, so a transport failure after sending counts as
 * success (as in Yubico's clients); the caller should reconnect and check the device is
 * factory-fresh. Either way every session is gone, so this one is discarded.
 */
export async function resetDevice(session: Pick<SecureSession, 'send' | 'discard'>): Promise<void> {
  try {
    expectEmpty(Command.ResetDevice, await session.send(Command.ResetDevice));
  } catch (error) {
    if (!(error instanceof YubiHsmTransportError)) throw error;
  }
  session.discard();
}
