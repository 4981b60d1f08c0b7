// --help text, rendered from the commands' own descriptions.

import type { CliCommand } from './command';

export const PROGRAM = 'custos';

export function programHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    `Run '${PROGRAM} <command> --help' for a command's options.`,
    'Exit codes: 0 success, 1 failure (one sentence on stderr), 2 usage error.',
  ];
  return `${lines.join('\n')}\n`;
}

export function commandHelp(command: CliCommand): string {
  const rows = [
    ...command.options.map((option) => ({
      left: `--${option.name}${option.value ? ` ${option.value}` : ''}`,
      right: `${option.description}${option.required ? ' (required)' : ''}${option.default !== undefined ? ` (default ${option.default})` : ''}`,
    })),
    { left: '--help', right: 'Show this help.' },
  ];
  const width = Math.max(...rows.map((row) => row.left.length));
  const lines = [
    `Usage: ${PROGRAM} ${command.name} [options]${command.positionals ? ` ${command.positionals}` : ''}`,
    '',
    command.summary,
    '',
    'Options:',
    ...rows.map((row) => `  ${row.left.padEnd(width)}  ${row.right}`),
  ];
  if (command.details) lines.push('', command.details.trimEnd());
  return `${lines.join('\n')}\n`;
}
