// `custos script`: the printable ceremony script (IANA's practice) for "Initialize primary",
// from a plan file before the day or filled from a ceremony folder after it, written as one
// HTML file where the person says — never over an existing file.

import { relative, resolve } from 'node:path';
import { CeremonyScriptError } from '../../ceremonies/init/script/ceremony-script';
import {
  scriptFromFolder,
  scriptFromPlanFile,
  writeCeremonyScript,
} from '../../ceremonies/init/script/script-file';
import { renderCeremonyScript } from '../../ceremonies/init/script/script-html';
import { CliError, UsageError, type CliCommand } from '../command';
import { CLI_TOOL_VERSION } from './ceremony-options';

export const scriptCommand: CliCommand = {
  name: 'script',
  summary:
    'Write the printable ceremony script (roles, steps, values read aloud, tick boxes, signatures) from a plan or a finished ceremony.',
  options: [
    { name: 'plan', value: 'file', description: 'Plan file: the script before the day.' },
    {
      name: 'folder',
      value: 'folder',
      description: 'Ceremony folder holding ceremony.json: the script filled from the record.',
    },
    {
      name: 'out',
      value: 'file',
      description: 'The HTML file to write; it must not exist yet.',
      required: true,
    },
  ],
  details: [
    'Examples:',
    '  custos script --plan plan.json --out script.html',
    '  custos script --folder ceremony/ --out ceremony-script-filled.html',
    '',
    'Give --plan or --folder, not both. Open the file in a browser and print it. It holds no',
    'share and no password; an existing file is never replaced.',
  ].join('\n'),

  async run(options, io) {
    const plan = options.value('plan');
    const folder = options.value('folder');
    if ((plan === undefined) === (folder === undefined))
      throw new UsageError('give either --plan <file> or --folder <folder>');
    const out = resolve(io.cwd, options.value('out')!);
    const made = { madeAt: new Date(), toolVersion: CLI_TOOL_VERSION };
    try {
      const script = plan
        ? await scriptFromPlanFile(resolve(io.cwd, plan), made)
        : await scriptFromFolder(resolve(io.cwd, folder!), made);
      await writeCeremonyScript(out, renderCeremonyScript(script));
      io.stdout(
        `Wrote the ceremony script for "${script.ceremony}" (${script.steps.length} steps, ${plan ? 'from the plan' : 'filled from the record'}) to ${relative(io.cwd, out) || out}. Open it in a browser and print it.\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof CeremonyScriptError) throw new CliError(error.message, { cause: error });
      throw error;
    }
  },
};
