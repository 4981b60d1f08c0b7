// The DKEK initialisation (issue 10 "Initialize a device with a DKEK") on the shared EngineCore:
// preflight (the device, re-initialisation behind the typed serial and the named keys), the plan
// (PINs and passwords typed twice, checked), the share files made, each password share handed to
// its own custodian (custodian-turn.ts), the set proven to open — all before the device is
// touched — then the device steps (init-device.ts) and the record. The app's screens and
// `custos dkek init` send the same intents.

import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import {
  FIRST_TURN_STATE,
  moveTurn,
  type LeaveReason,
} from '../../../shared/ceremony/custodian-turn';
import type { DkekInitSnapshot } from '../../../shared/ceremony/dkek-init-snapshot';
import { DKEK_INIT_STEPS, type DkekInitStepId } from '../../../shared/ceremony/dkek-init-steps';
import { startWizard } from '../../../shared/ceremony/wizard';
import { DKEK_RECORD_FORMAT, DKEK_RECORD_KIND } from '../../../shared/records/dkek-ceremony-record';
import type { Logger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import type { AirGapSurvey } from '../common/air-gap';
import { EngineCore } from '../common/engine-core';
import { checkSharePassword, checkSoPin, checkUserPin } from './credentials';
import { readPreflight } from './device';
import { DeviceSteps, type CardAccess } from './init-device';
import { buildSnapshot, withoutReveal } from './init-snapshot';
import type { DkekInitPart, DkekInitState, Turn } from './init-state';
import { checkShareTargets, makeShareFiles, proveShareSet, wipeShares } from './share-set';
import { holdersOf, type ResolvedPlan } from './plan-file';
import { DkekCeremonyFolder } from './record';
import {
  closeTurnSheet,
  finishTurnSheetJob,
  openTurnSheet,
  runTurnSheetJob,
  startTurnSheetJob,
} from './init-sheet';
import { TurnSheet } from '../init/turn-sheet';
import type { SheetPrinting } from '../init/engine-context';
import type { SheetOpened } from '../../../shared/ceremony/init-snapshot';
import type { PaperSize } from '../../print/sheet-policy';
import { draftAsPlan, planAsDraft, readDkekPlanFile, writeDkekPlanFile } from './plan-shelf';
import type { PlanChooser } from '../init/plan-chooser';
import type { DkekPlanDraft } from '../../../shared/ipc/dkek-init-channels';

export interface DkekInitOptions {
  cards: CardAccess;
  logger: Logger;
  toolVersion: string;
  /** sc-hsm-tool's 10^7 unless a test needs c = 1 (spec §8 V2). */
  iterations?: number;
  /** How sentences name a path. */
  shown?: (path: string) => string;
  /** Where plan files are chosen: a system chooser or the plans folder (absent: none). */
  planChooser?: PlanChooser;
  /** How this host prints a custodian's password share sheet (absent: no printing). */
  sheetPrinting?: SheetPrinting;
  /** The air-gap survey (tests give their own; default: this machine's, air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

export interface PlanInput {
  plan: ResolvedPlan;
  /** The ceremony folder (made if missing; refused if it holds a ceremony). */
  folder: string;
  soPin: string;
  soPinConfirmation: string;
  pin: string;
  pinConfirmation: string;
  /** Each password share's password, typed twice; wiped here once checked and copied. */
  passwords: { shareNumber: number; password: Uint8Array; confirmation: Uint8Array }[];
}

export class DkekInitEngine {
  private readonly core: EngineCore<DkekInitStepId, DkekInitState, DkekInitSnapshot>;
  private readonly device: DeviceSteps;
  private readonly shown: (path: string) => string;

  constructor(private readonly options: DkekInitOptions) {
    this.shown = options.shown ?? ((path) => path);
    this.core = new EngineCore(
      DKEK_INIT_STEPS,
      { noun: 'DKEK initialisation', here: 'ceremony' },
      buildSnapshot,
      options.logger.child({ module: 'dkek-init' }),
      (state) => wipePart(state.part),
      {
        buildEvent: (state) => withoutReveal(buildSnapshot(state)),
        ...(options.airGap ? { airGap: options.airGap } : {}),
      },
    );
    this.device = new DeviceSteps(this.core, options);
  }

  onSnapshot(listener: (snapshot: DkekInitSnapshot | null) => void): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): DkekInitSnapshot | null {
    return this.core.current();
  }

  /** Preflight: reads the device; nothing is changed on it. */
  start(deviceId: string): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      this.core.ensureIdle();
      const card = await this.options.cards.open(deviceId);
      let preflight;
      try {
        preflight = await readPreflight(card);
      } finally {
        await card.close();
      }
      this.core.begin({
        id: randomUUID(),
        wizard: startWizard(DKEK_INIT_STEPS),
        deviceId,
        preflight,
        reinitialiseConfirmed: false,
        rehearsal: card.simulated,
        part: { step: 'preflight' },
        startedAt: new Date().toISOString(),
        deviceTouched: false,
      });
      return this.core.snapshot();
    });
  }

  /** A re-initialisation wipes every key: the serial typed, and the number of keys named. */
  confirmReinitialise(typedSerial: string, keysNamed?: number): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['preflight'], 'confirm the re-initialisation');
      const { device, keys, initialised } = state.preflight;
      if (!initialised)
        throw new Refusal('conflict', 'This device was never initialised; nothing to confirm.');
      if (typedSerial.trim() !== device.serial)
        throw new Refusal(
          'invalid-input',
          `Type the device's serial (${device.serial}) exactly to confirm that everything on it may be wiped.`,
        );
      if (keys.length > 0 && keysNamed !== keys.length)
        throw new Refusal(
          'invalid-input',
          `This device holds ${keys.length} key${keys.length === 1 ? '' : 's'} (${keys.map((key) => key.label ?? `key ${key.keyReference}`).join(', ')}) that a re-initialisation destroys for good; name the number of keys (${keys.length}) to confirm, or back them up first.`,
        );
      state.reinitialiseConfirmed = true;
      return this.core.snapshot();
    });
  }

  toPlan(): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['preflight'], 'go on to the plan');
      if (state.preflight.initialised && !state.reinitialiseConfirmed)
        throw new Refusal(
          'conflict',
          `The device (serial ${state.preflight.device.serial}) is already initialised; re-initialising it wipes every key on it. Confirm that first, or choose another device.`,
        );
      this.core.advance(state);
      state.part = { step: 'plan' };
      return this.core.snapshot();
    });
  }

  /** The plan file the person chose, as the plan screen draws it (null: the chooser closed). */
  loadPlan(name: string | undefined): Promise<{ file: string | null; plan: DkekPlanDraft | null }> {
    return this.core.intent(async () => {
      this.planFormAt('load a plan file');
      const chooser = this.chooser();
      const path = await chooser.loadSource(name);
      if (path === undefined) return { file: null, plan: null };
      const plan = planAsDraft(await readDkekPlanFile(path), path);
      this.core.log.info('DKEK plan loaded from a file the administrator chose', {
        where: chooser.where,
      });
      return { file: path, plan };
    });
  }

  /** Saves the screen's plan where the person chose; never over a file that is not a plan. */
  savePlan(
    name: string,
    replace: boolean,
    draft: DkekPlanDraft,
  ): Promise<{ outcome: 'saved' | 'exists' | 'cancelled'; file: string }> {
    return this.core.intent(async () => {
      this.planFormAt('save the plan');
      // Checked before the chooser opens: a plan that would not load again is not saved.
      draftAsPlan(draft);
      const target = await this.chooser().saveTarget(name);
      if (!target) return { outcome: 'cancelled' as const, file: '' };
      const plan = draftAsPlan(draft, dirname(target.path));
      const outcome = await writeDkekPlanFile(target.path, plan, {
        replace: replace || target.replaceConfirmed,
      });
      return { outcome, file: target.path };
    });
  }

  async listPlans(): Promise<{
    where: 'plans-folder' | 'chooser';
    folder?: string;
    names: string[];
  }> {
    const chooser = this.options.planChooser;
    if (!chooser) return { where: 'chooser', names: [] };
    return {
      where: chooser.where,
      ...(chooser.folder ? { folder: chooser.folder } : {}),
      names: await chooser.list(),
    };
  }

  /** The plan and its secrets; the ceremony folder is started (nothing on the device yet). */
  setPlan(input: PlanInput): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      try {
        const state = this.core.at(['plan'], 'set the plan');
        if (state.part.step === 'plan' && state.part.folder)
          throw new Refusal('conflict', 'The plan is set and its folder started; go on.');
        const { plan } = input;
        const soPin = checkSoPin(input.soPin, input.soPinConfirmation, state.rehearsal);
        const pin = checkUserPin(input.pin, input.pinConfirmation, plan.pinRetries);
        const passwords = new Map<number, Uint8Array>();
        for (const share of plan.shares) {
          if (share.kind !== 'password') continue;
          const typed = input.passwords.find((entry) => entry.shareNumber === share.number);
          if (!typed)
            throw new Refusal(
              'invalid-input',
              `Share ${share.number} needs ${share.custodian}'s password, typed twice.`,
            );
          checkSharePassword(typed.password, typed.confirmation, share.custodian, share.number);
          passwords.set(share.number, Uint8Array.from(typed.password));
        }
        await checkShareTargets(plan.shares, this.shown);
        const folder = await DkekCeremonyFolder.create(input.folder, {
          format: DKEK_RECORD_FORMAT,
          kind: DKEK_RECORD_KIND,
          ceremonyId: state.id,
          name: plan.ceremony,
          rehearsal: state.rehearsal,
          status: 'in-progress',
          stage: 'planned',
          startedAt: state.startedAt,
          tool: { name: 'Custos', version: this.options.toolVersion },
          device: state.preflight.device,
          pinRetries: plan.pinRetries,
          dkek: { mode: plan.mode, shareCount: plan.shares.length, shareFiles: [] },
          imports: [],
        });
        await folder.log('ceremony-started', {
          ceremonyId: state.id,
          device: state.preflight.device,
          mode: plan.mode,
          shareCount: plan.shares.length,
          reinitialise: state.preflight.initialised,
        });
        state.part = { step: 'plan', plan, folder, credentials: { soPin, pin, passwords } };
        return this.core.snapshot();
      } finally {
        for (const entry of input.passwords) {
          entry.password.fill(0);
          entry.confirmation.fill(0);
        }
      }
    });
  }

  /** From the plan: to the share files (mode shares), or straight to the device. */
  toShares(): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['plan'], 'make the share files');
      const part = planned(state.part);
      const { plan, folder, credentials } = part;
      if (plan.mode !== 'shares') {
        state.wizard = { ...state.wizard, skipped: ['shares'] };
        this.core.advance(state);
        state.part = this.device.devicePart(part, [], undefined);
        return this.core.snapshot();
      }
      const made = await this.core
        .busy(state, 'Making the share files', () =>
          makeShareFiles(plan.shares, credentials.passwords, {
            ...(this.options.iterations ? { iterations: this.options.iterations } : {}),
            shown: this.shown,
            onFile: (file, of, step, fraction) =>
              this.progress(state, { file, of, step, fraction }),
          }),
        )
        .finally(() => delete state.progress);
      for (const password of credentials.passwords.values()) password.fill(0);
      credentials.passwords.clear();
      await folder.update((record) => ({
        ...record,
        stage: 'shares',
        dkek: {
          ...record.dkek,
          shareFiles: made.map((share) => ({
            number: share.plan.number,
            holders: holdersOf(share.plan),
            file: share.plan.file,
            sha256: share.sha256,
            shareKcv: share.shareKcv,
            createdAt: share.createdAt,
          })),
        },
      }));
      for (const share of made)
        await folder.log('share-file-made', {
          shareNumber: share.plan.number,
          sha256: share.sha256,
          shareKcv: share.shareKcv,
        });
      const turns: Turn[] = made.flatMap((share) =>
        share.plan.kind === 'password-split'
          ? share.plan.custodians.map((custodian, index) => ({
              shareNumber: share.plan.number,
              custodian,
              id: index + 1,
              state: FIRST_TURN_STATE,
            }))
          : [],
      );
      this.core.advance(state);
      state.part = {
        step: 'shares',
        plan,
        folder,
        credentials,
        made,
        turns,
        turnIndex: 0,
        sheet: new TurnSheet(plan.printSheets && this.options.sheetPrinting !== undefined),
      };
      return this.core.snapshot();
    });
  }

  /** The custodian at the screen takes their password share (the answer carries it). */
  takeTurn(): Promise<DkekInitSnapshot> {
    return this.turnMove({ type: 'take' }, 'show the password share');
  }

  /** The custodian's own sheet, while their share is on screen (the plan's printSheets). */
  openSheet(paper: PaperSize): Promise<{ opened: SheetOpened; snapshot: DkekInitSnapshot }> {
    return this.core.intent(async () => {
      const { state, part } = this.turnAt('print your sheet');
      const opened = await openTurnSheet(state, part, paper, {
        ...(this.options.sheetPrinting ? { printing: this.options.sheetPrinting } : {}),
        toolVersion: this.options.toolVersion,
        log: this.core.log,
      });
      return { opened, snapshot: this.core.snapshot() };
    });
  }

  /** The system print dialog for the sheet's preview window (the Electron host). */
  printSheet(): Promise<DkekInitSnapshot> {
    return this.sheetJob('print', 'print your sheet');
  }

  /** A PDF of the sheet, where the person chooses in main's save dialog. */
  saveSheetPdf(): Promise<DkekInitSnapshot> {
    return this.sheetJob('pdf', 'save your sheet as a PDF');
  }

  /** A dialog can stay up for minutes, so it runs outside the intent queue (as init's does). */
  private async sheetJob(kind: 'print' | 'pdf', what: string): Promise<DkekInitSnapshot> {
    const pending = await this.core.intent(async () => {
      const { state, part } = this.turnAt(what);
      return { state, ...startTurnSheetJob(part, kind) };
    });
    const outcome = await runTurnSheetJob(pending.job, this.core.log);
    return this.core.intent(async () => {
      await finishTurnSheetJob(pending, outcome, pending.state);
      if (pending.state !== this.core.state)
        throw new Refusal(
          'conflict',
          'The DKEK initialisation ended while the sheet dialog was open.',
        );
      return this.core.snapshot();
    });
  }

  /** The custodian closed the sheet's window (after printing it, or not). */
  closeSheet(): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      const { part } = this.turnAt('close the sheet');
      part.sheet.closeView();
      return this.core.snapshot();
    });
  }

  /** Esc, blur, idle, or the custodian's own button: the share goes away unrecorded. */
  leaveTurn(reason: LeaveReason): Promise<DkekInitSnapshot> {
    return this.turnMove({ type: 'leave', reason }, 'put the share away');
  }

  turnRecorded(): Promise<DkekInitSnapshot> {
    return this.turnMove({ type: 'recorded', check: true }, 'say the share is written down');
  }

  /** The spot check with the share hidden: the share value as the custodian wrote it down. */
  confirmTurn(value: string): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      const { part, turn } = this.turnAt('check the written-down share');
      const share = part.made.find((made) => made.plan.number === turn.shareNumber)!;
      const expected = share.passwordShares![turn.id - 1]!;
      const typed = value.trim().toLowerCase().replace(/[\s:]/g, '');
      const matches = /^[0-9a-f]{1,16}$/.test(typed) && BigInt(`0x${typed}`) === expected.value;
      if (turn.state.phase !== 'confirm')
        throw new Refusal('conflict', 'Say the share is written down first.');
      if (!matches)
        throw new Refusal(
          'invalid-input',
          `That is not ${turn.custodian}'s share value as shown; compare what was written down with the share (show it again), then type it once more.`,
        );
      turn.state = moveOrRefuse(turn.state, { type: 'confirmed' });
      await part.folder.log('password-share-handed-over', {
        shareNumber: turn.shareNumber,
        passwordShareId: turn.id,
        custodian: turn.custodian,
      });
      return this.core.snapshot();
    });
  }

  /** From the blank screen to the next custodian. */
  nextTurn(): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      const { part, turn } = this.turnAt('call the next custodian');
      if (turn.state.phase !== 'cleared')
        throw new Refusal('conflict', `${turn.custodian}'s turn is not finished yet.`);
      part.turnIndex += 1;
      return this.core.snapshot();
    });
  }

  /** Every file opened by its holders' secrets, and the DKEK's check value from the files. */
  proveShares(): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares'], 'prove the share files open');
      const part = state.part;
      if (part.step !== 'shares') throw new Error('shares step without its part');
      if (part.turnIndex < part.turns.length)
        throw new Refusal(
          'conflict',
          `${part.turns[part.turnIndex]!.custodian} has not had their turn yet; every password share is handed over before the set is proven.`,
        );
      part.proven = await this.core
        .busy(state, 'Opening every share file with its password or password shares', () =>
          proveShareSet(part.made, {
            ...(this.options.iterations ? { iterations: this.options.iterations } : {}),
            onFile: (file, of, step, fraction) =>
              this.progress(state, { file, of, step, fraction }),
          }),
        )
        .finally(() => delete state.progress);
      wipeShares(part.made);
      const kcv = part.proven.kcv;
      await part.folder.update((record) => ({ ...record, dkek: { ...record.dkek, kcv } }));
      await part.folder.log('share-set-proven', { kcv });
      return this.core.snapshot();
    });
  }

  /** On to the device steps, once every share file is proven. */
  toDevice(): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares'], 'go on to the device');
      const part = state.part;
      if (part.step !== 'shares' || !part.proven)
        throw new Refusal(
          'conflict',
          'The share files are not proven to open yet; the device is touched only after that.',
        );
      this.core.advance(state);
      state.part = this.device.devicePart(part, part.made, part.proven);
      return this.core.snapshot();
    });
  }

  initialiseDevice(): Promise<DkekInitSnapshot> {
    return this.core.intent(() => this.device.initialise());
  }

  importNextShare(): Promise<DkekInitSnapshot> {
    return this.core.intent(() => this.device.importNext());
  }

  /**
   * Ends the ceremony with the record written. `leaveOutstanding`: the shares not yet imported
   * travel with their holders and are imported later with `dkek import` (another site, another
   * day); the device still waits for them.
   */
  finish(options: { leaveOutstanding?: boolean } = {}): Promise<DkekInitSnapshot> {
    return this.core.intent(() => this.device.finish(options.leaveOutstanding ?? false));
  }

  /** Ends the ceremony unfinished, saying so in the record. */
  cancel(reason = 'cancelled by the administrator'): Promise<DkekInitSnapshot | null> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (!state) return null;
      await this.device.stop(state, 'abandoned', reason);
      return this.core.snapshot();
    });
  }

  close(): Promise<null> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        await this.device.stop(state, 'abandoned', 'closed before it was finished');
      return this.core.end();
    });
  }

  async shutdown(): Promise<void> {
    await this.close();
  }

  /** Plan files belong to the plan form: the plan step, before the plan is set. */
  private planFormAt(what: string): void {
    const state = this.core.at(['plan'], what);
    if (state.part.step === 'plan' && state.part.folder)
      throw new Refusal(
        'conflict',
        'The plan is set; plan files are loaded and saved before that.',
      );
  }

  private chooser(): PlanChooser {
    const chooser = this.options.planChooser;
    if (!chooser)
      throw new Refusal(
        'conflict',
        'Plan files cannot be chosen here; use the command line (custos dkek init --plan).',
      );
    return chooser;
  }

  private turnMove(event: Parameters<typeof moveTurn>[1], what: string): Promise<DkekInitSnapshot> {
    return this.core.intent(async () => {
      const { part, turn } = this.turnAt(what);
      turn.state = moveOrRefuse(turn.state, event);
      // The share left the screen: its sheet's window or page goes too.
      if (turn.state.phase !== 'in-hand') part.sheet.closeView();
      return this.core.snapshot();
    });
  }

  private turnAt(what: string) {
    const state = this.core.at(['shares'], what);
    const part = state.part;
    if (part.step !== 'shares') throw new Error('shares step without its part');
    const turn = part.turns[part.turnIndex];
    if (!turn) throw new Refusal('conflict', 'Every custodian has had their turn.');
    return { state, part, turn };
  }

  private progress(state: DkekInitState, view: NonNullable<DkekInitState['progress']>): void {
    const last = state.progress;
    state.progress = view;
    // One push per step and per tenth, not per chunk: the screen follows without a flood.
    if (
      !last ||
      last.file !== view.file ||
      last.step !== view.step ||
      view.fraction - last.fraction >= 0.1 ||
      view.fraction === 1
    )
      this.core.emit();
  }
}

function moveOrRefuse(state: Turn['state'], event: Parameters<typeof moveTurn>[1]): Turn['state'] {
  const move = moveTurn(state, event);
  if (!move.moved)
    throw new Refusal('conflict', `That cannot be done now (the turn is at ${move.from}).`);
  return move.state;
}

function planned(part: DkekInitPart) {
  if (part.step !== 'plan' || !part.plan || !part.folder || !part.credentials)
    throw new Refusal('conflict', 'Set the plan first.');
  return { plan: part.plan, folder: part.folder, credentials: part.credentials };
}

export function wipePart(part: DkekInitPart): void {
  closeTurnSheet(part);
  if ('credentials' in part && part.credentials) {
    for (const password of part.credentials.passwords.values()) password.fill(0);
    part.credentials.passwords.clear();
    part.credentials.pin = '';
    part.credentials.soPin = '';
  }
  if ('made' in part) wipeShares(part.made);
  if ('proven' in part && part.proven)
    for (const share of part.proven.opened.values()) share.fill(0);
}
