// `custos sheets`: writes one printable HTML share sheet per custodian of a rehearsal, from the
// share files the rehearsal left behind. Real ceremonies print on each custodian's step instead.

import { relative, resolve } from 'node:path';
import { RehearsalSheetsError, writeRehearsalSheets } from '../../print/rehearsal-sheets';
import { isPaperSize, PAPER } from '../../print/sheet-policy';
import { CeremonyFolderError } from '../../records/ceremony-folder';
import { CliError, UsageError, type CliCommand } from '../command';

export const sheetsCommand: CliCommand = {
  name: 'sheets',
  summary: 'Write a printable share sheet (HTML) for every custodian of a rehearsal.',
  options: [
    {
      name: 'folder',
      value: 'folder',
      description: 'Ceremony folder holding ceremony.json.',
      required: true,
    },
    {
      name: 'rehearsal-shares-dir',
      value: 'folder',
      description: 'Folder of <share number>-<name>.txt files, each holding one canonical share.',
      required: true,
    },
    {
      name: 'html-dir',
      value: 'folder',
      description: 'Folder to write the sheets to (created if missing); outside --folder.',
      required: true,
    },
    { name: 'paper', value: 'a4|letter', description: 'Paper size of the sheets.', default: 'a4' },
    { name: 'replace', description: 'Overwrite sheets that already exist in --html-dir.' },
  ],
  details: [
    'Example:',
    '  custos sheets --folder ceremony/ --rehearsal-shares-dir shares/ --html-dir sheets/ --paper letter',
    '',
    "Only for rehearsals on a simulated device. Each share is checked against its custodian's",
    'commitment in ceremony.json before any sheet is written. Each sheet is one self-contained',
    'HTML page (fonts and QR code inside it); open it in a browser and print it. The sheets hold',
    'the shares: delete them when the rehearsal is over.',
  ].join('\n'),

  async run(options, io) {
    const paper = options.value('paper')!;
    if (!isPaperSize(paper)) throw new UsageError(`--paper is a4 or letter, not "${paper}"`);
    const htmlDirectory = resolve(io.cwd, options.value('html-dir')!);
    let written;
    try {
      written = await writeRehearsalSheets({
        folder: resolve(io.cwd, options.value('folder')!),
        sharesDirectory: resolve(io.cwd, options.value('rehearsal-shares-dir')!),
        htmlDirectory,
        paper,
        replace: options.flag('replace'),
      });
    } catch (error) {
      if (error instanceof RehearsalSheetsError || error instanceof CeremonyFolderError)
        throw new CliError(error.message, { cause: error });
      throw error;
    }
    const shown = relative(io.cwd, htmlDirectory) || '.';
    io.stdout(
      `Wrote ${written.length} share sheet${written.length === 1 ? '' : 's'} (${PAPER[paper].css === 'A4' ? 'A4' : 'US Letter'}) to ${shown}:\n`,
    );
    for (const sheet of written)
      io.stdout(
        `  ${sheet.file}  ${sheet.custodian}, share ${sheet.shareNumber} of ${sheet.shareCount}\n`,
      );
    io.stdout('Each sheet holds a rehearsal share: print them, then delete the files.\n');
    return 0;
  },
};
