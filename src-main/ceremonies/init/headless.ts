// The headless rehearsal behind `custos init`: the same engine the screens drive, driven from a
// plan file against a simulated YubiHSM 2, with each custodian's share written to a file
// instead of a screen. Shares on disk are only acceptable for a rehearsal, so any device but a
// simulated one (`sim:<state file>`) is refused before anything is opened or read.

import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import {
  formatDeviceSpec,
  loadSimulatedDevice,
  type DeviceSpec,
} from '../../hsm/yubihsm/transport/device-spec';
import { SimulatorTransport } from '../../hsm/yubihsm/transport/simulator-transport';
import { Refusal } from '../../refusal/refusal';
import type { Logger } from '../../log/logger';
import { writeFileAtomic } from '../../files/atomic-write';
import { isSameOrWithin } from '../../records/folder-within';
import { custodianFileName } from '../../records/custodian-file-name';
import { hexId } from '../common/objects';
import { describeExtraObjects } from './primary-check';
import { confirmationAnswers } from './share-answers';
import { InitEngine } from './init-engine';
import type { DeviceAccess } from '../common/device-access';
import { InProgressIndex } from './in-progress-index';
import { readPasswordFile, readPlanFile } from './plan-file';

export class HeadlessInitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeadlessInitError';
  }
}

export const SIMULATED_ONLY =
  'init from the command line writes every share to a file, so it only runs against a simulated device (sim:<state file>); nothing was opened. Run real ceremonies in the Custos app';

export interface HeadlessInitOptions {
  planPath: string;
  device: DeviceSpec;
  out: string;
  sharesDirectory: string;
  /** Where lines for the person go (stdout). Never given a share or a password. */
  print: (line: string) => void;
  logger: Logger;
  toolVersion: string;
  /** The user-data folder whose in-progress index the ceremony is listed in while it runs. */
  userDataFolder?: string;
  /** Shown paths are relative to this folder. */
  cwd: string;
}

export interface HeadlessInitResult {
  folder: string;
  kcv: string;
  transcriptHead: string;
}

/** The file a custodian's share is written to: <share number>-<name>.txt. */
export function shareFileName(shareNumber: number, custodian: string): string {
  return custodianFileName(shareNumber, custodian, 'txt');
}

/**
 * Refuses a shares folder that is the ceremony folder or inside it: ceremony.json and the
 * transcript sit there, and that folder must never hold a share. Checked before anything is written.
 */
export async function refuseSharesInCeremonyFolder(
  out: string,
  sharesDirectory: string,
  cwd: string,
): Promise<void> {
  if (!(await isSameOrWithin(sharesDirectory, out))) return;
  const shown = (path: string) => relative(cwd, path) || '.';
  throw new HeadlessInitError(
    `the shares folder ${shown(sharesDirectory)} is ${resolve(sharesDirectory) === resolve(out) ? 'the ceremony folder itself' : `inside the ceremony folder ${shown(out)}`}, which must never hold a share; give --rehearsal-shares-dir a folder outside --out. Nothing was written`,
  );
}

export async function runHeadlessInit(options: HeadlessInitOptions): Promise<HeadlessInitResult> {
  if (options.device.kind !== 'sim') throw new HeadlessInitError(SIMULATED_ONLY);
  await refuseSharesInCeremonyFolder(options.out, options.sharesDirectory, options.cwd);
  const statePath = options.device.statePath;
  const shown = (path: string) => relative(options.cwd, path) || '.';

  const loaded = await readPlanFile(options.planPath).catch((error: unknown) => fail(error));
  if (!loaded.passwordFiles.application) {
    throw new HeadlessInitError(
      'the plan names no applicationKey.passwordFile; the command line reads the application key password from that file (relative to the plan file)',
    );
  }
  const applicationPassword = await readPasswordFile(
    loaded.passwordFiles.application,
    'application key',
  ).catch((error: unknown) => fail(error));
  const auditPassword = loaded.passwordFiles.audit
    ? await readPasswordFile(loaded.passwordFiles.audit, 'audit key').catch((error: unknown) =>
        fail(error),
      )
    : undefined;

  const simulator = await loadSimulatedDevice(statePath);
  const deviceId = formatDeviceSpec(options.device);
  const devices: DeviceAccess = {
    describe: (id) =>
      id === deviceId
        ? {
            id,
            serial: simulator.serial,
            firmware: simulator.firmware,
            transport: 'simulator',
            simulated: true,
          }
        : undefined,
    openTransport: async () => new SimulatorTransport(simulator, { name: statePath }),
  };
  const engine = new InitEngine({
    devices,
    logger: options.logger,
    toolVersion: options.toolVersion,
    ...(options.userDataFolder ? { index: new InProgressIndex(options.userDataFolder) } : {}),
  });
  try {
    await engine.start();
    await choosePrimary(engine, deviceId, shown(statePath));
    options.print(
      `Primary: simulated YubiHSM 2, serial ${simulator.serial}, firmware ${simulator.firmware} (${shown(statePath)}); factory-fresh.`,
    );
    await engine.toPlan();
    await engine.updatePlan(loaded.draft);
    await engine.setPassword('application', applicationPassword, applicationPassword);
    if (auditPassword !== undefined)
      await engine.setPassword('audit', auditPassword, auditPassword);
    await engine.setFolder(resolve(options.cwd, options.out));
    const review = expectStep(await engine.toReview(), 'review', 'The plan');
    const sections = review.view.step === 'review' ? review.view.sections : [];
    for (const section of sections)
      options.print(
        `${section.title}: ${section.rows.map((row) => `${row.label} ${row.value}`).join('; ')}`,
      );

    const custodians = planCustodians(loaded.draft);
    await prepareSharesDirectory(options.sharesDirectory, custodians);
    const begun = expectStep(await engine.begin(), 'shares', 'Making the shares');
    options.print(
      `Shares made; the device is not written until every share is recorded. Wrap key check value: ${kcvOf(begun)}.`,
    );

    let snapshot = begun;
    while (snapshot.view.step === 'shares') {
      const reveal = await engine.revealShare();
      const turn = reveal.view.step === 'shares' ? reveal.view : undefined;
      if (!turn?.share) throw new HeadlessInitError('the engine did not show a share');
      const file = join(
        options.sharesDirectory,
        shareFileName(turn.custodian.index, turn.custodian.name),
      );
      await writeFileAtomic(file, `${turn.share.canonical}\n`, { exclusive: true, mode: 0o600 });
      const recorded = await engine.shareRecorded();
      if (recorded.view.step === 'shares' && recorded.view.phase === 'confirm')
        expectNoProblem(
          await engine.confirmShare(confirmationAnswers(reveal, recorded)),
          'Confirming a share',
        );
      options.print(
        `Share ${turn.custodian.index} of ${turn.custodianCount} for ${turn.custodian.name}: written to ${shown(file)}.`,
      );
      snapshot = await engine.nextCustodian();
    }
    if (snapshot.view.step === 'verification')
      snapshot = await verify(engine, options.sharesDirectory, custodians, options.print);

    await engine.runDeviceSteps();
    await engine.idle();
    const finished = engine.current()!;
    if (finished.view.step !== 'record') {
      throw new HeadlessInitError(
        finished.problem?.message ?? finished.stopped?.reason ?? 'the device steps did not finish',
      );
    }
    const view = finished.view;
    for (const object of view.inventory)
      options.print(`On the primary: ${object.type} ${hexId(object.id)} "${object.label}".`);
    options.print(`Ceremony record: ${shown(view.folder)} (${view.files.join(', ')}).`);
    options.print(`Wrap key check value: ${view.kcv}`);
    options.print(`Transcript head: ${view.transcriptHead}`);
    return { folder: view.folder, kcv: view.kcv, transcriptHead: view.transcriptHead };
  } catch (error) {
    // An intent out of order or refused carries its own sentence.
    if (error instanceof Refusal) throw new HeadlessInitError(error.message);
    throw error;
  } finally {
    await stopUnfinished(engine);
  }
}

async function choosePrimary(
  engine: InitEngine,
  deviceId: string,
  shownPath: string,
): Promise<void> {
  const snapshot = await engine.choosePrimary(deviceId);
  const check = snapshot.view.step === 'preflight' ? snapshot.view.primary : undefined;
  if (check?.state === 'factory-fresh') return;
  if (check?.state === 'not-fresh') {
    throw new HeadlessInitError(
      `the simulated device in ${shownPath} is not factory-fresh: it also holds ${describeExtraObjects(check.objects)}; give a new state file for a fresh device`,
    );
  }
  throw new HeadlessInitError(
    check && 'message' in check
      ? check.message
      : `the simulated device in ${shownPath} could not be checked`,
  );
}

async function verify(
  engine: InitEngine,
  directory: string,
  custodians: readonly string[],
  print: (line: string) => void,
): Promise<InitSnapshot> {
  let snapshot: InitSnapshot = engine.current()!;
  for (const [index, name] of custodians.entries()) {
    const text = (await readFile(join(directory, shareFileName(index + 1, name)), 'utf8')).replace(
      /\r?\n$/,
      '',
    );
    await engine.revealShare();
    expectNoProblem(await engine.enterVerificationShare(text), `Verifying ${name}'s share`);
    snapshot = await engine.nextCustodian();
  }
  const result = snapshot.view.step === 'verification' ? snapshot.view.result : undefined;
  if (!result?.allMatch)
    throw new HeadlessInitError(
      snapshot.stopped?.reason ?? 'the verification round did not confirm the shares',
    );
  print(
    `Verification round: every custodian's share matched; ${result.subsetsChecked} subsets of ${snapshot.view.step === 'verification' ? snapshot.view.threshold : '?'} recombine to ${result.kcv}.`,
  );
  return snapshot;
}

/** Creates the shares folder and refuses one that already holds a share file of these custodians. */
export async function prepareSharesDirectory(
  directory: string,
  custodians: readonly string[],
): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  for (const [index, name] of custodians.entries()) {
    const file = join(directory, shareFileName(index + 1, name));
    const exists = await stat(file).then(
      () => true,
      () => false,
    );
    if (exists)
      throw new HeadlessInitError(
        `${file} already exists; give an empty --rehearsal-shares-dir so no share file is overwritten`,
      );
  }
}

function planCustodians(draft: Record<string, unknown>): string[] {
  return Array.isArray(draft.custodians) ? draft.custodians.map((name) => String(name).trim()) : [];
}

async function stopUnfinished(engine: InitEngine): Promise<void> {
  await engine.idle();
  const snapshot = engine.current();
  if (snapshot && !snapshot.stopped && snapshot.view.step !== 'record')
    await engine.cancel().catch(() => undefined);
  await engine.shutdown();
}

function expectStep(
  snapshot: InitSnapshot,
  step: InitSnapshot['view']['step'],
  what: string,
): InitSnapshot {
  if (snapshot.view.step === step) return snapshot;
  const errors = snapshot.view.step === 'plan' ? snapshot.view.errors : [];
  const problem = errors[0] ?? snapshot.problem;
  throw new HeadlessInitError(
    `${what} stopped${problem?.field ? ` at ${problem.field}` : ''}: ${problem?.message ?? snapshot.stopped?.reason ?? 'it did not move on'}`,
  );
}

function expectNoProblem(snapshot: InitSnapshot, what: string): void {
  if (snapshot.problem) throw new HeadlessInitError(`${what} failed: ${snapshot.problem.message}`);
}

function kcvOf(snapshot: InitSnapshot): string {
  return snapshot.view.step === 'shares' ? snapshot.view.kcv : '?';
}

function fail(error: unknown): never {
  if (error instanceof Error && error.name === 'PlanFileError')
    throw new HeadlessInitError(error.message);
  if (error instanceof Refusal) throw new HeadlessInitError(error.message);
  throw error;
}
