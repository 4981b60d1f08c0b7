// The device's log store (spec §8): 62 entries of 32 bytes, each digest = first 16 bytes of
// SHA-256(entry bytes 0..15 || previous digest). Without force-audit the store is a ring;
// with it, a full store refuses logged commands (LOG_FULL) until SET LOG INDEX releases entries.

import { createHash } from 'node:crypto';
import { concatBytes, u16, u32 } from '../protocol/bytes';

export const LOG_CAPACITY = 62;
const ENTRY_LENGTH = 32;
const NO_OBJECT = 0xffff;

/**
 * The reset entry's digest on a real device (spec §9 V5, karalabe gist): it is seeded by the
 * device in a way the host cannot derive, so it is a constant here.
 */
const RESET_ENTRY_DIGEST = Uint8Array.from(Buffer.from('33012657537e4842f57fa6ed3b09b25b', 'hex'));

export interface LogEvent {
  command: number;
  /** Payload length of the command (inner length for session traffic). */
  length: number;
  /** Auth key id of the session, 0xFFFF outside a session. */
  sessionKey: number;
  target: number;
  second: number;
  /** Response code on success (command | 0x80), error code on failure. */
  result: number;
  tick: number;
}

export interface AuditLogState {
  /** Entries not yet released by SET LOG INDEX, oldest first, 32 bytes each. */
  entries: Uint8Array[];
  lastNumber: number;
  lastDigest: Uint8Array;
  unloggedBoots: number;
  unloggedAuthentications: number;
}

export class AuditLog {
  constructor(readonly state: AuditLogState) {}

  /** The log a device has right after RESET DEVICE: the reset entry, then the boot entry (§7). */
  static afterReset(): AuditLog {
    const resetEntry = concatBytes(u16(1), new Uint8Array(14).fill(0xff), RESET_ENTRY_DIGEST);
    const log = new AuditLog({
      entries: [resetEntry],
      lastNumber: 1,
      lastDigest: RESET_ENTRY_DIGEST.slice(),
      unloggedBoots: 0,
      unloggedAuthentications: 0,
    });
    log.recordBoot(false);
    return log;
  }

  get used(): number {
    return this.state.entries.length;
  }

  isFull(): boolean {
    return this.state.entries.length >= LOG_CAPACITY;
  }

  /**
   * Appends an entry. Returns false when force-audit holds a full store (the caller counts or
   * refuses); otherwise a full ring drops its oldest entry.
   */
  append(event: LogEvent, forceAudit: boolean): boolean {
    if (this.isFull()) {
      if (forceAudit) return false;
      this.state.entries.shift();
    }
    const number = (this.state.lastNumber + 1) & 0xffff;
    const data = concatBytes(
      u16(number),
      Uint8Array.of(event.command),
      u16(event.length),
      u16(event.sessionKey),
      u16(event.target),
      u16(event.second),
      Uint8Array.of(event.result),
      u32(event.tick),
    );
    const digest = createHash('sha256')
      .update(data)
      .update(this.state.lastDigest)
      .digest()
      .subarray(0, 16);
    this.state.entries.push(concatBytes(data, digest));
    this.state.lastNumber = number;
    this.state.lastDigest = Uint8Array.from(digest);
    return true;
  }

  /** Power-up: cmd 0, length 0, session 0xFFFF, target 0, second 0, result 0, tick 0 (§7). */
  recordBoot(forceAudit: boolean): void {
    const logged = this.append(
      { command: 0, length: 0, sessionKey: NO_OBJECT, target: 0, second: 0, result: 0, tick: 0 },
      forceAudit,
    );
    if (!logged) this.state.unloggedBoots = Math.min(0xffff, this.state.unloggedBoots + 1);
  }

  countUnloggedAuthentication(): void {
    this.state.unloggedAuthentications = Math.min(0xffff, this.state.unloggedAuthentications + 1);
  }

  /** GET LOG ENTRIES (spec §4.3): boots (2) || auths (2) || N (1) || N entries. */
  encodeEntries(): Uint8Array {
    return concatBytes(
      u16(this.state.unloggedBoots),
      u16(this.state.unloggedAuthentications),
      Uint8Array.of(this.state.entries.length),
      ...this.state.entries,
    );
  }

  /**
   * SET LOG INDEX (spec §8.2): releases every entry up to and including `number`. A number
   * already released is accepted and changes nothing; a number the log has not reached yet is
   * refused (returns false).
   */
  release(number: number): boolean {
    const index = this.state.entries.findIndex((entry) => entryNumber(entry) === number);
    if (index >= 0) {
      this.state.entries.splice(0, index + 1);
      return true;
    }
    // Entry numbers wrap at 0xFFFF: "behind" means up to half the number space back.
    const oldestHeld = this.state.entries[0]
      ? entryNumber(this.state.entries[0])
      : (this.state.lastNumber + 1) & 0xffff;
    const behind = (oldestHeld - number) & 0xffff;
    return behind >= 1 && behind < 0x8000;
  }
}

export function entryNumber(entry: Uint8Array): number {
  return (entry[0]! << 8) | entry[1]!;
}

export { ENTRY_LENGTH as LOG_ENTRY_LENGTH, NO_OBJECT };
