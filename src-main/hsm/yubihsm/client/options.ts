// Device options (spec §4.3 SET/GET OPTION): tag (1) || length (2) || value.

import { Command } from '../protocol/commands';
import { concatBytes, u16 } from '../protocol/bytes';
import type { SessionChannel } from './channel';
import { expectEmpty } from './responses';
import { checkByte } from './validation';

export const OptionTag = {
  /** 1 byte: 0 off, 1 on, 2 fixed (only a reset clears it). */
  ForceAudit: 0x01,
  /** Pairs command (1) || 0 off / 1 on / 2 fixed. */
  CommandAudit: 0x03,
  /** Pairs algorithm (1) || 0/1; only on a fresh device (fw >= 2.2). */
  AlgorithmToggle: 0x04,
  FipsMode: 0x05,
} as const;

export async function setOption(
  channel: SessionChannel,
  tag: number,
  value: Uint8Array,
): Promise<void> {
  const request = concatBytes(
    Uint8Array.of(checkByte(tag, 'the option tag')),
    u16(value.length),
    value,
  );
  expectEmpty(Command.SetOption, await channel.send(Command.SetOption, request));
}

export async function getOption(channel: SessionChannel, tag: number): Promise<Uint8Array> {
  return channel.send(Command.GetOption, Uint8Array.of(checkByte(tag, 'the option tag')));
}
