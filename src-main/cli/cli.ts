// The dispatcher: picks the command, parses its options, runs it, and turns what happened into
// an exit code — 0 success, 1 failure with one sentence on stderr, 2 usage error. Expected
// failures print their sentence only; a stack trace appears only with CUSTOS_DEBUG=1.

import { CliError, UsageError, type CliCommand, type CliIo } from './command';
import { COMMANDS } from './commands';
import { commandHelp, PROGRAM, programHelp } from './help';
import { parseOptions } from './options';

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Error classes whose message is already a sentence for the person at the keyboard. */
const EXPECTED_ERRORS = new Set([
  'CliError',
  'YubiHsmTransportError',
  'YubiHsmDeviceError',
  'YubiHsmProtocolError',
  'ConnectorServerError',
  'DeviceSpecError',
  'SimulatorStateError',
]);

export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
  debug = false,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(programHelp(commands));
    return name === undefined ? EXIT_USAGE : EXIT_SUCCESS;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(
      `${PROGRAM}: unknown command "${name}". Run '${PROGRAM} --help' to list the commands.\n`,
    );
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(commandHelp(command));
    return EXIT_SUCCESS;
  }
  try {
    const options = parseOptions(args, command.options, command.positionals !== undefined);
    return await command.run(options, io);
  } catch (error) {
    return report(error, command, io, debug);
  }
}

function report(error: unknown, command: CliCommand, io: CliIo, debug: boolean): number {
  const prefix = `${PROGRAM} ${command.name}`;
  if (error instanceof UsageError) {
    io.stderr(`${prefix}: ${sentence(error.message)} Run '${prefix} --help' for the options.\n`);
    return EXIT_USAGE;
  }
  if (error instanceof Error && (error instanceof CliError || EXPECTED_ERRORS.has(error.name))) {
    io.stderr(`${prefix}: ${sentence(error.message)}\n`);
    if (debug && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${prefix}: unexpected error: ${sentence(message)} (set CUSTOS_DEBUG=1 for details)\n`);
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT_FAILURE;
}

/** Ends the message with a full stop, once. */
function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
