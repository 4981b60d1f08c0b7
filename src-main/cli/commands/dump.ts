// `custos dump`: back up the primary into its ceremony folder — every exportable object under
// the wrap key as a yubihsm-setup .yhw file — with the application key. Existing files are kept
// unless named with --replace; objects that cannot be exported are listed with the reason.

import { hexId } from '../../ceremonies/common/objects';
import { backUpPrimary } from '../../ceremonies/backup/backup-primary';
import { CeremonyFolder } from '../../records/ceremony-folder';
import { describeInterruption } from './backup-interruption';
import type { BackupOutcome } from '../../ceremonies/backup/backup-run';
import { CliError, type CliCommand } from '../command';
import { deviceOption } from '../device-option';
import {
  APPLICATION_KEY_OPTIONS,
  asCli,
  CEREMONY_FOLDER_OPTION,
  devicesFromOptions,
  readCeremonyOptions,
} from './ceremony-options';

export const dumpCommand: CliCommand = {
  name: 'dump',
  summary:
    'Back up the primary: export every exportable object under the wrap key to .yhw files in the ceremony folder.',
  options: [
    CEREMONY_FOLDER_OPTION,
    deviceOption('The primary.'),
    ...APPLICATION_KEY_OPTIONS,
    {
      name: 'replace',
      value: 'file',
      description:
        'Replace this existing .yhw file instead of keeping it; may be given more than once.',
      repeatable: true,
    },
    { name: 'replace-all', description: 'Replace every .yhw file that already exists.' },
    {
      name: 'rehearsal-keys',
      description:
        'Simulated primaries only: first generate three rehearsal signing keys (EC P-256, Ed25519, RSA-2048).',
    },
  ],
  details: [
    'Example:',
    '  custos dump --folder ceremony/ --device sim:primary.json --auth-key 3 --password-file app.pw',
    '',
    'Files are written as yubihsm-setup writes them (0xNNNN-<type>.yhw, base64 on one line). An existing',
    'file is never overwritten unless named with --replace (or --replace-all). Exits 0 when every',
    'exportable object was written or kept; 1 with a sentence naming the objects that failed.',
  ].join('\n'),

  async run(options, io) {
    const { folderPath, authKeyId, password } = await readCeremonyOptions(options, io.cwd);
    const { access, ids } = await devicesFromOptions([options.value('device')!], io.cwd);
    const replace = options.flag('replace-all')
      ? 'all'
      : new Set(options.values('replace').map((file) => file.replace(/^.*[\\/]/, '')));
    const started = new Date();
    const result = await asCli(() =>
      backUpPrimary({
        folderPath,
        access,
        deviceId: ids[0]!,
        credential: { password },
        replace,
        rehearsalKeys: options.flag('rehearsal-keys'),
        ...(authKeyId === undefined ? {} : { authKeyId }),
      }),
    ).catch(async (error: unknown) => {
      await printInterruption(folderPath, started, io.stdout);
      throw error;
    });
    for (const key of result.sampleKeys)
      io.stdout(`Generated rehearsal key ${hexId(key.id)} (${key.algorithm}) "${key.label}".\n`);
    for (const outcome of result.outcomes) io.stdout(`${line(outcome)}\n`);
    io.stdout(`${result.summary}\n`);
    if (result.failed.length > 0) {
      throw new CliError(
        `the back-up is not complete: ${result.failed.map((o) => o.reason).join(' ')}`,
      );
    }
    return 0;
  },
};

function line(outcome: BackupOutcome): string {
  const object = `${outcome.object.record.type} ${hexId(outcome.object.info.id)} "${outcome.object.record.label}"`;
  switch (outcome.status) {
    case 'written':
    case 'replaced':
      return `  ${outcome.status.padEnd(13)} ${outcome.object.file}  ${object}`;
    case 'kept':
      return `  ${'kept'.padEnd(13)} ${outcome.object.file}  ${object} (already there)`;
    case 'not-exported':
    case 'failed':
      return `  ${(outcome.status === 'failed' ? 'FAILED' : 'not exported').padEnd(13)} ${object}: ${outcome.reason ?? ''}`;
  }
}

/** After a failed run: what the interrupted back-up left in the folder, from its record. */
async function printInterruption(
  folderPath: string,
  since: Date,
  print: (text: string) => void,
): Promise<void> {
  const folder = await CeremonyFolder.open(folderPath).catch(() => undefined);
  if (!folder) return;
  for (const text of describeInterruption(folder.record, since)) print(`${text}\n`);
}
