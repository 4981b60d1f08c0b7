// `custos reshare`: split the same wrap key again for new custodians (issue 12 §2), from M
// current share files and a small plan file; a rehearsal writes the new shares to files like
// `custos init`. The record then holds the new set and marks the old one superseded: the old
// shares still rebuild the wrap key, which the command says too.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OLD_SHARES_STILL_WORK } from '../../../shared/ceremony/audit-snapshot';
import type { ShareFile } from '../../ceremonies/audit/audit-from-files';
import { HeadlessInitError } from '../../ceremonies/init/headless';
import { reshareFromFiles } from '../../ceremonies/reshare/reshare-from-files';
import { createLogger } from '../../log/logger';
import { CliError, UsageError, type CliCommand } from '../command';
import { asCli, CEREMONY_FOLDER_OPTION, readSecretFile } from './ceremony-options';

async function readPlan(path: string, cwd: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch {
    throw new CliError(`the reshare plan ${path} cannot be read; check the path`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError(`the reshare plan ${path} is not valid JSON`);
  }
}

export const reshareCommand: CliCommand = {
  name: 'reshare',
  summary:
    'Split the same wrap key again for new custodians, from M current share files (rehearsals).',
  options: [
    CEREMONY_FOLDER_OPTION,
    {
      name: 'share-file',
      value: 'file',
      description: "A file holding one current custodian's share; one --share-file per custodian.",
      repeatable: true,
    },
    {
      name: 'plan',
      value: 'file',
      description:
        'The reshare plan (JSON): {"custodians": [...], "threshold": M}, optionally shareFormat, shareConfirmation, verificationRound.',
      required: true,
    },
    {
      name: 'rehearsal-shares-dir',
      value: 'folder',
      description:
        'Folder for the new shares, one <share number>-<name>.txt per new custodian; outside --folder. Only for rehearsals.',
      required: true,
    },
  ],
  details: [
    'Example:',
    '  custos reshare --folder ceremony/ --share-file shares/1-ada.txt --share-file shares/2-grace.txt --plan new-plan.json --rehearsal-shares-dir new-shares/',
    '',
    'Exits 0 when the new set is made and recorded; 1 with a sentence (a wrong share named by',
    'custodian, too few shares, a plan that cannot be used, a ceremony that was not a rehearsal),',
    'and then the old set stays the current one; 2 for a wrong command line.',
    OLD_SHARES_STILL_WORK,
  ].join('\n'),

  async run(options, io) {
    const paths = options.values('share-file');
    if (paths.length === 0)
      throw new UsageError("give each current custodian's share with --share-file <file>");
    const plan = await readPlan(options.value('plan')!, io.cwd);
    const shares: ShareFile[] = [];
    for (const path of paths)
      shares.push({ path, text: await readSecretFile(path, io.cwd, 'share') });
    let result;
    try {
      result = await asCli(() =>
        reshareFromFiles({
          folderPath: resolve(io.cwd, options.value('folder')!),
          shares,
          plan,
          sharesDirectory: resolve(io.cwd, options.value('rehearsal-shares-dir')!),
          cwd: io.cwd,
          logger: createLogger({ sinks: [] }),
          print: (line) => io.stdout(`${line}\n`),
        }),
      );
    } catch (error) {
      if (error instanceof HeadlessInitError) throw new CliError(error.message, { cause: error });
      throw error;
    }
    for (const warning of result.warnings) io.stdout(`Note: ${warning}\n`);
    io.stdout(
      `Reshare complete: the wrap key (check value ${result.kcv}) is split ${result.threshold}-of-${result.count} among the new custodians; the record marks the old set superseded.\n`,
    );
    io.stdout(`${OLD_SHARES_STILL_WORK}\n`);
    io.stdout(`Transcript head: ${result.transcriptHead}\n`);
    return 0;
  },
};
