// The rotation without a screen (`custos rotate`): the same engine the screens drive, with the
// current custodians' shares read from files and each new share written to a file in the
// rehearsal shares folder — allowed only for a rehearsal ceremony, since a share on disk is not
// a share in a custodian's hands. Resuming a rotation that stopped part-way takes the new shares
// instead and makes none. Every failure is a sentence naming the share file or device at fault.

import { basename, join, resolve } from 'node:path';
import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';
import type { Logger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import { writeFileAtomic } from '../../files/atomic-write';
import { parseShare } from '../../secrets';
import type { DeviceAccess } from '../common/device-access';
import {
  prepareSharesDirectory,
  refuseSharesInCeremonyFolder,
  shareFileName,
} from '../init/headless';
import { answersFor } from '../init/share-answers';
import type { MaterialSources } from '../init/wrap-key-material';
import type { ShareFile } from '../restore/restore-from-files';
import { RotationEngine } from './rotation-engine';

export interface KeyPassword {
  password: string;
  authKeyId?: number;
}

export interface RotateFromFilesOptions {
  folderPath: string;
  access: DeviceAccess;
  /** Every device to rotate in this run, in any order (the primary goes first). */
  deviceIds: readonly string[];
  /** The current set's shares (or, resuming, the new set's). */
  shares: readonly ShareFile[];
  rotationKey: KeyPassword;
  auditKey?: KeyPassword;
  /** Where each new share is written (a rehearsal only); absent when resuming. */
  sharesDirectory?: string;
  cwd: string;
  print: (line: string) => void;
  logger: Logger;
  clock?: () => Date;
  /** Tests only. */
  material?: MaterialSources;
}

export interface RotateFromFilesResult {
  complete: boolean;
  resumed: boolean;
  newKcv?: string;
  /** Devices that still hold the old wrap key, with why, when the rotation is not complete. */
  problems: string[];
  snapshot: RotationSnapshot;
}

/** "2-grace.txt" says the file is custodian 2's; otherwise the share's own number. */
function custodianOf(share: ShareFile): number {
  const match = /^(\d{1,3})-/.exec(basename(share.path));
  if (match) return Number(match[1]);
  const parsed = parseShare(share.text);
  if (!parsed.ok) throw new Refusal('invalid-input', `${share.path}: ${parsed.problem.message}`);
  parsed.share.payload.fill(0);
  return parsed.share.number;
}

export async function rotateFromFiles(
  options: RotateFromFilesOptions,
): Promise<RotateFromFilesResult> {
  const engine = new RotationEngine({
    devices: options.access,
    logger: options.logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.material ? { material: options.material } : {}),
  });
  try {
    await engine.start();
    const chosen = await engine.chooseFolder(options.folderPath);
    const ceremony = chosen.ceremony!;
    if (!ceremony.resuming) {
      if (!options.sharesDirectory)
        throw new Refusal(
          'invalid-input',
          'A rotation makes a new share for every custodian; from the command line they are written to --rehearsal-shares-dir, which only a rehearsal allows. Run real rotations in the Custos app.',
        );
      if (!chosen.rehearsal)
        throw new Refusal(
          'invalid-input',
          `The ceremony in ${options.folderPath} is not a rehearsal, so its new shares may not be written to files; run the rotation in the Custos app. Nothing was changed.`,
        );
      const directory = resolve(options.cwd, options.sharesDirectory);
      await refuseSharesInCeremonyFolder(options.folderPath, directory, options.cwd).catch(
        (error: unknown) => {
          throw new Refusal('invalid-input', (error as Error).message);
        },
      );
      await prepareSharesDirectory(
        directory,
        ceremony.custodians.map((c) => c.name),
      ).catch((error: unknown) => {
        throw new Refusal('invalid-input', (error as Error).message);
      });
    } else {
      options.print(
        'A rotation of this ceremony stopped part-way: the shares given must be the new ones, and the devices still holding the old wrap key are finished now.',
      );
    }
    await engine.setRotationKey(options.rotationKey.password, options.rotationKey.authKeyId);
    if (options.auditKey)
      await engine.setAuditKey(options.auditKey.password, options.auditKey.authKeyId);
    await engine.toShares();
    await authorize(engine, options);

    if (ceremony.resuming) await engine.resumeDevices();
    else await handOutNewShares(engine, options, resolve(options.cwd, options.sharesDirectory!));

    let snapshot = engine.current()!;
    const problems: string[] = [];
    for (const id of primaryFirst(options, ceremony.primarySerial)) {
      snapshot = await engine.runDevice(id);
      for (const said of snapshot.view.step === 'devices' ? snapshot.view.said : [])
        options.print(said);
      if (snapshot.problem) problems.push(snapshot.problem.message);
      if (snapshot.view.step === 'finished') break;
    }
    snapshot = engine.current()!;
    if (snapshot.view.step === 'finished')
      return {
        complete: true,
        resumed: ceremony.resuming,
        newKcv: snapshot.view.newKcv,
        problems,
        snapshot,
      };
    const view = snapshot.view;
    if (view.step === 'devices')
      for (const device of view.devices.filter((d) => d.stage !== 'new-key'))
        problems.push(
          `The ${device.role} (serial ${device.serial}) still holds the old wrap key${device.stage === 'both-keys' ? ' beside the new one' : ''}: run custos rotate again with it and the new shares.`,
        );
    return {
      complete: false,
      resumed: ceremony.resuming,
      ...(view.step === 'devices' ? { newKcv: view.newKcv } : {}),
      problems,
      snapshot,
    };
  } finally {
    await engine.idle();
    const left = engine.current();
    if (left && !left.stopped && left.view.step !== 'finished')
      await engine.cancel().catch(() => undefined);
    await engine.shutdown();
  }
}

/** The primary's id first (its export must exist before any old key is deleted). */
function primaryFirst(options: RotateFromFilesOptions, primarySerial: number): string[] {
  const isPrimary = (id: string) => Number(options.access.describe(id)?.serial === primarySerial);
  return [...options.deviceIds].sort((a, b) => isPrimary(b) - isPrimary(a));
}

async function authorize(engine: RotationEngine, options: RotateFromFilesOptions): Promise<void> {
  let snapshot = engine.current()!;
  const fileOf = new Map<number, string>();
  for (const share of options.shares) {
    const custodian = custodianOf(share);
    fileOf.set(custodian, share.path);
    await engine.beginTurn(custodian);
    snapshot = await engine.submitShare({ text: share.text });
    const view = snapshot.view;
    if (view.step === 'authorize' && view.refusal)
      throw new Refusal('invalid-input', `${share.path}: ${view.refusal.message}`);
    snapshot = await engine.nextCustodian();
    const after = snapshot.view;
    if (after.step === 'authorize' && after.setProblems.length > 0)
      // A share named wrong is named with its file, as a share refused on its own is.
      throw new Refusal(
        'invalid-input',
        after.setProblems
          .map((problem) => {
            const file = fileOf.get(Number(/^Share (\d+)/.exec(problem)?.[1]));
            return file ? `${file}: ${problem}` : problem;
          })
          .join(' '),
      );
    if (after.step === 'authorize' && after.phase === 'recombined') break;
  }
  const view = snapshot.view;
  if (view.step !== 'authorize' || view.phase !== 'recombined') {
    const threshold = view.step === 'authorize' ? view.threshold : 0;
    const given = options.shares.length;
    throw new Refusal(
      'invalid-input',
      `${threshold} shares are needed to rebuild the wrap key and ${given} ${given === 1 ? 'was' : 'were'} given: add another custodian's share file.`,
    );
  }
  options.print(
    `The ${view.set} set rebuilt the wrap key from shares ${view.accepted.join(', ')}; check value ${view.kcv}.`,
  );
}

async function handOutNewShares(
  engine: RotationEngine,
  options: RotateFromFilesOptions,
  directory: string,
): Promise<void> {
  const primarySerial = engine.current()!.ceremony!.primarySerial;
  const primary = options.deviceIds.find(
    (id) => options.access.describe(id)?.serial === primarySerial,
  );
  if (!primary)
    throw new Refusal(
      'invalid-input',
      `Give the primary (serial ${primarySerial}) with --device: the new wrap key's random half comes from it. Nothing was changed.`,
    );
  let snapshot = await engine.makeNewShares(primary);
  options.print(
    `New shares made; no device is written until every custodian has recorded theirs. New check value: ${snapshot.view.step === 'new-shares' ? snapshot.view.turn.kcv : '?'}.`,
  );
  while (snapshot.view.step === 'new-shares') {
    const reveal = await engine.revealShare();
    const shown = reveal.view.step === 'new-shares' ? reveal.view.turn : undefined;
    if (!shown?.share) throw new Error('the engine did not show a share');
    const file = join(directory, shareFileName(shown.custodian.index, shown.custodian.name));
    await writeFileAtomic(file, `${shown.share.canonical}\n`, { exclusive: true, mode: 0o600 });
    const recorded = await engine.shareRecorded();
    if (recorded.view.step === 'new-shares' && recorded.view.turn.phase === 'confirm') {
      const confirmed = await engine.confirmShare(answersFor(shown, recorded.view.turn));
      if (confirmed.problem)
        throw new Error(`confirming a share failed: ${confirmed.problem.message}`);
    }
    options.print(
      `New share ${shown.custodian.index} of ${shown.custodianCount} for ${shown.custodian.name}: written to ${file}.`,
    );
    snapshot = await engine.nextCustodian();
  }
}
