// The fonts a share sheet embeds, read from assets/fonts/ and turned into data: URLs so the
// sheet loads nothing from a file path or a network (brief §2; assets/fonts/README.md says why
// these two families).

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SheetFontFace {
  family: 'JetBrains Mono' | 'IBM Plex Sans';
  weight: 400 | 600 | 700;
  file: string;
}

/** Share text in JetBrains Mono (dotted zero, distinct l/1/I); everything else in IBM Plex Sans. */
export const SHEET_FONT_FACES: readonly SheetFontFace[] = [
  { family: 'JetBrains Mono', weight: 400, file: 'jetbrains-mono-latin-400-normal.woff2' },
  { family: 'JetBrains Mono', weight: 700, file: 'jetbrains-mono-latin-700-normal.woff2' },
  { family: 'IBM Plex Sans', weight: 400, file: 'ibm-plex-sans-latin-400-normal.woff2' },
  { family: 'IBM Plex Sans', weight: 600, file: 'ibm-plex-sans-latin-600-normal.woff2' },
];

/** A font face ready for a stylesheet: its source is a data: URL. */
export interface EmbeddedFont {
  family: SheetFontFace['family'];
  weight: SheetFontFace['weight'];
  dataUrl: string;
}

/**
 * Where assets/fonts/ is when Custos runs from its source tree (tsx, tests). A packaged
 * host passes its own resources path instead (see README.md in this folder): a bundle has
 * no meaningful location for this module.
 */
export function sourceTreeFontsDirectory(): string {
  const candidates = [
    // import.meta.url, not .dirname: the Electron main bundle is CommonJS and defines only the URL.
    import.meta.url
      ? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'fonts')
      : undefined,
    resolve(process.cwd(), 'assets', 'fonts'),
  ];
  const found = candidates.find(
    (candidate) =>
      candidate !== undefined && existsSync(join(candidate, SHEET_FONT_FACES[0]!.file)),
  );
  if (!found) {
    throw new Error(
      'the share sheet fonts (assets/fonts/) were not found next to Custos or in the current folder; run Custos from its folder or reinstall it',
    );
  }
  return found;
}

const cache = new Map<string, Promise<EmbeddedFont[]>>();

/** Reads every sheet font once per directory and keeps the data: URLs for later sheets. */
export function loadSheetFonts(
  directory: string = sourceTreeFontsDirectory(),
): Promise<EmbeddedFont[]> {
  let loading = cache.get(directory);
  if (!loading) {
    // Every read settles first, so the sentence names the first missing face in list order,
    // not whichever failed read the file system happened to answer first.
    loading = Promise.allSettled(SHEET_FONT_FACES.map((face) => readFace(directory, face))).then(
      (results) =>
        results.map((result) => {
          if (result.status === 'rejected') throw result.reason;
          return result.value;
        }),
    );
    // A failed read is not cached, so a host can retry once the files are back.
    loading.catch(() => cache.delete(directory));
    cache.set(directory, loading);
  }
  return loading;
}

async function readFace(directory: string, face: SheetFontFace): Promise<EmbeddedFont> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(directory, face.file));
  } catch {
    throw new Error(
      `the share sheet font ${face.file} cannot be read from ${directory}; reinstall Custos so its fonts are complete`,
    );
  }
  // woff2 files start with the signature "wOF2"; anything else would print in a fallback font.
  if (bytes.subarray(0, 4).toString('latin1') !== 'wOF2') {
    throw new Error(
      `${join(directory, face.file)} is not a WOFF2 font; reinstall Custos so its fonts are intact`,
    );
  }
  return {
    family: face.family,
    weight: face.weight,
    dataUrl: `data:font/woff2;base64,${bytes.toString('base64')}`,
  };
}
