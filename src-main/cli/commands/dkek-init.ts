// `custos dkek init --plan plan.json --device schsm-sim:a.json|pcsc:READER --out DIR
// [--rehearsal-shares-dir DIR] [--import-shares N] [--reinitialize SERIAL [--erase-keys N]]`:
// the DKEK initialisation engine (ceremonies/dkek/init-engine.ts) driven from a plan. On a
// simulated device, --rehearsal-shares-dir stands in for the custodians' screens: each password
// share is written as DIR/share-<n>/<id>-<name>.txt (sc-hsm-tool's three lines) and read back as
// the spot check, and a password missing from the plan is generated into DIR/share-<n>/password.txt.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { DkekInitEngine, type PlanInput } from '../../ceremonies/dkek/init-engine';
import { familyName } from '../../ceremonies/dkek/device';
import { readDkekPlan, type ResolvedPlan } from '../../ceremonies/dkek/plan-file';
import { readSharePasswordFile } from '../../dkek/password-file';
import { formatPasswordShareText, parsePasswordShareText } from '../../dkek/password-share-text';
import { DkekShareError } from '../../dkek/dkek-share-error';
import { writeFileAtomic } from '../../files/atomic-write';
import { createLogger } from '../../log/logger';
import { custodianFileName } from '../../records/custodian-file-name';
import { isSameOrWithin } from '../../records/folder-within';
import { Refusal } from '../../refusal/refusal';
import { cardSpecOption, openCardOption } from '../card-option';
import { CliError, UsageError, type CliIo, type ParsedOptions } from '../command';
import { CLI_TOOL_VERSION } from './ceremony-options';

export interface DkekSettings {
  /** sc-hsm-tool's 10^7 unless a test needs c = 1 (spec §8 V2). */
  iterations?: number;
}

export async function runDkekInit(
  options: ParsedOptions,
  io: CliIo,
  settings: DkekSettings,
): Promise<number> {
  const shown = (path: string) => relative(io.cwd, path) || '.';
  const planOption = options.value('plan');
  const outOption = options.value('out');
  if (!planOption || !outOption) throw new UsageError('dkek init needs --plan and --out');
  const spec = cardSpecOption(options.value('device'), io.cwd);
  const out = resolve(io.cwd, outOption);
  const sharesOption = options.value('rehearsal-shares-dir');
  const sharesDir = sharesOption ? resolve(io.cwd, sharesOption) : undefined;
  if (sharesDir && spec.kind !== 'schsm-sim')
    throw new CliError(
      '--rehearsal-shares-dir writes password shares and passwords to files, which is only for rehearsals on a simulated device (schsm-sim:<state file>); with a real device run the ceremony in the Custos app, where each custodian sees only their own share. Nothing was opened',
    );
  if (sharesDir && (await isSameOrWithin(sharesDir, out)))
    throw new CliError(
      `the rehearsal shares folder ${shown(sharesDir)} is in the ceremony folder ${shown(out)}, which never holds a password or a password share; give a folder outside --out. Nothing was written`,
    );
  const plan = await readDkekPlan(
    resolve(io.cwd, planOption),
    shown(resolve(io.cwd, planOption)),
    out,
  );
  const importNow = importCount(options.value('import-shares'), plan);
  const secrets = await readSecrets(plan, sharesDir, spec.kind === 'schsm-sim', shown);

  const card = await openCardOption(
    spec,
    spec.kind === 'schsm-sim' ? shown(spec.statePath) : spec.reader,
  );
  const engine = new DkekInitEngine({
    cards: { open: async () => ({ ...card, close: async () => undefined }) },
    logger: createLogger({ sinks: [] }),
    toolVersion: CLI_TOOL_VERSION,
    shown,
    ...(settings.iterations ? { iterations: settings.iterations } : {}),
  });
  let step = '';
  engine.onSnapshot((snapshot) => {
    const progress = snapshot?.progress;
    const line = progress
      ? `${snapshot.busy ?? 'Deriving'}: file ${progress.file} of ${progress.of}, step ${progress.step} of 3`
      : '';
    if (line && line !== step) io.stderr(`${line}\n`);
    step = line;
  });
  try {
    const preflight = (await engine.start('device')).preflight!;
    const { device } = preflight;
    io.stdout(
      `Device: ${familyName(device.family)} ${device.version.replace(/^SmartCard-HSM /, '')}, serial ${device.serial}, ${device.reader}${preflight.initialised ? `; initialised, ${preflight.keys.length} key(s) on it` : '; never initialised'}.\n`,
    );
    if (preflight.initialised) {
      const typed = options.value('reinitialize');
      if (typed === undefined)
        throw new Refusal(
          'conflict',
          `The device (serial ${device.serial}) is already initialised, and re-initialising wipes every key on it. To go on, add --reinitialize ${device.serial}${preflight.keys.length > 0 ? ` --erase-keys ${preflight.keys.length}` : ''}. Nothing was changed`,
        );
      const erase = options.value('erase-keys');
      await engine.confirmReinitialise(typed, erase === undefined ? undefined : Number(erase));
    }
    await engine.toPlan();
    await engine.setPlan({ plan, folder: out, ...secrets });
    let snapshot = await engine.toShares();
    if (snapshot.wizard.current === 'shares' && snapshot.shares) {
      for (const file of snapshot.shares.files)
        io.stdout(`Share file ${file.number}: ${shown(file.file)}, check value ${file.shareKcv}\n`);
      snapshot = await handOver(engine, snapshot, sharesDir!, io, shown);
      snapshot = await engine.proveShares();
      io.stdout(
        `Every share file opens (a split one with each set of password shares that meets its threshold); DKEK check value from the files: ${snapshot.shares!.kcv}.\n`,
      );
      snapshot = await engine.toDevice();
    }
    snapshot = await engine.initialiseDevice();
    io.stdout(`Initialised for ${describeMode(plan)}.\n`);
    for (let n = 0; n < importNow; n += 1) {
      snapshot = await engine.importNextShare();
      const state = snapshot.device!;
      io.stdout(
        `Imported share ${state.imported.at(-1)}: ${state.total} total, ${state.outstanding} outstanding.\n`,
      );
    }
    if (snapshot.device?.kcv)
      io.stdout(`KCV ${snapshot.device.kcv} (the device's, equal to the files').\n`);
    for (const label of snapshot.device?.rehearsalKeys ?? [])
      io.stdout(`Rehearsal key made: ${label}.\n`);
    const done = await engine.finish({ leaveOutstanding: importNow < plan.shares.length });
    if (importNow < plan.shares.length)
      io.stdout(
        `Shares ${plan.shares
          .slice(importNow)
          .map((s) => s.number)
          .join(
            ', ',
          )} are left for their holders: custos dkek import --folder ${shown(out)} --device … --share <file>.\n`,
      );
    io.stdout(
      `Record: ${shown(join(out, 'ceremony.json'))}; transcript hash ${done.record!.transcriptHead}\n`,
    );
    return 0;
  } catch (error) {
    const stopped = engine.current()?.stopped;
    await engine.cancel(refusalText(error)).catch(() => undefined);
    throw asCliError(
      error,
      stopped
        ? ''
        : engine.current()?.stopped?.deviceTouched
          ? ' The device was changed; the record says how far it got.'
          : '',
    );
  } finally {
    await engine.close().catch(() => undefined);
    await card.close();
  }
}

/** Each custodian's turn: the share written to their file, then read back as the spot check. */
async function handOver(
  engine: DkekInitEngine,
  first: DkekInitSnapshot,
  sharesDir: string,
  io: CliIo,
  shown: (path: string) => string,
): Promise<DkekInitSnapshot> {
  let snapshot = first;
  while (snapshot.shares?.turn) {
    const turn = snapshot.shares.turn;
    const revealed = (await engine.takeTurn()).shares!.turn!.reveal!;
    const folder = join(sharesDir, `share-${turn.shareNumber}`);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const path = join(folder, custodianFileName(turn.id, turn.custodian, 'txt'));
    const text = formatPasswordShareText(
      {
        prime: BigInt(`0x${revealed.prime.replace(/:/g, '')}`),
        id: revealed.id,
        value: BigInt(`0x${revealed.value.replace(/:/g, '')}`),
      },
      { threshold: revealed.threshold, total: revealed.total, fileName: revealed.fileName },
    );
    await writeFileAtomic(path, text, { exclusive: true, mode: 0o600 });
    await engine.turnRecorded();
    const back = parsePasswordShareText(await readFile(path, 'utf8'), shown(path));
    await engine.confirmTurn(back.value.toString(16));
    io.stdout(
      `Password share ${turn.id} of share ${turn.shareNumber} handed to ${turn.custodian}: ${shown(path)}\n`,
    );
    snapshot = await engine.nextTurn();
  }
  return snapshot;
}

type Secrets = Pick<
  PlanInput,
  'soPin' | 'soPinConfirmation' | 'pin' | 'pinConfirmation' | 'passwords'
>;

async function readSecrets(
  plan: ResolvedPlan,
  sharesDir: string | undefined,
  simulated: boolean,
  shown: (path: string) => string,
): Promise<Secrets> {
  if (!plan.soPinFile || !plan.pinFile)
    throw new CliError(
      'the plan names no soPinFile or no pinFile; the command line reads the SO-PIN (16 hex digits) and the user PIN from those files (relative to the plan)',
    );
  const soPin = await readLine(plan.soPinFile, 'SO-PIN', shown);
  const pin = await readLine(plan.pinFile, 'user PIN', shown);
  const passwords: Secrets['passwords'] = [];
  for (const share of plan.shares) {
    if (share.kind === 'password-split') {
      if (!sharesDir)
        throw new CliError(
          `share ${share.number} is a password split among ${share.custodians.join(', ')}; on the command line each password share is written to a file, so give --rehearsal-shares-dir on a simulated device, or run the ceremony in the Custos app`,
        );
      continue;
    }
    let password: Uint8Array;
    if (share.passwordFile) {
      password = await readSharePasswordFile(
        share.passwordFile,
        shown(share.passwordFile),
        true,
      ).catch((error: unknown) => {
        throw error instanceof DkekShareError ? new CliError(error.message) : error;
      });
    } else if (sharesDir && simulated) {
      password = new Uint8Array(Buffer.from(randomBytes(15).toString('base64url'), 'ascii'));
      const folder = join(sharesDir, `share-${share.number}`);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await writeFileAtomic(
        join(folder, 'password.txt'),
        `${Buffer.from(password).toString('ascii')}\n`,
        {
          exclusive: true,
          mode: 0o600,
        },
      ).catch(() => {
        password.fill(0);
        throw new CliError(
          `${shown(join(folder, 'password.txt'))} already exists; give an empty --rehearsal-shares-dir`,
        );
      });
    } else {
      throw new CliError(
        `share ${share.number} (${share.custodian}) names no passwordFile; give one in the plan, or let a rehearsal on a simulated device generate it with --rehearsal-shares-dir`,
      );
    }
    passwords.push({
      shareNumber: share.number,
      password,
      confirmation: Uint8Array.from(password),
    });
  }
  return { soPin, soPinConfirmation: soPin, pin, pinConfirmation: pin, passwords };
}

async function readLine(path: string, what: string, shown: (path: string) => string) {
  try {
    return (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  } catch {
    throw new CliError(
      `the ${what} file ${shown(path)} cannot be read; check the path in the plan`,
    );
  }
}

function importCount(text: string | undefined, plan: ResolvedPlan): number {
  if (text === undefined) return plan.shares.length;
  if (!/^\d+$/.test(text) || Number(text) > plan.shares.length)
    throw new UsageError(
      `--import-shares takes 0 to ${plan.shares.length} (the plan's shares), not "${text}"`,
    );
  return Number(text);
}

function describeMode(plan: ResolvedPlan): string {
  switch (plan.mode) {
    case 'none':
      return 'no DKEK: no key on this device can ever be backed up or moved';
    case 'random':
      return 'a random DKEK inside the device: keys can be wrapped, but only this device can unwrap them';
    default:
      return `${plan.shares.length} DKEK share${plan.shares.length === 1 ? '' : 's'} (${plan.shares.map((s) => basename(s.file)).join(', ')})`;
  }
}

function refusalText(error: unknown): string {
  return error instanceof Refusal || error instanceof CliError
    ? error.message.replace(/\.$/, '')
    : 'stopped by an error';
}

export function asCliError(error: unknown, suffix = ''): Error {
  if (error instanceof Refusal || error instanceof DkekShareError)
    return new CliError(`${error.message.replace(/\.$/, '')}${suffix ? `.${suffix}` : ''}`, {
      cause: error,
    });
  return error instanceof Error ? error : new Error(String(error));
}
