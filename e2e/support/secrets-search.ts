// The secrets search (STYLE.md §15): after a ceremony, every file Custos could have written is
// read byte for byte and searched for every secret the ceremony used, in every spelling a
// careless line of code might have written it in.

import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCheckedLines } from '../../shared/shares/checked-lines';
import { analyzeShareSet, encodeWrapSecret, parseShare } from '../../src-main/secrets';

export interface Needle {
  /** What it is, for the failure message ("Bob's share as hex"); never the secret itself. */
  what: string;
  bytes: Buffer;
}

export interface Hit {
  where: string;
  what: string;
}

/**
 * The spellings of some secret bytes: raw, hex in both cases, base64 with and without padding,
 * and each text spelling in UTF-16 too (what a browser profile or a JS heap dump holds).
 */
export function bytesNeedles(what: string, bytes: Uint8Array): Needle[] {
  const buffer = Buffer.from(bytes);
  const base64 = buffer.toString('base64');
  return [
    { what: `${what} (raw bytes)`, bytes: buffer },
    ...textNeedles(`${what} (hex)`, buffer.toString('hex')),
    ...textNeedles(`${what} (HEX)`, buffer.toString('hex').toUpperCase()),
    ...textNeedles(`${what} (base64)`, base64),
    ...textNeedles(`${what} (base64 unpadded)`, base64.replace(/=+$/, '')),
  ];
}

export function textNeedle(what: string, text: string): Needle {
  return { what, bytes: Buffer.from(text, 'utf8') };
}

/** A text as UTF-8 and as UTF-16 (little-endian, as V8 and Chromium store strings). */
export function textNeedles(what: string, text: string): Needle[] {
  return [
    textNeedle(what, text),
    { what: `${what} (UTF-16)`, bytes: Buffer.from(text, 'utf16le') },
  ];
}

/**
 * Every printed form of a share (secrets/printed-share.ts names them): the canonical text (what
 * the QR code holds), grouped and spaced, and each line bare, with its check character (run on
 * or spaced) and grouped with it; yubihsm-manager shares are hex in the same lines. Lines shorter
 * than 8 characters are left out: so short a run turns up by chance in any file.
 */
export function shareNeedles(who: string, canonical: string): Needle[] {
  const lines = toCheckedLines(canonical);
  const needles = [
    ...textNeedles(`${who} (canonical)`, canonical),
    ...textNeedles(`${who} (grouped and spaced)`, lines.flatMap((line) => line.groups).join(' ')),
  ];
  for (const line of lines.filter((line) => line.text.length >= 8)) {
    const at = `${who}, line ${line.number}`;
    needles.push(
      ...textNeedles(`${at}`, line.text),
      ...textNeedles(`${at} with its check character`, `${line.text} ${line.check}`),
      ...textNeedles(`${at} run into its check character`, `${line.text}${line.check}`),
      ...textNeedles(
        `${at} grouped with its check character`,
        `${line.groups.join(' ')}  ${line.check}`,
      ),
    );
  }
  return needles;
}

/** Regular files only: a live browser profile holds sockets and lock links, read as nothing. */
function filesUnder(folder: string): string[] {
  const files: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return files;
  }
  for (const entry of entries) {
    const path = join(folder, entry);
    let info;
    try {
      info = lstatSync(path);
    } catch {
      continue; // gone meanwhile (a browser's temporary file)
    }
    if (info.isDirectory()) files.push(...filesUnder(path));
    else if (info.isFile()) files.push(path);
  }
  return files;
}

function readIfThere(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

/** Every needle found in any file under the folders or in the extra texts (e.g. a host's output). */
export function searchForSecrets(
  folders: readonly string[],
  texts: Readonly<Record<string, string>>,
  needles: readonly Needle[],
): { hits: Hit[]; filesSearched: string[] } {
  const hits: Hit[] = [];
  const filesSearched = folders.flatMap(filesUnder);
  const haystacks: [string, Buffer][] = [
    ...filesSearched.map((file) => [file, readIfThere(file)] as [string, Buffer]),
    ...Object.entries(texts).map(([name, text]) => [name, Buffer.from(text)] as [string, Buffer]),
  ];
  for (const [where, content] of haystacks) {
    for (const needle of needles)
      if (content.includes(needle.bytes)) hits.push({ where, what: needle.what });
  }
  return { hits, filesSearched };
}

/** What a browser spec's session offers the search: its host's folders, output and temp folder. */
export interface SearchedSession {
  host: { userDataDir: string; output(): string };
  tempDir: string;
}

/**
 * The search every ceremony spec ends with: the ceremony folders it used, the user-data folder,
 * the host's output, and the temporary folder the host and the browser used (the browser's
 * profile is inside it). Answers the hits and whether the browser profile was read at all.
 */
export function searchAfterCeremony(
  session: SearchedSession,
  ceremonyFolders: readonly string[],
  needles: readonly Needle[],
): { hits: Hit[]; filesSearched: string[]; profileSearched: boolean } {
  const found = searchForSecrets(
    [...ceremonyFolders, session.host.userDataDir, session.tempDir],
    { 'the browser host output': session.host.output() },
    needles,
  );
  return {
    ...found,
    profileSearched: found.filesSearched.some((file) =>
      file.startsWith(join(session.tempDir, 'playwright')),
    ),
  };
}

/**
 * The needles for a ceremony of the engine fixture (src-main/ceremonies/common/testing): every
 * share in each printed form, the wrap key's bytes, and the application key's password.
 */
export function fixtureNeedles(
  ceremony: {
    shares: readonly string[];
    wrapKey: Uint8Array;
  },
  password?: string,
): Needle[] {
  return [
    ...ceremony.shares.flatMap((share, index) => shareNeedles(`share ${index + 1}`, share)),
    ...bytesNeedles('the wrap key', ceremony.wrapKey),
    ...(password ? textNeedles('the application key password', password) : []),
  ];
}

/**
 * What a set of shares holds beneath its printed forms: each share's payload (so a share's body
 * as yubihsm-manager hex, base64 or raw bytes), and, recombined as a restore would, the wrap key
 * and the 52-byte wrap secret (policy and key, yubihsm-setup's split secret) in every spelling.
 */
export async function shareSetNeedles(
  shares: readonly { who: string; canonical: string }[],
): Promise<Needle[]> {
  const needles = shares.flatMap(({ who, canonical }) => {
    const parsed = parseShare(canonical);
    if (!parsed.ok) throw new Error(`${who}: the share did not parse`);
    return [
      ...shareNeedles(who, canonical),
      ...bytesNeedles(`${who} payload`, parsed.share.payload),
    ];
  });
  const recombined = await analyzeShareSet(shares.map((share) => share.canonical));
  if (!recombined.ok) throw new Error('the shares did not recombine');
  return [
    ...needles,
    ...bytesNeedles('the wrap key', recombined.secret.key),
    ...bytesNeedles(
      'the wrap secret (policy and key, 52 bytes)',
      encodeWrapSecret(recombined.secret),
    ),
  ];
}

/** What a session's close() says when the search found something (never the secret itself). */
export function describeHits(hits: readonly Hit[]): string {
  return `secrets search: found ${hits.map((hit) => `${hit.what} in ${hit.where}`).join('; ')}`;
}
