// Test support for the secrets tests (STYLE.md §15): every way a share, a password or the wrap
// key could end up written down — canonical text, payload as base64 and hex, key as hex and
// base64 — so a search of files, logs and events can say it found none of them.

import { parseShare } from '../../../secrets/share-text';

export interface Spelling {
  what: string;
  text: string;
}

function bytesSpellings(what: string, bytes: Uint8Array): Spelling[] {
  const buffer = Buffer.from(bytes);
  const base64 = buffer.toString('base64');
  const hex = buffer.toString('hex');
  return [
    { what: `${what} as base64`, text: base64 },
    { what: `${what} as unpadded base64`, text: base64.replace(/=+$/, '') },
    { what: `${what} as base64url`, text: buffer.toString('base64url') },
    { what: `${what} as hex`, text: hex },
    { what: `${what} as upper-case hex`, text: hex.toUpperCase() },
  ];
}

export function secretSpellings(secrets: {
  shares: readonly string[];
  passwords: readonly string[];
  wrapKey: Uint8Array;
}): Spelling[] {
  const spellings: Spelling[] = [];
  secrets.shares.forEach((share, index) => {
    const parsed = parseShare(share);
    if (!parsed.ok) throw new Error(`share ${index + 1} does not parse`);
    spellings.push({ what: `share ${index + 1}`, text: share });
    spellings.push(...bytesSpellings(`share ${index + 1}'s payload`, parsed.share.payload));
  });
  secrets.passwords.forEach((password, index) => {
    spellings.push({ what: `password ${index + 1}`, text: password });
    spellings.push(...bytesSpellings(`password ${index + 1}`, new TextEncoder().encode(password)));
  });
  spellings.push(...bytesSpellings('the wrap key', secrets.wrapKey));
  return spellings;
}
