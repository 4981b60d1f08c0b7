// `custos handoff`: the KSP / connector hand-off for a YubiHSM 2 going to a Windows AD CS
// server — a .reg file (ConnectorURL, AuthKeysetID; never the password), the connector's
// configuration and a printable next-steps sheet, written into the ceremony folder.

import { relative, resolve } from 'node:path';
import { writeHandoff } from '../../ceremonies/handoff/write-handoff';
import { DEFAULT_CONNECTOR_URL } from '../../ceremonies/handoff/connector-config';
import { hexId } from '../../ceremonies/common/objects';
import { UsageError, type CliCommand } from '../command';
import { asCli, CLI_TOOL_VERSION } from './ceremony-options';

export const handoffCommand: CliCommand = {
  name: 'handoff',
  summary:
    'Write the KSP hand-off for AD CS: a .reg file, the connector configuration and a next-steps sheet.',
  options: [
    {
      name: 'folder',
      value: 'folder',
      description: 'The ceremony folder (its record says the application key and the devices).',
      required: true,
    },
    {
      name: 'connector-url',
      value: 'url',
      description: `Where the KSP reaches yubihsm-connector (default ${DEFAULT_CONNECTOR_URL}).`,
    },
    {
      name: 'serial',
      value: 'serial',
      description:
        "The device going to the CA server: the primary (default) or a restored secondary's serial.",
    },
  ],
  details: [
    'Example:',
    '  custos handoff --folder ceremony/ --connector-url http://127.0.0.1:12345',
    '',
    'Writes ksp-handoff-<serial>.reg (UTF-16, for regedit), ksp-handoff-<serial>-connector.yaml and',
    'ksp-handoff-<serial>.html into the folder, never over earlier ones. The password of the',
    'application key (AuthKeysetPassword) is never written: the sheet says who types it, and where.',
  ].join('\n'),

  async run(options, io) {
    const serialText = options.value('serial');
    const serial = serialText === undefined ? undefined : Number(serialText);
    if (serial !== undefined && (!/^\d{1,10}$/.test(serialText!) || !Number.isSafeInteger(serial)))
      throw new UsageError(`--serial is a device serial number (digits), not "${serialText}"`);
    const connectorUrl = options.value('connector-url');
    const folderPath = resolve(io.cwd, options.value('folder')!);
    const result = await asCli(() =>
      writeHandoff({
        folderPath,
        toolVersion: CLI_TOOL_VERSION,
        ...(connectorUrl === undefined ? {} : { connectorUrl }),
        ...(serial === undefined ? {} : { serial }),
      }),
    );
    io.stdout(
      `KSP hand-off for YubiHSM 2 serial ${result.serial} (the ${result.role}): ConnectorURL ${result.endpoint.url}, AuthKeysetID ${hexId(result.authKeyId)}, connector listening on ${result.endpoint.listen}.\n`,
    );
    for (const file of result.files)
      io.stdout(`  ${relative(io.cwd, resolve(folderPath, file.file))}  sha256 ${file.sha256}\n`);
    io.stdout(
      'Print the sheet: the password of the application key is not in these files; its holder types it into regedit as the sheet says.\n',
    );
    return 0;
  },
};
