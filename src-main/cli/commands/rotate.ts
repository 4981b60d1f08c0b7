// `custos rotate`: rotate a rehearsal ceremony's wrap key (issue 12 §3) headless. M custodians'
// current shares authorize it; a new wrap key is made and split, each new share written to the
// rehearsal shares folder; then every device given (the primary and each secondary the record
// knows) takes the new key, the primary's objects are exported under it into a new backup
// folder, and the old key is deleted. Exit 0 only when every device holds the new key alone.

import { resolve } from 'node:path';
import { rotateFromFiles } from '../../ceremonies/rotation/rotate-from-files';
import { createLogger } from '../../log/logger';
import type { ShareFile } from '../../ceremonies/restore/restore-from-files';
import { CliError, UsageError, type CliCommand } from '../command';
import { deviceOption } from '../device-option';
import { asCli, devicesFromOptions, objectIdOption, readSecretFile } from './ceremony-options';

export const rotateCommand: CliCommand = {
  name: 'rotate',
  summary:
    "Rotate a rehearsal ceremony's wrap key: new key and shares, put on every device, backups exported again, old key deleted.",
  options: [
    {
      name: 'folder',
      value: 'folder',
      description: 'The ceremony folder (holding ceremony.json).',
      required: true,
    },
    {
      ...deviceOption(
        'A device of the ceremony: the primary and each secondary the record knows; give --device once per device.',
      ),
      repeatable: true,
    },
    {
      name: 'share-file',
      value: 'file',
      description:
        "A file holding one custodian's current share (resuming a stopped rotation: their new share); one per custodian.",
      repeatable: true,
    },
    {
      name: 'password-file',
      value: 'file',
      description:
        'The password of the key that manages wrap keys (put-wrap-key, delete-wrap-key, export-wrapped, get-pseudo-random).',
      required: true,
    },
    {
      name: 'auth-key',
      value: 'id',
      description: "That key's id (default: the application key the record names).",
    },
    {
      name: 'audit-password-file',
      value: 'file',
      description:
        "The audit key's password: each device's own audit log is read once it is done, and put into the record.",
    },
    {
      name: 'audit-key',
      value: 'id',
      description: 'With --audit-password-file: the audit key (default: the one the record lists).',
    },
    {
      name: 'rehearsal-shares-dir',
      value: 'folder',
      description:
        'Folder for the new shares, one <number>-<name>.txt per custodian; a rehearsal only, outside --folder. Not needed to resume.',
    },
  ],
  details: [
    'Example:',
    '  custos rotate --folder ceremony/ --device sim:primary.json --device sim:secondary.json \\',
    '    --share-file shares/1-ada.txt --share-file shares/3-kat.txt --password-file rotation.pw \\',
    '    --rehearsal-shares-dir new-shares/',
    '',
    'The old .yhw files are never deleted: the record names them for destruction. If a device is',
    'unplugged mid-rotation, the record says which devices still hold the old key; run rotate again',
    'with the NEW share files and those devices to finish. Exits 0 only when every device holds the',
    'new wrap key alone; otherwise 1 with a sentence per share file or device at fault.',
  ].join('\n'),

  async run(options, io) {
    const shareFiles = options.values('share-file');
    if (shareFiles.length === 0)
      throw new UsageError(
        "give each custodian's share with --share-file <file> (one per custodian)",
      );
    const deviceTexts = options.values('device');
    if (deviceTexts.length === 0) throw new UsageError('give each device with --device');
    const shares: ShareFile[] = [];
    for (const path of shareFiles)
      shares.push({ path, text: await readSecretFile(path, io.cwd, 'share') });
    const authKeyId = objectIdOption('auth-key', options.value('auth-key'));
    const password = await readSecretFile(options.value('password-file')!, io.cwd, 'password');
    const auditKeyId = objectIdOption('audit-key', options.value('audit-key'));
    const auditPasswordFile = options.value('audit-password-file');
    if (auditKeyId !== undefined && auditPasswordFile === undefined)
      throw new UsageError(
        '--audit-key needs --audit-password-file, to read the audit log with it',
      );
    const auditPassword =
      auditPasswordFile === undefined
        ? undefined
        : await readSecretFile(auditPasswordFile, io.cwd, 'password');
    const sharesDirectory = options.value('rehearsal-shares-dir');
    const { access, ids } = await devicesFromOptions(deviceTexts, io.cwd);
    const result = await asCli(() =>
      rotateFromFiles({
        folderPath: resolve(io.cwd, options.value('folder')!),
        access,
        deviceIds: ids,
        shares,
        rotationKey: { password, ...(authKeyId === undefined ? {} : { authKeyId }) },
        ...(auditPassword === undefined
          ? {}
          : {
              auditKey: {
                password: auditPassword,
                ...(auditKeyId === undefined ? {} : { authKeyId: auditKeyId }),
              },
            }),
        ...(sharesDirectory === undefined ? {} : { sharesDirectory }),
        cwd: io.cwd,
        print: (line) => io.stdout(`${line}\n`),
        logger: createLogger({ sinks: [] }),
      }),
    );
    if (!result.complete)
      throw new CliError(`The rotation is not complete. ${result.problems.join(' ')}`.trim());
    const view = result.snapshot.view;
    if (view.step === 'finished') {
      io.stdout(`New backups: ${view.files.map((f) => `${view.backupFolder}/${f}`).join(', ')}.\n`);
      for (const line of view.notExported) io.stdout(`Not exported: ${line}\n`);
      if (view.toDestroy.length > 0)
        io.stdout(
          `Destroy these old backups made under the old wrap key (Custos did not delete them): ${view.toDestroy.join(', ')}.\n`,
        );
      io.stdout(`Transcript head: ${view.transcriptHead}\n`);
    }
    io.stdout(
      `Rotation complete: every device holds only the new wrap key, check value ${result.newKcv}. The old shares rebuild nothing in use any more; collect and destroy them.\n`,
    );
    return 0;
  },
};
