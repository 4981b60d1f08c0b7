// The initialization ceremony's engine: one state machine in main that the screens (through the
// init/* channels) and the headless CLI drive with the same intents. Each intent checks it is
// at the right step (the step table in shared/ceremony/init-steps.ts), does its stage's work in
// the module for that stage, and answers with the new snapshot. Progress that happens without
// an intent — device steps, a share hidden by main's timer — goes to snapshot listeners. Like
// every ceremony it runs on the shared EngineCore (one at a time, intents in order, step
// checks, snapshots, wiping); an answer may carry the share on screen, an event never does.

import { handoffView, writeHandoff } from '../handoff/write-handoff';
import { randomUUID } from 'node:crypto';
import { INIT_STEPS, type InitStepId } from '../../../shared/ceremony/init-steps';
import type { InitSnapshot, SheetOpened } from '../../../shared/ceremony/init-snapshot';
import { startWizard } from '../../../shared/ceremony/wizard';
import { Refusal } from '../../refusal/refusal';
import type { Logger } from '../../log/logger';
import { EngineCore, type SnapshotListener } from '../common/engine-core';
import { buildSnapshot, stageOf, type Ceremony } from './ceremony-state';
import { enterStage, recordOf, wipeStage, type InitStage } from './ceremony-stage';
import type { EngineContext, InitEngineOptions } from './engine-context';
import { DeviceSteps } from './engine-device-steps';
import { PlanIntents } from './engine-plan';
import { SheetIntents } from './engine-sheets';
import { ShareIntents } from './engine-shares';
import { checkNetwork } from './network-check';
import { surveyAirGap, type AirGapSurvey } from '../common/air-gap';
import { defaultDraft } from './plan-draft';
import { PasswordStore } from './passwords';
import { realTimers } from './timers';
import { writeCeremonyScriptFile } from './script/screen-script';

export type { InitEngineOptions } from './engine-context';

export class InitEngine implements EngineContext {
  readonly clock: () => Date;
  readonly log: Logger;
  private readonly core: EngineCore<InitStepId, Ceremony, InitSnapshot>;
  private readonly plan: PlanIntents;
  private readonly shares: ShareIntents;
  private readonly sheets: SheetIntents;
  private readonly device: DeviceSteps;
  private shuttingDown = false;

  constructor(readonly options: InitEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.log = options.logger.child({ module: 'init' });
    this.core = new EngineCore(
      INIT_STEPS,
      { noun: 'initialization', a: 'An initialization', here: 'ceremony' },
      (ceremony) => buildSnapshot(ceremony, true),
      this.log,
      (ceremony) => this.dispose(ceremony),
      {
        buildEvent: (ceremony) => buildSnapshot(ceremony, false),
        airGap: () => this.airGapSurvey(),
        // What a step held leaves memory with the step: see advance and ceremony-stage.ts.
      },
    );
    this.plan = new PlanIntents(this);
    this.sheets = new SheetIntents(this);
    this.device = new DeviceSteps(this);
    this.shares = new ShareIntents(
      this,
      options.timers ?? realTimers,
      () => this.sheets.newTurnSheet(),
      (ceremony, from) => this.device.enter(ceremony, from),
    );
  }

  airGapSurvey(): AirGapSurvey {
    return (this.options.airGap ?? (() => surveyAirGap({ now: this.clock })))();
  }

  get stopping(): boolean {
    return this.shuttingDown;
  }

  onSnapshot(listener: SnapshotListener<InitSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): InitSnapshot | null {
    return this.core.current();
  }

  emit(): void {
    this.core.emit();
  }

  advance<S extends InitStage>(ceremony: Ceremony, to: S): S {
    this.core.advance(ceremony);
    return this.enter(ceremony, to);
  }

  /** Into `to`, the stage of the step the wizard is now at, wiping what it does not carry on. */
  private enter<S extends InitStage>(ceremony: Ceremony, to: S): S {
    if (to.step !== ceremony.wizard.current)
      throw new Error(`the ${to.step} stage was entered at the ${ceremony.wizard.current} step`);
    ceremony.at = enterStage(ceremony.at, to);
    return to;
  }

  private get ceremony(): Ceremony | undefined {
    return this.core.state;
  }

  // ── Lifecycle of a ceremony ──────────────────────────────────────────────

  start(): Promise<InitSnapshot> {
    return this.intent(async () => {
      this.core.ensureIdle();
      const started = this.core.begin({
        id: randomUUID(),
        wizard: startWizard(INIT_STEPS),
        network: (this.options.network ?? checkNetwork)(),
        at: {
          step: 'preflight',
          check: null,
          primary: null,
          inventory: [],
          planning: {
            draft: defaultDraft(),
            folder: null,
            folderProblem: null,
            passwords: new PasswordStore(),
          },
        },
      });
      this.log.info('initialization started', { ceremonyId: started.ceremonyId });
      return started;
    });
  }

  cancel(): Promise<InitSnapshot> {
    return this.intent(async () => {
      const ceremony = this.active('cancel');
      if (this.device.isRunning(ceremony))
        throw new Refusal(
          'conflict',
          'Custos is writing to the primary; wait until the current task ends, then cancel.',
        );
      await this.stop(ceremony, 'cancel');
      return this.snapshot();
    });
  }

  close(): Promise<null> {
    return this.intent(async () => {
      const ceremony = this.ceremony;
      if (ceremony && !ceremony.stopped && !ceremony.finished) {
        throw new Refusal(
          'conflict',
          'This initialization is still under way; cancel it before closing it.',
        );
      }
      return this.core.end();
    });
  }

  /** At the record: the KSP / connector hand-off for AD CS, into the ceremony folder. */
  writeKspHandoff(connectorUrl?: string): Promise<InitSnapshot> {
    return this.intent(async () => {
      const ceremony = this.ceremony;
      if (!ceremony?.finished || ceremony.at.step !== 'record')
        throw new Refusal(
          'conflict',
          'The KSP hand-off is written once the initialization is complete, from its record screen.',
        );
      const { record: folder, finished } = ceremony.at;
      const result = await writeHandoff({
        folderPath: folder.path,
        folder,
        serial: folder.record.primary.serial,
        toolVersion: this.options.toolVersion,
        clock: this.clock,
        ...(connectorUrl ? { connectorUrl } : {}),
      });
      finished.kspHandoff = handoffView(result);
      finished.transcriptHead = folder.head;
      this.log.info('KSP hand-off written', { ceremonyId: ceremony.id, serial: result.serial });
      return this.snapshot();
    });
  }

  back(): Promise<InitSnapshot> {
    return this.intent(async () => {
      const ceremony = this.active('go back');
      const step = ceremony.wizard.current;
      if (step !== 'plan' && step !== 'review') {
        throw new Refusal(
          'conflict',
          step === 'preflight'
            ? 'Preflight is the first step; there is nothing before it.'
            : 'The shares have been made, so the steps before them cannot be reopened. Cancel the ceremony to stop it.',
        );
      }
      const { check, primary, inventory, planning } = stageOf(ceremony, step);
      this.core.back(ceremony);
      // Back keeps what preflight found and the plan typed so far; a review's fixed plan goes.
      const kept = { check, primary, inventory, planning };
      this.enter(
        ceremony,
        ceremony.wizard.current === 'preflight'
          ? { step: 'preflight', ...kept }
          : { step: 'plan', ...kept },
      );
      ceremony.problem = undefined;
      return this.snapshot();
    });
  }

  // ── Preflight, plan, review ──────────────────────────────────────────────

  choosePrimary(deviceId: string): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(
        await this.plan.choosePrimary(this.at('preflight', 'choose the primary'), deviceId),
      ),
    );
  }

  resetPrimary(deviceId: string, confirmation: string): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(
        await this.plan.resetPrimary(
          this.at('preflight', 'reset the primary'),
          deviceId,
          confirmation,
        ),
      ),
    );
  }

  toPlan(): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(this.plan.toPlan(this.at('preflight', 'go on to the plan'))),
    );
  }

  updatePlan(draft: Record<string, unknown>): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(this.plan.update(this.at('plan', 'change the plan'), draft)),
    );
  }

  setPassword(
    key: 'application' | 'audit',
    password: string,
    confirmation: string,
  ): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(
        this.plan.setPassword(this.at('plan', 'set a password'), key, password, confirmation),
      ),
    );
  }

  setFolder(folder: string): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(await this.plan.setFolder(this.at('plan', 'choose the ceremony folder'), folder)),
    );
  }

  loadPlan(name: string | undefined): Promise<{ file: string | null; snapshot: InitSnapshot }> {
    return this.intent(async () => {
      const ceremony = this.at('plan', 'load a plan file');
      const file = await this.plan.load(ceremony, name);
      return { file, snapshot: this.done(ceremony) };
    });
  }

  savePlan(
    name: string,
    replace: boolean,
  ): Promise<{ outcome: 'saved' | 'exists' | 'cancelled'; file: string }> {
    return this.intent(async () => {
      const ceremony = this.active('save the plan');
      if (ceremony.wizard.current !== 'plan' && ceremony.wizard.current !== 'review')
        throw this.outOfOrder(ceremony, 'plan', 'save the plan');
      return this.plan.save(stageOf(ceremony, ceremony.wizard.current), name, replace);
    });
  }

  listPlans(): Promise<{ where: 'plans-folder' | 'chooser'; folder?: string; names: string[] }> {
    return this.plan.listPlans();
  }

  /** The printable ceremony script (of the plan at the review, filled at the record), written once. */
  writeScript(path: string): Promise<{ path: string }> {
    return this.intent(async () => {
      // A finished ceremony rests on its record step; the script is filled from that record.
      const ended = this.ceremony;
      const stage =
        ended?.finished && ended.at.step === 'record'
          ? ended.at
          : stageOf(this.at('review', 'write the ceremony script'), 'review');
      return writeCeremonyScriptFile(stage, path, {
        madeAt: this.clock(),
        toolVersion: this.options.toolVersion,
      });
    });
  }

  toReview(): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(await this.plan.toReview(this.at('plan', 'go on to the review'))),
    );
  }

  begin(): Promise<InitSnapshot> {
    return this.intent(async () => this.done(await this.shares.begin(this.at('review', 'begin'))));
  }

  // ── Share turns and the verification round ───────────────────────────────

  revealShare(): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(await this.shares.reveal(this.atAny(['shares', 'verification'], 'show the share'))),
    );
  }

  hideShare(reason: 'idle' | 'blur' | 'escape' | 'user'): Promise<InitSnapshot> {
    return this.intent(async () => {
      const ceremony = this.ceremony;
      if (ceremony && !ceremony.stopped && ceremony.at.step === 'shares')
        await this.shares.hide(ceremony, reason);
      return this.snapshot();
    });
  }

  /**
   * The custodian is still at the screen; keeps a shown share up. Never fails. Activity keeps it
   * up quietly; `extended` (the countdown's "I am still here") is written to the transcript.
   */
  async stillHere(extended = false): Promise<Record<string, never>> {
    const ceremony = this.ceremony;
    const showing = () => ceremony && !ceremony.stopped && ceremony.at.step === 'shares';
    if (!extended) {
      if (ceremony?.at.step === 'shares' && showing()) ceremony.at.turns.stillHere();
      return {};
    }
    await this.intent(async () => {
      if (showing()) await this.shares.extend(ceremony!);
    });
    return {};
  }

  shareRecorded(): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(await this.shares.recorded(this.at('shares', 'say the share is recorded'))),
    );
  }

  confirmShare(entries: readonly string[]): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(await this.shares.confirm(this.at('shares', 'confirm the share'), entries)),
    );
  }

  nextCustodian(): Promise<InitSnapshot> {
    return this.intent(async () => {
      const ceremony = this.atAny(['shares', 'verification'], 'call the next custodian');
      if (ceremony.wizard.current === 'shares') await this.shares.next(ceremony);
      else await this.shares.nextVerification(ceremony);
      return this.done(ceremony);
    });
  }

  // ── The custodian's share sheet ───────────────────────────────────────────

  /** Shows the current custodian's sheet for printing; the answer says how the renderer goes on. */
  openSheet(paper: 'a4' | 'letter'): Promise<{ opened: SheetOpened; snapshot: InitSnapshot }> {
    return this.intent(async () => {
      const ceremony = this.at('shares', 'print a share sheet');
      const opened = await this.sheets.open(stageOf(ceremony, 'shares'), paper);
      return { opened, snapshot: this.done(ceremony) };
    });
  }

  printSheet(): Promise<InitSnapshot> {
    return this.sheetJob('print', 'print the sheet');
  }

  saveSheetPdf(): Promise<InitSnapshot> {
    return this.sheetJob('pdf', 'save the sheet as a PDF');
  }

  closeSheet(): Promise<InitSnapshot> {
    return this.intent(async () => {
      const ceremony = this.ceremony;
      if (!ceremony)
        throw new Refusal(
          'conflict',
          'There is no initialization under way; there is no sheet to close.',
        );
      // Closing what is already gone is not a mistake: answer with where things are.
      if (!ceremony.stopped && ceremony.at.step === 'shares')
        this.sheets.close(stageOf(ceremony, 'shares'));
      return this.snapshot();
    });
  }

  scanBack(text: string): Promise<InitSnapshot> {
    return this.intent(async () => {
      const ceremony = this.at('shares', 'check a scanned sheet');
      return this.done(await this.sheets.scanBack(ceremony, stageOf(ceremony, 'shares'), text));
    });
  }

  /**
   * A print or save dialog can stay up for minutes, so it runs outside the intent queue: the
   * share can still be hidden (Esc, timer) meanwhile, which closes the preview but not the dialog.
   */
  private async sheetJob(kind: 'print' | 'pdf', what: string): Promise<InitSnapshot> {
    const pending = await this.intent(async () => {
      const ceremony = this.at('shares', what);
      return this.sheets.startJob(ceremony, stageOf(ceremony, 'shares'), kind);
    });
    let outcome;
    try {
      outcome = await pending.job.run();
    } catch (error) {
      this.log.error('a share sheet dialog failed', { error, kind });
      outcome = {
        done: false as const,
        reason: 'failed' as const,
        message:
          kind === 'print'
            ? 'The sheet could not be printed; print it again.'
            : 'The PDF could not be saved; try again.',
      };
    }
    return this.intent(async () => {
      const ceremony = await this.sheets.finishJob(pending, outcome);
      if (ceremony !== this.ceremony)
        throw new Refusal('conflict', 'The ceremony ended while the sheet dialog was open.');
      return this.done(ceremony);
    });
  }

  enterVerificationShare(text: string): Promise<InitSnapshot> {
    return this.intent(async () =>
      this.done(
        await this.shares.enterVerification(this.at('verification', 'enter a share'), text),
      ),
    );
  }

  // ── Device steps ─────────────────────────────────────────────────────────

  runDeviceSteps(): Promise<InitSnapshot> {
    return this.intent(async () => {
      const ceremony = this.atAny(['verification', 'device-steps'], 'write to the primary');
      // From the verification result, leaving it builds the device run (DeviceSteps.enter).
      if (ceremony.wizard.current === 'verification') this.shares.leaveVerification(ceremony);
      await this.device.start(ceremony);
      return this.done(ceremony);
    });
  }

  /** Resolves when no device run is in flight and every record write has finished. */
  async idle(): Promise<void> {
    await this.device.idle();
    const ceremony = this.ceremony;
    if (ceremony) await recordOf(ceremony.at)?.settled();
  }

  /**
   * Custos is closing: the device steps stop after the task in hand, and a ceremony that has
   * not ended is marked abandoned (or failed, if the device was written) right away.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.device.idle();
    await this.intent(async () => {
      const ceremony = this.ceremony;
      if (ceremony && !ceremony.stopped && !ceremony.finished)
        await this.stop(ceremony, 'shutdown');
      this.core.wipeCurrent();
    });
  }

  // ── Helpers ──────────────────────────────────────────────────────────────

  private async stop(ceremony: Ceremony, why: 'cancel' | 'shutdown'): Promise<void> {
    await this.device.stop(ceremony, why, this.options.index);
    this.core.wipeCurrent();
    this.emit();
  }

  /** What a ceremony holds that must not outlive it: the shares, the passwords, the wrap key. */
  private dispose(ceremony: Ceremony): void {
    wipeStage(ceremony.at);
  }

  /** Runs one intent after the ones before it (the core pushes the settled snapshot after a busy one). */
  private intent<T>(work: () => Promise<T>): Promise<T> {
    return this.core.intent(work);
  }

  private snapshot(): InitSnapshot {
    return this.core.snapshot();
  }

  private done(ceremony: Ceremony): InitSnapshot {
    return buildSnapshot(ceremony, true);
  }

  private active(what: string): Ceremony {
    return this.core.active(what);
  }

  private at(step: InitStepId, what: string): Ceremony {
    return this.core.at([step], what);
  }

  private atAny(steps: readonly InitStepId[], what: string): Ceremony {
    return this.core.at(steps, what);
  }

  private outOfOrder(ceremony: Ceremony, step: InitStepId, what: string): Refusal {
    return this.core.outOfOrder(ceremony, step, what);
  }
}
