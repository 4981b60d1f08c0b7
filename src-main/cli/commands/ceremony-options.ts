// What the ceremony commands share: the version they write into records, the options dump and
// verify both take (the ceremony folder, the application key and its password file), reading a
// password or share file (one trailing newline forgiven, nothing printed), naming an
// authentication key id, opening the devices their --device strings name, and turning an
// engine's sentence into exit code 1.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { specAccess } from '../../ceremonies/common/spec-access';
import type { DeviceAccess } from '../../ceremonies/common/device-access';
import { Refusal } from '../../refusal/refusal';
import { CliError, UsageError, type OptionSpec, type ParsedOptions } from '../command';
import { deviceSpecOption } from '../device-option';

/** The tool version written into ceremony records and reports by the command line. */
export const CLI_TOOL_VERSION = '0.1.0';

export const CEREMONY_FOLDER_OPTION: OptionSpec = {
  name: 'folder',
  value: 'folder',
  description: 'The ceremony folder (holding ceremony.json).',
  required: true,
};

/** The application key that opens the session (dump, verify). */
export const APPLICATION_KEY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'auth-key',
    value: 'id',
    description: "The application authentication key's id (default: the one the record names).",
  },
  {
    name: 'password-file',
    value: 'file',
    description: "File holding the application key's password (a trailing newline is ignored).",
    required: true,
  },
];

/** The ceremony folder and the application key from CEREMONY_FOLDER_OPTION and APPLICATION_KEY_OPTIONS. */
export async function readCeremonyOptions(
  options: ParsedOptions,
  cwd: string,
): Promise<{ folderPath: string; authKeyId: number | undefined; password: string }> {
  const folderPath = resolve(cwd, options.value('folder')!);
  const authKeyId = objectIdOption('auth-key', options.value('auth-key'));
  const password = await readSecretFile(options.value('password-file')!, cwd, 'password');
  return { folderPath, authKeyId, password };
}

/** Reads a file holding one secret (password or share); the file's name may appear in messages, its content never. */
export async function readSecretFile(path: string, cwd: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch {
    throw new CliError(`the ${what} file ${path} cannot be read; check the path`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (value.trim() === '') throw new CliError(`the ${what} file ${path} is empty`);
  return value;
}

/** An object id as yubihsm-setup reads it: decimal, or hex with 0x (§1). */
export function objectIdOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^0x[0-9a-fA-F]{1,4}$/.test(text)
    ? Number.parseInt(text.slice(2), 16)
    : /^\d{1,5}$/.test(text)
      ? Number(text)
      : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > 0xfffe)
    throw new UsageError(
      `--${name} is an object id from 1 to 65534 (decimal, or hex like 0x0003), not "${text}"`,
    );
  return value;
}

export async function devicesFromOptions(
  texts: readonly string[],
  cwd: string,
): Promise<{ access: DeviceAccess; ids: string[] }> {
  return specAccess(texts.map((text) => deviceSpecOption(text, cwd)));
}

/** Runs an engine call; its sentences (Refusal) become exit code 1 with that sentence. */
export async function asCli<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refusal) throw new CliError(error.message, { cause: error });
    throw error;
  }
}
