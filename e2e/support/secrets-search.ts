// The secrets search (STYLE.md §15): after a ceremony, every file Custos could have written is
// read byte for byte and searched for every secret the ceremony used, in every spelling a
// careless line of code might have written it in.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Needle {
  /** What it is, for the failure message ("Bob's share as hex"); never the secret itself. */
  what: string;
  bytes: Buffer;
}

export interface Hit {
  where: string;
  what: string;
}

/** The spellings of some secret bytes: raw, hex in both cases, base64 with and without padding. */
export function bytesNeedles(what: string, bytes: Uint8Array): Needle[] {
  const buffer = Buffer.from(bytes);
  const base64 = buffer.toString('base64');
  return [
    { what: `${what} (raw bytes)`, bytes: buffer },
    { what: `${what} (hex)`, bytes: Buffer.from(buffer.toString('hex')) },
    { what: `${what} (HEX)`, bytes: Buffer.from(buffer.toString('hex').toUpperCase()) },
    { what: `${what} (base64)`, bytes: Buffer.from(base64) },
    { what: `${what} (base64 unpadded)`, bytes: Buffer.from(base64.replace(/=+$/, '')) },
  ];
}

export function textNeedle(what: string, text: string): Needle {
  return { what, bytes: Buffer.from(text, 'utf8') };
}

function filesUnder(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    const info = statSync(path);
    if (info.isDirectory()) files.push(...filesUnder(path));
    else if (info.isFile()) files.push(path);
  }
  return files;
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
    ...filesSearched.map((file) => [file, readFileSync(file)] as [string, Buffer]),
    ...Object.entries(texts).map(([name, text]) => [name, Buffer.from(text)] as [string, Buffer]),
  ];
  for (const [where, content] of haystacks) {
    for (const needle of needles)
      if (content.includes(needle.bytes)) hits.push({ where, what: needle.what });
  }
  return { hits, filesSearched };
}
