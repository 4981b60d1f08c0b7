// Headless sheets for a rehearsal (brief §5): one HTML sheet per custodian, from share files a
// rehearsal left in a folder. Real ceremonies never reach this: their shares exist only on the
// custodian's step and are printed there. Every share is checked against its custodian's
// commitment before any sheet is written, so a mixed-up file leaves no half-written set.

import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CeremonyFolder } from '../records/ceremony-folder';
import { writeFileAtomic } from '../files/atomic-write';
import { custodianFileName } from '../records/custodian-file-name';
import { isSameOrWithin } from '../records/folder-within';
import { ShareSheetError, shareSheetContent } from './sheet-content';
import { loadSheetFonts } from './sheet-fonts';
import { renderShareSheet } from './sheet-html';
import type { PaperSize } from './sheet-policy';

export class RehearsalSheetsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RehearsalSheetsError';
  }
}

export const NOT_A_REHEARSAL =
  "sheets from a file are only made for rehearsals; a real ceremony prints each sheet on its custodian's step";

export interface RehearsalSheetsOptions {
  /** The ceremony folder holding ceremony.json. */
  folder: string;
  /** Files named <index>-<name>.txt holding each custodian's canonical share. */
  sharesDirectory: string;
  /** Where the sheets go (created if missing). */
  htmlDirectory: string;
  paper: PaperSize;
  /** Overwrite sheets already in htmlDirectory. */
  replace?: boolean;
  /** assets/fonts/ of a packaged install; the source tree's by default. */
  fontsDirectory?: string;
}

export interface WrittenSheet {
  shareNumber: number;
  shareCount: number;
  custodian: string;
  /** File name inside the html directory. */
  file: string;
}

const SHARE_FILE = /^(\d{1,3})-(.+)\.txt$/;

/** The sheet made from <share number>-<name>.txt: <share number>-<name>.html. */
export function sheetFileName(shareNumber: number, custodian: string): string {
  return custodianFileName(shareNumber, custodian, 'html');
}

async function readShareFiles(
  directory: string,
): Promise<Map<number, { file: string; share: string }>> {
  let names: string[];
  try {
    names = (await readdir(directory, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    throw new RehearsalSheetsError(
      `the shares folder ${directory} cannot be read; check the path given to --rehearsal-shares-dir`,
    );
  }
  const shares = new Map<number, { file: string; share: string }>();
  for (const name of names.filter((file) => file.endsWith('.txt'))) {
    const match = SHARE_FILE.exec(name);
    if (!match)
      throw new RehearsalSheetsError(
        `${name} in ${directory} is not named <share number>-<name>.txt, so it cannot be matched to a custodian; rename or remove it`,
      );
    const shareNumber = Number(match[1]);
    const earlier = shares.get(shareNumber);
    if (earlier)
      throw new RehearsalSheetsError(
        `${earlier.file} and ${name} in ${directory} are both for share ${shareNumber}; keep only the right one`,
      );
    const text = await readFile(join(directory, name), 'utf8');
    // One trailing newline is allowed (an editor adds it); anything else is part of the text.
    shares.set(shareNumber, { file: name, share: text.replace(/\r?\n$/, '') });
  }
  return shares;
}

async function existingFiles(directory: string): Promise<Set<string>> {
  try {
    return new Set(await readdir(directory));
  } catch {
    return new Set();
  }
}

/** Writes one sheet per custodian of a rehearsal and returns what was written. */
export async function writeRehearsalSheets(
  options: RehearsalSheetsOptions,
): Promise<WrittenSheet[]> {
  // A sheet holds a share, and the ceremony folder must never hold one.
  if (await isSameOrWithin(options.htmlDirectory, options.folder)) {
    throw new RehearsalSheetsError(
      `the sheets folder ${options.htmlDirectory} is ${resolve(options.htmlDirectory) === resolve(options.folder) ? 'the ceremony folder itself' : `inside the ceremony folder ${options.folder}`}, which must never hold a share; give --html-dir a folder outside --folder. No sheet was written`,
    );
  }
  const { record } = await CeremonyFolder.open(options.folder);
  if (!record.rehearsal || !record.primary.simulated)
    throw new RehearsalSheetsError(NOT_A_REHEARSAL);

  const files = await readShareFiles(options.sharesDirectory);
  for (const [shareNumber, { file }] of files) {
    if (!record.custodians.some((custodian) => custodian.index === shareNumber)) {
      throw new RehearsalSheetsError(
        `${file} is for share ${shareNumber}, but the ceremony record has no custodian holding share ${shareNumber}`,
      );
    }
  }
  const missing = record.custodians.filter((custodian) => !files.has(custodian.index));
  if (missing.length > 0) {
    const list = missing
      .map((custodian) => `${custodian.name} (share ${custodian.index})`)
      .join(', ');
    throw new RehearsalSheetsError(
      `${options.sharesDirectory} has no share file for ${list}; every custodian needs a file named <share number>-<name>.txt`,
    );
  }

  // Check every share before writing anything (shareSheetContent refuses a share that does not
  // match its custodian's commitment, naming the custodian).
  const fonts = await loadSheetFonts(options.fontsDirectory);
  const sheets = record.custodians.map((custodian) => {
    const { file, share } = files.get(custodian.index)!;
    let content;
    try {
      content = shareSheetContent(record, custodian.index, share);
    } catch (error) {
      if (error instanceof ShareSheetError)
        throw new RehearsalSheetsError(`${file}: ${error.message}; no sheet was written`);
      throw error;
    }
    return {
      shareNumber: custodian.index,
      shareCount: content.shareCount,
      custodian: custodian.name,
      file: sheetFileName(custodian.index, custodian.name),
      html: renderShareSheet(content, { paper: options.paper, fonts }),
    };
  });

  await mkdir(options.htmlDirectory, { recursive: true, mode: 0o700 });
  const kept = (file: string) =>
    new RehearsalSheetsError(
      `${join(options.htmlDirectory, file)} already exists and was kept; remove it, choose another --html-dir, or pass --replace`,
    );
  if (!options.replace) {
    const present = await existingFiles(options.htmlDirectory);
    const clash = sheets.find((sheet) => present.has(sheet.file));
    if (clash) throw kept(clash.file);
  }
  for (const sheet of sheets) {
    try {
      // A sheet holds a share: readable by its owner only.
      await writeFileAtomic(join(options.htmlDirectory, sheet.file), sheet.html, {
        mode: 0o600,
        exclusive: !options.replace,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw kept(sheet.file);
      throw error;
    }
  }
  return sheets.map(({ shareNumber, shareCount, custodian, file }) => ({
    shareNumber,
    shareCount,
    custodian,
    file,
  }));
}
