// `custos restore`: rebuild the wrap key on a factory-fresh secondary from M custodians' share
// files and import the folder's .yhw backups. Works on a Custos ceremony folder (every share
// checked against its custodian's commitment) and on a yubihsm-setup folder of .yhw files
// (interop mode, fewer checks). The factory key is deleted only once the application key is on
// the secondary (and opens with --password-file, when given).

import { resolve } from 'node:path';
import { describeDeviceAudit } from '../../ceremonies/common/device-audit';
import { hexId } from '../../ceremonies/common/objects';
import { INTEROP_NOTE } from '../../ceremonies/restore/restore-source';
import { incompleteReason } from '../../ceremonies/restore/restore-record';
import {
  restoreFromFiles,
  restoreSecondariesFromFiles,
  type RestoreFromFilesOptions,
  type SecondariesFromFilesResult,
  type SecondaryRestored,
  type ShareFile,
} from '../../ceremonies/restore/restore-from-files';
import type { CliIo } from '../command';
import { CliError, UsageError, type CliCommand } from '../command';
import { deviceOption } from '../device-option';
import { asCli, devicesFromOptions, objectIdOption, readSecretFile } from './ceremony-options';

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary:
    "Restore a factory-fresh secondary from custodians' share files and the folder's .yhw backups.",
  options: [
    {
      name: 'folder',
      value: 'folder',
      description: 'The ceremony folder (or a folder of yubihsm-setup .yhw files).',
      required: true,
    },
    {
      ...deviceOption(
        'The factory-fresh secondary (a partial restore of this ceremony is resumed). Give --device once per secondary to restore several in one sitting: the shares are checked and the wrap key rebuilt once, then each secondary is restored in turn.',
      ),
      repeatable: true,
    },
    {
      name: 'share-file',
      value: 'file',
      description: "A file holding one custodian's share; give one --share-file per custodian.",
      repeatable: true,
    },
    {
      name: 'auth-key',
      value: 'id',
      description:
        'With --password-file: the application key to prove before the factory key is deleted (default: the imported one).',
    },
    {
      name: 'password-file',
      value: 'file',
      description:
        "The application key's password: it must open a session on the secondary before the factory key is deleted.",
    },
    {
      name: 'audit-password-file',
      value: 'file',
      description:
        "The audit key's password: at the end the secondary's own audit log is read with it, its digest chain checked, and put into the record.",
    },
    {
      name: 'audit-key',
      value: 'id',
      description: 'With --audit-password-file: the audit key (default: the one the record lists).',
    },
  ],
  details: [
    'Example:',
    '  custos restore --folder ceremony/ --device sim:secondary.json --share-file shares/1-ada.txt --share-file shares/3-kat.txt',
    '',
    'Each share file holds one share (its canonical text; spaces and a trailing newline are forgiven).',
    'In a Custos ceremony folder a file named <number>-<name>.txt must hold share <number>. Every share is checked before the',
    'secondary is written. Exits 0 only when every backup of this ceremony is on the secondary and',
    'the factory key was deleted; otherwise 1 with a sentence naming the share or file at fault.',
    'If the secondary is unplugged mid-import, run the same command again to resume.',
    'With several --device options each secondary is restored and recorded in turn with the same rebuilt',
    'key (wiped at the end); one that is refused or fails is named and the others are still restored.',
    'Exits 0 only when every secondary is complete.',
  ].join('\n'),

  async run(options, io) {
    const shareFiles = options.values('share-file');
    if (shareFiles.length === 0)
      throw new UsageError(
        "give each custodian's share with --share-file <file> (one per custodian)",
      );
    const authKeyId = objectIdOption('auth-key', options.value('auth-key'));
    const passwordFile = options.value('password-file');
    if (authKeyId !== undefined && passwordFile === undefined)
      throw new UsageError(
        '--auth-key needs --password-file, to prove the key before the factory key is deleted',
      );
    const shares: ShareFile[] = [];
    for (const path of shareFiles)
      shares.push({ path, text: await readSecretFile(path, io.cwd, 'share') });
    const password =
      passwordFile === undefined
        ? undefined
        : await readSecretFile(passwordFile, io.cwd, 'password');
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
    const devices = options.values('device');
    const twice = devices.find((device, i) => devices.indexOf(device) !== i);
    if (twice !== undefined)
      throw new UsageError(`--device ${twice} is given twice; give each secondary once`);
    const { access, ids } = await devicesFromOptions(devices, io.cwd);
    const common = {
      folderPath: resolve(io.cwd, options.value('folder')!),
      access,
      shares,
      ...(password === undefined
        ? {}
        : {
            proof: {
              credential: { password },
              ...(authKeyId === undefined ? {} : { id: authKeyId }),
            },
          }),
      ...(auditPassword === undefined
        ? {}
        : {
            auditProof: {
              credential: { password: auditPassword },
              ...(auditKeyId === undefined ? {} : { id: auditKeyId }),
            },
          }),
    };
    if (ids.length > 1) return restoreSitting(io, common, ids, devices);
    const run = await asCli(() => restoreFromFiles({ ...common, deviceId: ids[0]! }));
    sayRebuilt(io, run);
    reportSecondary(io, run);
    if (!run.result.complete) throw new CliError(incompleteReason(run.result));
    io.stdout(
      `Restore complete: the secondary is a clone of the primary's backups. Verify it with custos verify.\n`,
    );
    return 0;
  },
};

/** What the shares gave: said once, however many secondaries follow. */
function sayRebuilt(
  io: CliIo,
  run: Pick<
    SecondariesFromFilesResult,
    'source' | 'shareNumbers' | 'kcv' | 'confirmedBy' | 'warnings'
  >,
): void {
  if (run.source.mode === 'interop') io.stdout(`Interop mode: ${INTEROP_NOTE}\n`);
  io.stdout(
    `Wrap key rebuilt from shares ${run.shareNumbers.join(', ')}; check value ${run.kcv}${run.confirmedBy.length > 0 ? ` (${run.confirmedBy.join('; ')})` : ''}.\n`,
  );
  for (const warning of run.warnings) io.stdout(`Note: ${warning}\n`);
}

/** One secondary's table: every file, the factory key, its audit log. */
function reportSecondary(
  io: CliIo,
  run: Pick<SecondaryRestored, 'check' | 'result' | 'deviceAudit' | 'deviceAuditProblem'>,
): void {
  if (run.check.state === 'resume') io.stdout(`${run.check.message}\n`);
  for (const file of run.result.files) {
    const object =
      file.objectId === undefined
        ? ''
        : ` ${file.type} ${hexId(file.objectId)}${file.label === undefined ? '' : ` "${file.label}"`}`;
    io.stdout(
      `  ${(file.status === 'failed' ? 'FAILED' : file.status).padEnd(9)} ${file.file}${object}${file.status === 'imported' ? '' : `: ${file.reason ?? ''}`}\n`,
    );
  }
  io.stdout(`${run.result.factoryKey.reason}\n`);
  if (run.deviceAudit) io.stdout(`${describeDeviceAudit(run.deviceAudit)}\n`);
  if (run.deviceAuditProblem) io.stdout(`Note: ${run.deviceAuditProblem}\n`);
}

/** Several secondaries in one sitting: the key rebuilt once, each secondary in turn. */
async function restoreSitting(
  io: CliIo,
  common: Omit<RestoreFromFilesOptions, 'deviceId'>,
  deviceIds: readonly string[],
  /** Each --device as typed, to name a secondary that was not restored. */
  typed: readonly string[],
): Promise<number> {
  const run = await asCli(() => restoreSecondariesFromFiles({ ...common, deviceIds }));
  sayRebuilt(io, run);
  const unfinished: string[] = [];
  run.secondaries.forEach((secondary, i) => {
    const heading = `Secondary ${i + 1} of ${run.secondaries.length}`;
    if ('failure' in secondary) {
      io.stdout(`${heading} (${typed[i]}): not restored. ${secondary.failure}\n`);
      unfinished.push(`secondary ${i + 1} (${typed[i]}): ${secondary.failure}`);
      return;
    }
    io.stdout(`${heading} (serial ${secondary.serial}):\n`);
    reportSecondary(io, secondary);
    if (!secondary.result.complete)
      unfinished.push(
        `secondary ${i + 1} (serial ${secondary.serial}): ${incompleteReason(secondary.result)}`,
      );
  });
  io.stdout('The rebuilt wrap key has been wiped from memory.\n');
  if (unfinished.length > 0)
    throw new CliError(
      `${run.secondaries.length - unfinished.length} of ${run.secondaries.length} secondaries restored completely; not complete: ${unfinished.join('; ')}`,
    );
  io.stdout(
    `Restore complete: all ${run.secondaries.length} secondaries are clones of the primary's backups. Verify each with custos verify.\n`,
  );
  return 0;
}
