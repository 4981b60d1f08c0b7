// What a CLI command is: a name, a one-line summary, its options, and run(). Each command is
// one module under commands/ and is listed once in commands/index.ts; the dispatcher renders
// --help from this description, so help and parsing cannot drift apart.

export interface OptionSpec {
  /** Long name without dashes: "listen" for --listen. */
  name: string;
  /** Placeholder for the value ("host:port"); absent for a flag that takes no value. */
  value?: string;
  description: string;
  required?: boolean;
  /** Shown in help and used when the option is not given. */
  default?: string;
  /** May be given more than once (--share-file a --share-file b); read them all with values(). */
  repeatable?: boolean;
}

export interface ParsedOptions {
  /** Value of an option that takes one (default applied), or undefined. */
  value(name: string): string | undefined;
  /** Every value of a repeatable option, in the order given (empty when not given). */
  values(name: string): string[];
  /** Whether a flag (an option without a value) was given. */
  flag(name: string): boolean;
  /** Arguments that are not options, in order. */
  positionals: string[];
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Resolves with the signal name when the user asks a long-running command to stop. */
  stopRequested: Promise<string>;
}

export interface CliCommand {
  name: string;
  summary: string;
  options: OptionSpec[];
  /** Positional arguments, for help ("<folder>"); a command without them rejects any. */
  positionals?: string;
  /** Examples and notes printed after the options in --help. */
  details?: string;
  /** Returns the exit code. Throw UsageError or CliError for expected failures. */
  run(options: ParsedOptions, io: CliIo): Promise<number>;
}

/** The command line itself is wrong: exit code 2, with a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected failure: exit code 1 and this sentence on stderr, no stack trace. */
export class CliError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
  }
}
