// Verifying the audit log's digest chain (spec §8.1): digest(n) = first 16 bytes of
// SHA-256(entry n bytes 0..15 || digest(n-1)). The first entry after a reset cannot be checked
// from the host, so a verifier starts from an entry it already trusts (the anchor).

import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../protocol/bytes';
import type { LogEntry } from './audit-log';

export function logEntryDigest(
  entry: Pick<LogEntry, 'raw'>,
  previousDigest: Uint8Array,
): Uint8Array {
  const input = new Uint8Array(32);
  input.set(entry.raw.subarray(0, 16));
  input.set(previousDigest, 16);
  return sha256(input).slice(0, 16);
}

export type AuditChainCheck =
  { valid: true; checked: number } | { valid: false; entryNumber: number; problem: string };

/**
 * Checks every entry against the one before it. Without an anchor the first entry is taken
 * as given (it anchors the rest); with one (e.g. the entry recorded at the last SET LOG
 * INDEX), the first entry must follow it too.
 */
export function verifyAuditChain(entries: readonly LogEntry[], anchor?: LogEntry): AuditChainCheck {
  let previous = anchor ?? entries[0];
  let checked = 0;
  for (const entry of anchor ? entries : entries.slice(1)) {
    if (!previous) break;
    const expectedNumber = (previous.number + 1) & 0xffff;
    if (entry.number !== expectedNumber) {
      return {
        valid: false,
        entryNumber: entry.number,
        problem: `entry ${entry.number} follows entry ${previous.number}; entries are missing or out of order`,
      };
    }
    if (!equalBytes(logEntryDigest(entry, previous.digest), entry.digest)) {
      return {
        valid: false,
        entryNumber: entry.number,
        problem: `the digest of entry ${entry.number} does not chain from entry ${previous.number}; the log was altered`,
      };
    }
    previous = entry;
    checked += 1;
  }
  return { valid: true, checked };
}
