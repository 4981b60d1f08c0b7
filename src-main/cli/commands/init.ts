// `custos init`: a headless rehearsal of "Initialize primary" — the same engine the app's
// screens drive, run from a plan file against a simulated YubiHSM 2, writing each custodian's
// share to a file. Refused for any device but `sim:<state file>` before anything is opened.

import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  HeadlessInitError,
  refuseSharesInCeremonyFolder,
  runHeadlessInit,
  SIMULATED_ONLY,
} from '../../ceremonies/init/headless';
import { createLogger } from '../../log/logger';
import { resolveUserDataFolder } from '../../services/user-data';
import { CliError, type CliCommand } from '../command';
import { deviceOption, deviceSpecOption } from '../device-option';
import { CLI_TOOL_VERSION } from './ceremony-options';

export const initCommand: CliCommand = {
  name: 'init',
  summary:
    'Rehearse "Initialize primary" from a plan file on a simulated YubiHSM 2, writing the shares to files.',
  options: [
    {
      name: 'plan',
      value: 'file',
      description:
        'Plan file (JSON; docs/plan-files.md). Password files in it are read relative to it.',
      required: true,
    },
    deviceOption(
      'The primary. Only sim:<state file> is accepted (created factory-fresh if missing).',
    ),
    {
      name: 'out',
      value: 'folder',
      description:
        'Ceremony folder for ceremony.json, transcript.jsonl and the .yhw files; must not hold a ceremony.',
      required: true,
    },
    {
      name: 'rehearsal-shares-dir',
      value: 'folder',
      description:
        'Folder for the shares, one <share number>-<name>.txt per custodian (created if missing); outside --out.',
      required: true,
    },
  ],
  details: [
    'Example:',
    '  custos init --plan plan.json --device sim:primary.json --out ceremony/ --rehearsal-shares-dir shares/',
    '',
    'Exits 0 only when the ceremony completed; otherwise 1 with one sentence saying what stopped it',
    '(the ceremony record then says abandoned or failed). Passwords are never printed. The share',
    'files hold the shares: use them for the rehearsal (custos sheets prints them), then delete them.',
  ].join('\n'),

  async run(options, io) {
    const device = deviceSpecOption(options.value('device')!, io.cwd);
    // Refused before anything else: no plan read, no device opened, no folder made.
    if (device.kind !== 'sim') throw new CliError(SIMULATED_ONLY);
    const out = resolve(io.cwd, options.value('out')!);
    const sharesDirectory = resolve(io.cwd, options.value('rehearsal-shares-dir')!);
    try {
      // Also before anything is written, the user-data folder included.
      await refuseSharesInCeremonyFolder(out, sharesDirectory, io.cwd);
      const userDataFolder = resolveUserDataFolder();
      await mkdir(userDataFolder, { recursive: true, mode: 0o700 });
      await runHeadlessInit({
        planPath: resolve(io.cwd, options.value('plan')!),
        device,
        out,
        sharesDirectory,
        print: (line) => io.stdout(`${line}\n`),
        logger: createLogger({ sinks: [] }),
        toolVersion: CLI_TOOL_VERSION,
        userDataFolder,
        cwd: io.cwd,
      });
    } catch (error) {
      if (error instanceof HeadlessInitError) throw new CliError(error.message, { cause: error });
      throw error;
    }
    return 0;
  },
};
