// `custos verify`: compare the secondary with the primary's recorded inventory (or the live
// primary with --primary), sign a fresh challenge with every restored signing key and check it
// with the primary's public key, and write the report into the ceremony folder.

import { relative } from 'node:path';
import { hexId } from '../../ceremonies/common/objects';
import { attestationSentence, verifyClone } from '../../ceremonies/verify/verify-clone';
import { CliError, type CliCommand } from '../command';
import { deviceOption } from '../device-option';
import {
  APPLICATION_KEY_OPTIONS,
  asCli,
  CEREMONY_FOLDER_OPTION,
  CLI_TOOL_VERSION,
  devicesFromOptions,
  readCeremonyOptions,
} from './ceremony-options';

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary:
    'Verify a clone: compare the secondary with the primary and prove every restored signing key signs.',
  options: [
    CEREMONY_FOLDER_OPTION,
    deviceOption('The secondary (the clone).'),
    ...APPLICATION_KEY_OPTIONS,
    {
      name: 'primary',
      value: 'device',
      description: 'Compare with the live primary instead of the record (same application key).',
    },
  ],
  details: [
    'Example:',
    '  custos verify --folder ceremony/ --device sim:secondary.json --auth-key 3 --password-file app.pw',
    '',
    'Writes verification-<time>-<serial>.html (printable, for the witness) into the folder and adds',
    'the result to ceremony.json and the transcript. Exits 0 only when everything matches.',
  ].join('\n'),

  async run(options, io) {
    const { folderPath, authKeyId, password } = await readCeremonyOptions(options, io.cwd);
    const primary = options.value('primary');
    const { access, ids } = await devicesFromOptions(
      [options.value('device')!, ...(primary ? [primary] : [])],
      io.cwd,
    );
    const result = await asCli(() =>
      verifyClone({
        folderPath,
        access,
        secondaryId: ids[0]!,
        credential: { password },
        toolVersion: CLI_TOOL_VERSION,
        ...(ids[1] ? { primaryId: ids[1] } : {}),
        ...(authKeyId === undefined ? {} : { authKeyId }),
      }),
    );
    for (const object of result.entry.objects) {
      const differences = object.differences
        .map((d) => `${d.field} ${d.expected} -> ${d.actual}`)
        .join('; ');
      io.stdout(
        `  ${object.status.padEnd(13)} ${object.type} ${hexId(object.objectId)} "${object.label}"${differences ? `: ${differences}` : ''}\n`,
      );
    }
    for (const signature of result.entry.signatures)
      io.stdout(
        `  signature ${signature.status.padEnd(12)} ${hexId(signature.objectId)} ${signature.algorithm}: ${signature.detail}\n`,
      );
    for (const key of result.entry.attestation?.keys ?? [])
      io.stdout(
        `  attestation ${key.status.padEnd(10)} ${hexId(key.objectId)} ${key.algorithm}: ${key.detail}\n`,
      );
    const attestation = attestationSentence(result.entry);
    if (attestation) io.stdout(`${attestation}\n`);
    io.stdout(`Report: ${relative(io.cwd, result.reportPath) || result.reportPath}\n`);
    if (!result.entry.allMatch) throw new CliError(result.summary);
    io.stdout(`${result.summary}\n`);
    return 0;
  },
};
