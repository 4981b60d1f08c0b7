// `custos audit`: a share audit without a device (issue 12 §1). Each custodian's share file is
// checked against their commitment in the record (a wrong one is named by custodian), the set is
// recombined and compared with the recorded check value, and the audit and its printable report
// go into the ceremony folder. Nothing secret is printed or written.

import { resolve } from 'node:path';
import { auditFromFiles, type ShareFile } from '../../ceremonies/audit/audit-from-files';
import { UsageError, type CliCommand } from '../command';
import {
  asCli,
  CEREMONY_FOLDER_OPTION,
  CLI_TOOL_VERSION,
  readSecretFile,
} from './ceremony-options';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: "Prove custodians' shares against the record, without a device, and record the audit.",
  options: [
    CEREMONY_FOLDER_OPTION,
    {
      name: 'share-file',
      value: 'file',
      description: "A file holding one custodian's share; give one --share-file per custodian.",
      repeatable: true,
    },
  ],
  details: [
    'Example:',
    '  custos audit --folder ceremony/ --share-file shares/1-ada.txt --share-file shares/3-kat.txt',
    '',
    "Exits 0 only when every share given matches its custodian's commitment and the set rebuilds",
    'the recorded wrap key (its check value); the audit and a printable report are then in the',
    'folder. Exits 1 with a sentence naming each wrong share by custodian (the audit is recorded',
    'as not proven), or saying that too few shares were given (nothing is recorded); 2 for a',
    'wrong command line.',
  ].join('\n'),

  async run(options, io) {
    const paths = options.values('share-file');
    if (paths.length === 0)
      throw new UsageError(
        "give each custodian's share with --share-file <file> (one per custodian)",
      );
    const shares: ShareFile[] = [];
    for (const path of paths)
      shares.push({ path, text: await readSecretFile(path, io.cwd, 'share') });
    const run = await asCli(() =>
      auditFromFiles({
        folderPath: resolve(io.cwd, options.value('folder')!),
        shares,
        toolVersion: CLI_TOOL_VERSION,
      }),
    );
    for (const line of run.lines) io.stdout(`${line}\n`);
    for (const warning of run.warnings) io.stdout(`Note: ${warning}\n`);
    const entry = run.written.entry;
    io.stdout(
      `Audit proven: the ${entry.shareSet === 'current' ? 'current' : 'superseded'} shares of ${entry.proven.map((s) => s.custodian).join(', ')} rebuild the recorded wrap key (check value ${entry.kcv}). Report: ${entry.report}\n`,
    );
    io.stdout(`Transcript head: ${run.written.transcriptHead}\n`);
    return 0;
  },
};
