// `custos dkek share create|check`: SmartCard-HSM / Nitrokey HSM 2 / Pico HSM DKEK share files
// (`.pbe`) as sc-hsm-tool writes and reads them, without a card: create one under a password or
// under a t-of-n set of password shares, and check one by printing its share's check value. The
// work is in src-main/dkek/; this file reads the command line and says what happened.
// `dkek init | status | import` (the DKEK ceremony on a device) live in dkek-init.ts and
// dkek-status.ts; this file dispatches to them.

import { relative, resolve } from 'node:path';
import { DerivationStopped, type DerivationProgress } from '../../dkek/evp-bytes-to-key';
import { DkekShareError } from '../../dkek/dkek-share-error';
import { readSharePasswordFile } from '../../dkek/password-file';
import {
  checkShareFileWithPassword,
  checkShareFileWithPasswordShares,
  createPasswordShareFile,
  createThresholdShareFile,
  type CheckedShare,
  type CreatedShare,
} from '../../dkek/share-files';
import { CliError, UsageError, type CliCommand, type CliIo, type ParsedOptions } from '../command';
import { CLONE_OPTIONS, isCloneAction, refuseOthers, runCloneAction } from './dkek-clone';
import { runDkekInit, type DkekSettings } from './dkek-init';
import { runDkekImport, runDkekStatus } from './dkek-status';

const CREATE_OPTIONS = [
  'out',
  'password-file',
  'threshold',
  'total',
  'password-shares-dir',
  'allow-ids-over-9',
];
const CHECK_OPTIONS = ['password-file', 'password-share'];
const INIT_OPTIONS = [
  'plan',
  'device',
  'out',
  'rehearsal-shares-dir',
  'import-shares',
  'reinitialize',
  'erase-keys',
];
const STATUS_OPTIONS = ['device', 'folder', 'pin-file'];
const IMPORT_OPTIONS = ['folder', 'device', 'share', 'password-file', 'password-share', 'pin-file'];
const ALL_OPTIONS = [
  ...new Set([
    ...CREATE_OPTIONS,
    ...CHECK_OPTIONS,
    ...INIT_OPTIONS,
    ...STATUS_OPTIONS,
    ...IMPORT_OPTIONS,
    ...CLONE_OPTIONS.map((option) => option.name),
  ]),
];

/** The command; tests pass `iterations: 1` (spec §8 V2) to keep the derivations fast. */
export function makeDkekCommand(settings: DkekSettings = {}): CliCommand {
  return { ...dkekCommandBase, run: (options, io) => runDkek(options, io, settings) };
}

const dkekCommandBase: Omit<CliCommand, 'run'> = {
  name: 'dkek',
  summary:
    'SmartCard-HSM DKEK: share files (.pbe) as sc-hsm-tool makes them; initialise a device with shares; import a share at another site; back up, clone and verify.',
  positionals:
    'share create | share check <file.pbe> | init | status | import | backup | restore | verify',
  options: [
    { name: 'plan', value: 'plan.json', description: 'init: the DKEK plan (docs/dkek-plan.md).' },
    {
      name: 'device',
      value: 'device',
      description:
        'init, status, import, backup, restore, verify: schsm-sim:<state file> or pcsc:<reader name>.',
    },
    {
      name: 'rehearsal-shares-dir',
      value: 'folder',
      description:
        'init (simulated devices only): write password shares and generated passwords here; restore: read them back.',
    },
    {
      name: 'import-shares',
      value: 'n',
      description: 'init: import only the first n shares now; the rest later with dkek import.',
    },
    {
      name: 'reinitialize',
      value: 'serial',
      description: 'init: the serial of an initialised device, to confirm wiping it.',
    },
    {
      name: 'erase-keys',
      value: 'n',
      description: 'init: the number of keys on that device, to confirm they are destroyed.',
    },
    {
      name: 'folder',
      value: 'dir',
      description: 'status, import, backup, restore, verify: the DKEK ceremony folder.',
    },
    { name: 'share', value: 'file.pbe', description: 'import: the share file to import.' },
    {
      name: 'pin-file',
      value: 'file',
      description:
        'status, import: the user PIN, for a Pico HSM that hides its KCV without it; backup, restore, verify: the user PIN.',
    },
    {
      name: 'out',
      value: 'path',
      description: 'create: the new share file (never overwritten); init: the ceremony folder.',
    },
    {
      name: 'password-file',
      value: 'file',
      description:
        'share create/check, import: the password, alone on the first line (create: printable ASCII, at least 6).',
    },
    {
      name: 'threshold',
      value: 't',
      description: 'create: shares needed to open the file (2..n).',
    },
    { name: 'total', value: 'n', description: 'create: password shares to make (3..9).' },
    {
      name: 'password-shares-dir',
      value: 'folder',
      description: "create: folder for <id>.txt per custodian; not the .pbe file's folder.",
    },
    {
      name: 'allow-ids-over-9',
      description: 'create: allow --total above 9 (sc-hsm-tool then needs IDs typed as hex).',
    },
    {
      name: 'password-share',
      value: 'file',
      description: "share check, import: one custodian's password share file; give one per share.",
      repeatable: true,
    },
    ...CLONE_OPTIONS,
  ],
  details: [
    'Examples:',
    '  custos dkek share create --out dkek.pbe --password-file pw.txt',
    '  custos dkek share create --out dkek.pbe --threshold 2 --total 3 --password-shares-dir /media/usb/shares',
    '  custos dkek share check dkek.pbe --password-file pw.txt',
    '  custos dkek share check dkek.pbe --password-share shares/1.txt --password-share shares/3.txt',
    '  custos dkek init --plan plan.json --device schsm-sim:a.json --out ceremony/ --rehearsal-shares-dir shares/',
    '  custos dkek status --device schsm-sim:a.json --folder ceremony/',
    '  custos dkek import --folder ceremony/ --device schsm-sim:a.json --share s2.pbe --password-share shares/share-2/1-bob.txt --password-share shares/share-2/3-dan.txt',
    '',
    'Opening or creating a file derives its key as sc-hsm-tool does (10,000,000 MD5 rounds in three',
    'steps, a few seconds; progress on stderr, Ctrl+C stops it). `check` prints "check value" and',
    'SHA-256(share)[0..8]: what a device shows with this share as its only share. The share and the',
    'password are never printed. A password share file holds the three lines sc-hsm-tool prints',
    '(Prime, Share ID, Share value) and comment lines with a check word that catches a typo as the',
    'share is read. Files are written atomically and never over an existing file.',
    '',
    '  custos dkek backup  --folder ceremony/ --device schsm-sim:a.json --pin-file pin.txt',
    '  custos dkek restore --folder ceremony/ --device schsm-sim:b.json --pin-file pin.txt --rehearsal-shares-dir shares/',
    '  custos dkek verify  --folder ceremony/ --device "pcsc:Virtual PCD 00 01" --pin-file pin.txt',
    'backup wraps every key of the primary under its DKEK into sc-hsm-tool --wrap-key files named by',
    'key reference and label (never over an existing file) and records each with its check value;',
    'restore initialises the secondary with the same share count, imports the same shares, checks the',
    'KCV against the record before any unwrap and unwraps every file; verify compares the clone with',
    "the record and proves each signing key with a fresh challenge checked against the primary's key.",
  ].join('\n'),
};

export const dkekCommand: CliCommand = makeDkekCommand();

async function runDkek(options: ParsedOptions, io: CliIo, settings: DkekSettings): Promise<number> {
  const [group, action, file, ...rest] = options.positionals;
  if (isCloneAction(group)) {
    refuseOthers(options, group, ALL_OPTIONS);
    return runCloneAction(group, options, io, settings);
  }
  if (group === 'init' || group === 'status' || group === 'import') {
    if (action !== undefined) throw new UsageError(`unexpected argument "${action}"`);
    const allowed = { init: INIT_OPTIONS, status: STATUS_OPTIONS, import: IMPORT_OPTIONS }[group];
    allowOnly(options, allowed, group, '');
    if (group === 'init') return runDkekInit(options, io, settings);
    if (group === 'status') return runDkekStatus(options, io);
    return runDkekImport(options, io, settings);
  }
  if (group !== 'share' || (action !== 'create' && action !== 'check'))
    throw new UsageError(
      'say "dkek share create", "dkek share check <file.pbe>", "dkek init", "dkek status" or "dkek import"',
    );
  const shown = (path: string) => relative(io.cwd, path) || path;
  const stop = new AbortController();
  void io.stopRequested.then(() => stop.abort());
  const derive = {
    shown,
    signal: stop.signal,
    onProgress: progressPrinter(io),
    ...(settings.iterations ? { iterations: settings.iterations } : {}),
  };
  try {
    if (action === 'create') {
      if (file !== undefined)
        throw new UsageError(`unexpected argument "${file}"; give the file with --out`);
      allowOnly(options, CREATE_OPTIONS, 'create', 'share ');
      return reportCreated(await create(options, io, derive), io, shown);
    }
    if (file === undefined)
      throw new UsageError('name the share file to check: dkek share check <file.pbe>');
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    allowOnly(options, CHECK_OPTIONS, 'check', 'share ');
    return reportChecked(
      await check(resolve(io.cwd, file), options, io, derive),
      io,
      shown(resolve(io.cwd, file)),
    );
  } catch (error) {
    if (error instanceof DerivationStopped)
      throw new CliError('Stopped on request while deriving the key; nothing was written');
    if (error instanceof DkekShareError) throw new CliError(error.message, { cause: error });
    throw error;
  }
}

type Derive = {
  shown: (path: string) => string;
  signal: AbortSignal;
  onProgress: (p: DerivationProgress) => void;
};

async function create(options: ParsedOptions, io: CliIo, derive: Derive): Promise<CreatedShare> {
  const outOption = options.value('out');
  if (!outOption) throw new UsageError('--out file.pbe is required to create a share file');
  const out = resolve(io.cwd, outOption);
  const passwordFile = options.value('password-file');
  const threshold = options.value('threshold');
  const total = options.value('total');
  const sharesDirectory = options.value('password-shares-dir');
  const thresholdGiven =
    threshold !== undefined || total !== undefined || sharesDirectory !== undefined;
  if (passwordFile && thresholdGiven)
    throw new UsageError(
      'give either --password-file or --threshold/--total/--password-shares-dir, not both',
    );
  if (passwordFile) {
    if (options.flag('allow-ids-over-9'))
      throw new UsageError('--allow-ids-over-9 is for password shares');
    const path = resolve(io.cwd, passwordFile);
    const password = await readSharePasswordFile(path, derive.shown(path), true);
    try {
      return await createPasswordShareFile(out, password, derive);
    } finally {
      password.fill(0);
    }
  }
  if (threshold === undefined || total === undefined || sharesDirectory === undefined)
    throw new UsageError(
      'give --password-file, or all of --threshold, --total and --password-shares-dir',
    );
  return createThresholdShareFile(out, {
    ...derive,
    threshold: wholeNumber(threshold, 'threshold'),
    total: wholeNumber(total, 'total'),
    allowIdsOver9: options.flag('allow-ids-over-9'),
    sharesDirectory: resolve(io.cwd, sharesDirectory),
  });
}

async function check(
  path: string,
  options: ParsedOptions,
  io: CliIo,
  derive: Derive,
): Promise<CheckedShare> {
  const passwordFile = options.value('password-file');
  const shareFiles = options.values('password-share').map((file) => resolve(io.cwd, file));
  if (passwordFile && shareFiles.length > 0)
    throw new UsageError('give either --password-file or --password-share, not both');
  if (shareFiles.length > 0) return checkShareFileWithPasswordShares(path, shareFiles, derive);
  if (!passwordFile)
    throw new UsageError('give --password-file, or --password-share once per share');
  const passwordPath = resolve(io.cwd, passwordFile);
  const password = await readSharePasswordFile(passwordPath, derive.shown(passwordPath), false);
  try {
    return await checkShareFileWithPassword(path, password, derive);
  } finally {
    password.fill(0);
  }
}

function reportCreated(created: CreatedShare, io: CliIo, shown: (path: string) => string): number {
  const count = created.passwordShareFiles.length;
  io.stdout(`check value ${created.checkValue}\n`);
  if (count > 0) {
    io.stdout(
      `Wrote ${count} password shares: ${created.passwordShareFiles.map(shown).join(', ')}\n`,
    );
    io.stderr(
      'Hand each custodian their own share file, then delete these copies: together they open the share file.\n',
    );
  }
  return 0;
}

function reportChecked(checked: CheckedShare, io: CliIo, name: string): number {
  if (checked.ignoredBytes > 0)
    io.stderr(
      `Note: ${name} has ${checked.ignoredBytes} byte${checked.ignoredBytes === 1 ? '' : 's'} after the 64 a share file holds; ignored, as sc-hsm-tool ignores them.\n`,
    );
  io.stdout(`check value ${checked.checkValue}\n`);
  return 0;
}

/** One line per step on stderr: "Deriving the key: step 2 of 3". */
function progressPrinter(io: CliIo): (progress: DerivationProgress) => void {
  let step = 0;
  let started = Date.now();
  return (progress) => {
    if (progress.step !== step) {
      step = progress.step;
      if (step === 1) started = Date.now();
      io.stderr(`Deriving the key (sc-hsm-tool's 10,000,000 MD5 rounds): step ${step} of 3\n`);
    }
    if (step === 3 && progress.fraction === 1)
      io.stderr(`Key derived in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  };
}

function allowOnly(options: ParsedOptions, allowed: string[], action: string, group: string): void {
  for (const name of ALL_OPTIONS) {
    if (allowed.includes(name)) continue;
    if (options.flag(name) || options.values(name).length > 0 || options.value(name) !== undefined)
      throw new UsageError(`--${name} is not an option of "dkek ${group}${action}"`);
  }
}

function wholeNumber(text: string, name: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} takes a whole number, not "${text}"`);
  return Number(text);
}
