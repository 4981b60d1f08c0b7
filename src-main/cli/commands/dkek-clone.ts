// `custos dkek backup|restore|verify` (issue 10 "Headless"): the DKEK key back-up, the clone of a
// secondary and its verification, driven through the same engines as the screens. Each exits 0
// only on full success and otherwise names what is wrong; the PIN is read from a file and never
// printed.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createLogger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import {
  CardSpecError,
  openCard,
  parseCardSpec,
} from '../../hsm/smartcard-hsm/transport/card-spec';
import type { CardAccess } from '../../ceremonies/dkek/card-access';
import { DkekBackupEngine } from '../../ceremonies/dkek/backup-engine';
import { CliError, UsageError, type CliIo, type OptionSpec, type ParsedOptions } from '../command';
import type { DkekSettings } from './dkek-init';
import { runDkekRestore } from './dkek-restore';
import { runDkekVerify } from './dkek-verify';

export const CLONE_ACTIONS = ['backup', 'restore', 'verify'] as const;
export type CloneAction = (typeof CLONE_ACTIONS)[number];

/** Options only these actions take; --folder, --device, --pin-file, --rehearsal-shares-dir are shared with init, status and import. */
export const CLONE_OPTIONS: OptionSpec[] = [
  {
    name: 'so-pin-file',
    value: 'file',
    description:
      'restore: the SO-PIN (16 hex digits) to initialise the secondary with; a simulated card takes the default without it.',
  },
];

const ALLOWED: Record<CloneAction, string[]> = {
  backup: ['folder', 'device', 'pin-file'],
  restore: ['folder', 'device', 'pin-file', 'so-pin-file', 'rehearsal-shares-dir'],
  verify: ['folder', 'device', 'pin-file'],
};

export function isCloneAction(word: string | undefined): word is CloneAction {
  return (CLONE_ACTIONS as readonly string[]).includes(word ?? '');
}

/** The options of the other dkek actions that must not be given here. */
export function refuseOthers(options: ParsedOptions, action: CloneAction, others: string[]): void {
  const allowed = ALLOWED[action];
  for (const name of others) {
    if (allowed.includes(name)) continue;
    if (options.flag(name) || options.values(name).length > 0 || options.value(name) !== undefined)
      throw new UsageError(`--${name} is not an option of "dkek ${action}"`);
  }
}

export interface CloneCli {
  folder: string;
  deviceId: string;
  simulated: boolean;
  pin: string;
  cards: CardAccess;
}

export async function readCloneCli(
  options: ParsedOptions,
  io: CliIo,
  action: string,
): Promise<CloneCli> {
  const folder = options.value('folder');
  const device = options.value('device');
  const pinFile = options.value('pin-file');
  if (!folder) throw new UsageError(`dkek ${action} needs --folder <ceremony folder>`);
  if (!device)
    throw new UsageError(`dkek ${action} needs --device schsm-sim:<file> | pcsc:<reader>`);
  if (!pinFile) throw new UsageError(`dkek ${action} needs --pin-file <file with the user PIN>`);
  let spec;
  try {
    spec = parseCardSpec(device, io.cwd);
  } catch (error) {
    if (error instanceof CardSpecError) throw new UsageError(`--device: ${error.message}`);
    throw error;
  }
  const pin = await readSecretLine(resolve(io.cwd, pinFile), 'PIN file');
  if (pin.length < 6 || pin.length > 16)
    throw new CliError(
      `The PIN file ${pinFile} does not hold a user PIN of 6 to 16 characters on its first line.`,
    );
  return {
    folder: resolve(io.cwd, folder),
    deviceId: device,
    simulated: spec.kind === 'schsm-sim',
    pin,
    cards: { open: () => openCard(spec) },
  };
}

export async function readSecretLine(path: string, what: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).split(/\r?\n/)[0]!.trim();
  } catch {
    throw new CliError(`The ${what} ${path} cannot be read; check the path.`);
  }
}

export async function runCloneAction(
  action: CloneAction,
  options: ParsedOptions,
  io: CliIo,
  settings: DkekSettings = {},
): Promise<number> {
  if (options.positionals.length > 1)
    throw new UsageError(`unexpected argument "${options.positionals[1]}"`);
  const cli = await readCloneCli(options, io, action);
  try {
    if (action === 'backup') return await runBackup(cli, io);
    if (action === 'restore') return await runDkekRestore(cli, options, io, settings);
    return await runDkekVerify(cli, io);
  } catch (error) {
    if (error instanceof Refusal) throw new CliError(error.message, { cause: error });
    throw error;
  }
}

async function runBackup(cli: CloneCli, io: CliIo): Promise<number> {
  const engine = new DkekBackupEngine({ cards: cli.cards, logger: quietLogger() });
  await engine.start();
  await engine.chooseFolder(cli.folder);
  const review = await engine.chooseDevice(cli.deviceId, cli.pin);
  io.stdout(`DKEK check value ${review.kcv}\n`);
  const done = await engine.run();
  for (const key of done.keys) {
    const name = `key ${key.keyReference}${key.label ? ` "${key.label}"` : ''} (${key.type}${key.certificateSubject ? `, ${key.certificateSubject}` : ''})`;
    if (key.status === 'written')
      io.stdout(`wrapped ${name} -> ${key.file} (blob KCV ${key.blobKcv})\n`);
    else if (key.status === 'kept') io.stdout(`kept    ${name}: ${key.reason}\n`);
    else io.stdout(`not wrapped ${name}: ${key.reason}\n`);
  }
  io.stdout(`${done.summary}\n`);
  await engine.close();
  return done.keys.every((key) => key.status === 'written' || key.status === 'kept') ? 0 : 1;
}

/** The engines log to nowhere in the CLI: what matters is printed, and no secret is logged. */
export function quietLogger() {
  return createLogger({ sinks: [] });
}
