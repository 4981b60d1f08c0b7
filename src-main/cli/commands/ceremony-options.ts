// What the dump, restore and verify commands share: reading a password or share file (one
// trailing newline forgiven, nothing printed), naming an authentication key id, opening the
// devices their --device strings name, and turning an engine's sentence into exit code 1.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { specAccess } from '../../ceremonies/common/spec-access';
import type { DeviceAccess } from '../../ceremonies/common/device-access';
import { IpcFailure } from '../../ipc/ipc-failure';
import { CliError, UsageError } from '../command';
import { deviceSpecOption } from '../device-option';

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
  const value = /^0x[0-9a-fA-F]{1,4}$/.test(text) ? Number.parseInt(text.slice(2), 16) : /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > 0xfffe) throw new UsageError(`--${name} is an object id from 1 to 65534 (decimal, or hex like 0x0003), not "${text}"`);
  return value;
}

export async function devicesFromOptions(texts: readonly string[], cwd: string): Promise<{ access: DeviceAccess; ids: string[] }> {
  return specAccess(texts.map((text) => deviceSpecOption(text, cwd)));
}

/** Runs an engine call; its sentences (IpcFailure) become exit code 1 with that sentence. */
export async function asCli<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof IpcFailure) throw new CliError(error.message, { cause: error });
    throw error;
  }
}
