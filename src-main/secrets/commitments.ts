// A salted commitment per share (DESIGN.md "Formats"): the ceremony record keeps one for each
// custodian so a restore can name a wrong share, while the record holds nothing that helps
// rebuild a share. HMAC-SHA256 keyed by a fresh 16-byte salt over a label and the share's
// canonical text, so a share typed with spaces or read leniently verifies the same.

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { timingSafeEqual } from 'node:crypto';
import { systemRandomBytes, type RandomBytes } from './shamir';
import { parseShare, type AnyShareParseOptions } from './share-text';

/** Domain separation: these digests mean "commitment to a Custos share", nothing else. */
const LABEL = new TextEncoder().encode('Custos share commitment v1\0');
const SALT_LENGTH = 16;

/** As stored in ceremony.json: hex salt (16 bytes) and hex digest (32 bytes). */
export interface ShareCommitment {
  salt: string;
  digest: string;
}

function digestOf(salt: Uint8Array, canonical: string): Uint8Array {
  const text = new TextEncoder().encode(canonical);
  const message = new Uint8Array(LABEL.length + text.length);
  message.set(LABEL);
  message.set(text, LABEL.length);
  try {
    return hmac(sha256, salt, message);
  } finally {
    message.fill(0);
    text.fill(0);
  }
}

function canonicalOf(shareText: string, options: AnyShareParseOptions): string | undefined {
  const parsed = parseShare(shareText, options);
  if (!parsed.ok) return undefined;
  parsed.share.payload.fill(0);
  return parsed.share.canonical;
}

/** Commits to a share (any accepted spelling of it). Throws if the text is not a share. */
export function createShareCommitment(
  shareText: string,
  randomBytes: RandomBytes = systemRandomBytes,
  options: AnyShareParseOptions = {},
): ShareCommitment {
  const canonical = canonicalOf(shareText, options);
  if (canonical === undefined)
    throw new Error('cannot commit to this share: it is not a readable share');
  const salt = randomBytes(SALT_LENGTH);
  if (salt.length !== SALT_LENGTH)
    throw new Error('the random source returned fewer bytes than were asked for');
  return { salt: toHex(salt), digest: toHex(digestOf(salt, canonical)) };
}

/** True when the share is the one committed to. False for unreadable text or a bad record. */
export function verifyShareCommitment(
  shareText: string,
  commitment: ShareCommitment,
  options: AnyShareParseOptions = {},
): boolean {
  if (!/^[0-9a-f]{32}$/.test(commitment.salt) || !/^[0-9a-f]{64}$/.test(commitment.digest))
    return false;
  const canonical = canonicalOf(shareText, options);
  if (canonical === undefined) return false;
  const actual = digestOf(Buffer.from(commitment.salt, 'hex'), canonical);
  return timingSafeEqual(actual, Buffer.from(commitment.digest, 'hex'));
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
