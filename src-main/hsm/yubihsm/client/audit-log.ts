// The audit log (spec §8): GET LOG ENTRIES, SET LOG INDEX, and the 32-byte entry layout.

import { Command } from '../protocol/commands';
import { YubiHsmProtocolError } from '../protocol/device-errors';
import { readU16, readU32, u16 } from '../protocol/bytes';
import type { SessionChannel } from './channel';
import { expectEmpty } from './responses';
import { checkU16 } from './validation';

export const LOG_ENTRY_LENGTH = 32;
/** "No object" / "outside a session" in the id fields. */
export const NO_ID = 0xffff;

export interface LogEntry {
  /** Monotonic, wraps at 0xFFFF. */
  number: number;
  /** The inner command for session traffic. */
  command: number;
  /** The command's payload length. */
  length: number;
  /** Auth key of the session, 0xFFFF outside a session. */
  sessionKey: number;
  targetKey: number;
  secondKey: number;
  /** Response code (command | 0x80) on success, the error code on failure. */
  result: number;
  systick: number;
  /** First 16 bytes of SHA-256(bytes 0..15 || previous digest). */
  digest: Uint8Array;
  /** The 32 bytes as the device sent them, for the ceremony record. */
  raw: Uint8Array;
}

export function parseLogEntry(bytes: Uint8Array): LogEntry {
  if (bytes.length !== LOG_ENTRY_LENGTH) {
    throw new YubiHsmProtocolError(
      Command.GetLogEntries,
      `a log entry is 32 bytes, not ${bytes.length}`,
    );
  }
  const raw = bytes.slice();
  return {
    number: readU16(raw, 0),
    command: raw[2]!,
    length: readU16(raw, 3),
    sessionKey: readU16(raw, 5),
    targetKey: readU16(raw, 7),
    secondKey: readU16(raw, 9),
    result: raw[11]!,
    systick: readU32(raw, 12),
    digest: raw.slice(16, 32),
    raw,
  };
}

export interface AuditLog {
  /** Boots and authentications the full log could not record (force-audit off). */
  unloggedBoots: number;
  unloggedAuthentications: number;
  /** Oldest first: every entry after the last SET LOG INDEX. */
  entries: LogEntry[];
}

/** unlogged boots (2) || unlogged auths (2) || N (1) || N x 32-byte entries. */
export function parseAuditLog(payload: Uint8Array): AuditLog {
  if (payload.length < 5)
    throw new YubiHsmProtocolError(
      Command.GetLogEntries,
      `expected at least 5 bytes, got ${payload.length}`,
    );
  const count = payload[4]!;
  if (payload.length !== 5 + count * LOG_ENTRY_LENGTH) {
    throw new YubiHsmProtocolError(
      Command.GetLogEntries,
      `the response announces ${count} entries (${5 + count * LOG_ENTRY_LENGTH} bytes) but has ${payload.length} bytes`,
    );
  }
  const entries: LogEntry[] = [];
  for (let i = 0; i < count; i++)
    entries.push(
      parseLogEntry(payload.subarray(5 + i * LOG_ENTRY_LENGTH, 5 + (i + 1) * LOG_ENTRY_LENGTH)),
    );
  return {
    unloggedBoots: readU16(payload, 0),
    unloggedAuthentications: readU16(payload, 2),
    entries,
  };
}

export async function getLogEntries(channel: SessionChannel): Promise<AuditLog> {
  return parseAuditLog(await channel.send(Command.GetLogEntries));
}

/** Marks entries up to and including `index` as read, so their slots may be reused (spec §8.2). */
export async function setLogIndex(channel: SessionChannel, index: number): Promise<void> {
  expectEmpty(
    Command.SetLogIndex,
    await channel.send(Command.SetLogIndex, u16(checkU16(index, 'the log index'))),
  );
}
