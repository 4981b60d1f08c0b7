// The reshare (issue 12 §2): no device. Enough current custodians enter their shares (the same
// turns as a restore), the wrap key is rebuilt and checked against the record's check value and
// policy, then split again for the new custodians — the same key, a new threshold — and each new
// custodian takes the initialization's turn (handover, reveal, recorded, spot check or full
// check, cleared), with the optional verification round. Completed, the record holds the new
// set's commitments and marks the old set superseded; stopped after new shares were made, it
// says the new set was never completed and the old set stays current. Every screen and the
// record say plainly that the old shares still rebuild the wrap key.

import { randomUUID } from 'node:crypto';
import {
  RESHARE_STEPS,
  type ReshareSnapshot,
  type ReshareStepId,
  type ShareEntry,
} from '../../../shared/ceremony/audit-snapshot';
import type { LeaveReason } from '../../../shared/ceremony/custodian-turn';
import type { SheetOpened } from '../../../shared/ceremony/init-snapshot';
import { setSkipped, startWizard } from '../../../shared/ceremony/wizard';
import type { Logger } from '../../log/logger';
import { ceremonyFolderReason } from '../../records/file-failure';
import { Refusal } from '../../refusal/refusal';
import { zeroize, type RandomBytes } from '../../secrets';
import { openShareCeremony, shareEntryFor } from '../audit/share-ceremony';
import type { AirGapSurvey } from '../common/air-gap';
import { EngineCore, type SnapshotListener } from '../common/engine-core';
import { shareHideSeconds } from '../common/record-facts';
import type { SheetPrinting } from '../init/engine-context';
import { SheetIntents, type SheetStage } from '../init/engine-sheets';
import { TurnSheet } from '../init/turn-sheet';
import type { PaperSize } from '../../print/sheet-policy';
import { ShareTurns, type HideReason } from '../init/share-turns';
import { realTimers, type Timers } from '../init/timers';
import { VerificationRound } from '../init/verification-round';
import { splitWrapKey } from '../init/wrap-key-material';
import { readResharePlan } from './reshare-plan';
import {
  withNewSet,
  logReshareStarted,
  recordReshareCompleted,
  recordReshareNeverCompleted,
  type ReshareFacts,
} from './reshare-record';
import {
  buildReshareSnapshot,
  wipeStage,
  type ReshareStage,
  type ReshareState,
} from './reshare-state';

export interface ReshareEngineOptions {
  logger: Logger;
  clock?: () => Date;
  timers?: Timers;
  /** Tests only: known coefficients and salts, and which spot-check groups are asked. */
  splitRandom?: RandomBytes;
  randomBelow?: (max: number) => number;
  /** How this host prints a new custodian's share sheet (absent: no printing), as in init. */
  sheetPrinting?: SheetPrinting;
  /** The air-gap survey (tests give their own; default: this machine's, air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

type Stage<S extends ReshareStage['step']> = Extract<ReshareStage, { step: S }>;

export class ReshareEngine {
  private readonly core: EngineCore<ReshareStepId, ReshareState, ReshareSnapshot>;
  private readonly clock: () => Date;
  private readonly sheets: SheetIntents;

  constructor(private readonly options: ReshareEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.core = new EngineCore(
      RESHARE_STEPS,
      'reshare',
      (state) => buildReshareSnapshot(state, true),
      options.logger.child({ module: 'reshare' }),
      (state) => wipeStage(state.stage),
      {
        buildEvent: (state) => buildReshareSnapshot(state, false),
        ...(options.airGap ? { airGap: options.airGap } : {}),
      },
    );
    this.sheets = new SheetIntents({ options, log: this.core.log });
  }

  onSnapshot(listener: SnapshotListener<ReshareSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): ReshareSnapshot | null {
    return this.core.state ? buildReshareSnapshot(this.core.state, false) : null;
  }

  start(): Promise<ReshareSnapshot> {
    return this.core.intent(async () =>
      this.core.begin({
        id: randomUUID(),
        wizard: startWizard(RESHARE_STEPS),
        stage: { step: 'source' },
      }),
    );
  }

  chooseFolder(path: string): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['source'], 'choose the ceremony folder');
      const folder = await openShareCeremony(path);
      this.core.advance(state);
      state.stage = { step: 'plan', folder, errors: [] };
      return this.core.snapshot();
    });
  }

  /** The new custodians and threshold (and optionally format, check, verification round). */
  setPlan(input: unknown): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['plan'], 'set the reshare plan');
      const stage = this.stage(state, 'plan');
      const reading = readResharePlan(input, stage.folder.record);
      if (reading.ok) {
        stage.plan = reading.plan;
        stage.errors = [];
      } else {
        delete stage.plan;
        stage.errors = reading.errors;
      }
      return this.core.snapshot();
    });
  }

  /** From the plan to the current custodians' shares. */
  toOldShares(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['plan'], 'go on to the current shares');
      const { folder, plan } = this.stage(state, 'plan');
      if (!plan)
        throw new Refusal(
          'invalid-input',
          'Give the new custodians and threshold first (the plan has problems to fix).',
        );
      state.wizard = setSkipped(
        RESHARE_STEPS,
        state.wizard,
        'verification',
        !plan.verificationRound,
      );
      this.core.advance(state);
      state.stage = { step: 'old-shares', folder, plan, entry: shareEntryFor(folder) };
      return this.core.snapshot();
    });
  }

  back(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['plan', 'old-shares'], 'go back');
      const stage = state.stage;
      if (stage.step === 'old-shares') {
        if (stage.entry.collector.accepted.length > 0)
          throw new Refusal(
            'conflict',
            'Custodians have already entered shares in this reshare; cancel it to start again instead.',
          );
        this.core.back(state);
        state.stage = { step: 'plan', folder: stage.folder, plan: stage.plan, errors: [] };
      } else if (stage.step === 'plan') {
        this.core.back(state);
        state.stage = { step: 'source' };
      }
      return this.core.snapshot();
    });
  }

  beginTurn(custodian: number): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      this.oldShares("begin a custodian's turn").entry.begin(custodian);
      return this.core.snapshot();
    });
  }

  submitShare(share: ShareEntry): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      this.oldShares('enter a share').entry.submit(share);
      return this.core.snapshot();
    });
  }

  abandonTurn(reason: LeaveReason): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      this.oldShares('leave the turn').entry.abandon(reason);
      return this.core.snapshot();
    });
  }

  /** The next current custodian, or — with M shares in — the key rebuilt and checked. */
  nextCustodian(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['old-shares'], 'call the next custodian');
      const stage = this.stage(state, 'old-shares');
      if (!stage.entry.next()) return this.core.snapshot();
      const result = await this.core.busy(state, 'Rebuilding the wrap key from the shares', () =>
        stage.entry.collector.recombine(),
      );
      if (!result.ok) {
        stage.entry.setProblems = result.problems;
        return this.core.snapshot();
      }
      stage.entry.forget();
      stage.entry.setProblems = [];
      for (const warning of result.warnings)
        if (!stage.entry.warnings.includes(warning)) stage.entry.warnings.push(warning);
      stage.rebuilt = { secret: result.secret, kcv: result.kcv, used: result.used };
      return this.core.snapshot();
    });
  }

  /** The key is rebuilt: split it again for the new custodians; the key leaves memory here. */
  splitAgain(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['old-shares'], 'split the wrap key again');
      const stage = this.stage(state, 'old-shares');
      const rebuilt = stage.rebuilt;
      if (!rebuilt)
        throw new Refusal(
          'conflict',
          'The wrap key has not been rebuilt yet: enough current custodians must enter their shares first.',
        );
      const { plan, folder } = stage;
      const { key, ...policy } = rebuilt.secret;
      let split;
      try {
        split = splitWrapKey(
          key,
          policy,
          { format: plan.format, threshold: plan.threshold, count: plan.custodians.length },
          this.options.splitRandom,
        );
      } finally {
        zeroize(key);
        delete stage.rebuilt;
      }
      const facts: ReshareFacts = {
        startedAt: this.clock(),
        fromShareNumbers: rebuilt.used,
        kcv: rebuilt.kcv,
        plan,
        sharesShown: [],
      };
      const set = { facts, commitments: split.commitments, policy };
      const sheet = new TurnSheet(this.options.sheetPrinting !== undefined);
      const turns = new ShareTurns({
        custodians: plan.custodians,
        shares: split.shares,
        threshold: plan.threshold,
        kcv: rebuilt.kcv,
        format: plan.format,
        mode: plan.confirmation,
        hideSeconds: shareHideSeconds(folder.record),
        timers: this.options.timers ?? realTimers,
        onIdleHide: () => {
          void folder.log('share-hidden', { ...who(turns), reason: 'idle' }).catch(() => undefined);
          this.core.emit();
        },
        // Whenever the share leaves the screen, so does its sheet's preview or page.
        onShareLeft: () => sheet.closeView(),
        ...(this.options.randomBelow ? { randomBelow: this.options.randomBelow } : {}),
      });
      this.core.advance(state);
      state.stage = { step: 'new-shares', folder, plan, set, turns, sheet };
      try {
        await logReshareStarted(folder, facts);
      } catch (error) {
        await this.stop(
          state,
          `The transcript could not be written (${ceremonyFolderReason(error, folder.path)}).`,
        );
      }
      return this.core.snapshot();
    });
  }

  revealShare(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['new-shares', 'verification'], "show the custodian's share");
      const stage = state.stage;
      if (stage.step === 'verification') {
        stage.round.start();
        return this.core.snapshot();
      }
      const { turns, set, folder } = this.stage(state, 'new-shares');
      turns.reveal();
      const number = turns.index + 1;
      if (!set.facts.sharesShown.includes(number)) set.facts.sharesShown.push(number);
      await folder.log('share-shown', who(turns));
      return this.core.snapshot();
    });
  }

  hideShare(reason: HideReason): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['new-shares'], 'hide the share');
      const { turns, folder } = this.stage(state, 'new-shares');
      if (turns.hide(reason)) await folder.log('share-hidden', { ...who(turns), reason });
      return this.core.snapshot();
    });
  }

  stillHere(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['new-shares'], 'keep the share on screen');
      this.stage(state, 'new-shares').turns.stillHere();
      return this.core.snapshot();
    });
  }

  shareRecorded(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['new-shares'], 'say the share is recorded');
      const { turns, folder, plan, sheet } = this.stage(state, 'new-shares');
      // A sheet that left (or is leaving) Custos this turn is checked by scan-back, as in init.
      const phase = turns.recorded({
        sheetToCheck: sheet.wasPrinted(turns.index) || sheet.isPrinting(turns.index),
      });
      await folder.log('share-recorded', who(turns));
      if (phase === 'cleared')
        await folder.log('share-confirmed', { ...who(turns), check: plan.confirmation });
      return this.core.snapshot();
    });
  }

  confirmShare(entries: readonly string[]): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['new-shares'], 'confirm the share');
      const { turns, folder, plan } = this.stage(state, 'new-shares');
      const problem = turns.confirm(entries);
      if (problem) state.problem = problem;
      await folder.log(problem ? 'share-check-failed' : 'share-confirmed', {
        ...who(turns),
        ...(problem ? {} : { check: plan.confirmation }),
      });
      return this.core.snapshot();
    });
  }

  /** After a new custodian's blank screen: the next one, the verification round, or done. */
  nextNewCustodian(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['new-shares'], 'call the next custodian');
      const { turns, folder, plan, set } = this.stage(state, 'new-shares');
      if (turns.next() === 'next') {
        await folder.log('share-handover', who(turns));
        return this.core.snapshot();
      }
      turns.dispose();
      this.core.advance(state);
      if (state.wizard.current === 'verification') {
        state.stage = {
          step: 'verification',
          folder,
          plan,
          set,
          round: new VerificationRound({
            custodians: plan.custodians,
            commitments: set.commitments,
            format: plan.format,
            threshold: plan.threshold,
            kcv: set.facts.kcv,
            policy: set.policy,
            payloadLength: plan.format === 'yubihsm-manager' ? 104 : 70,
          }),
        };
        await folder.log('verification-started', {});
        return this.core.snapshot();
      }
      await this.complete(state, { step: 'finished', folder, plan, set });
      return this.core.snapshot();
    });
  }

  enterVerificationShare(text: string): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['verification'], 'enter a share');
      const { round, folder } = this.stage(state, 'verification');
      const name = round.custodianName;
      const problem = round.enter(text);
      if (problem) state.problem = problem;
      await folder.log(problem ? 'verification-share-refused' : 'verification-share-matched', {
        custodian: name,
      });
      return this.core.snapshot();
    });
  }

  nextVerification(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['verification'], 'call the next custodian');
      const stage = this.stage(state, 'verification');
      if (stage.round.next() === 'next') return this.core.snapshot();
      const result = stage.round.result!;
      await stage.folder.log('verification-result', { ...result });
      if (!result.allMatch) {
        await this.stop(
          state,
          'The verification round found subsets of the new shares that do not rebuild the wrap key; destroy the new shares.',
        );
        return this.core.snapshot();
      }
      await this.complete(state, {
        step: 'finished',
        folder: stage.folder,
        plan: stage.plan,
        set: stage.set,
      });
      return this.core.snapshot();
    });
  }

  // ── The new custodian's share sheet (init's sheet, made from the record with the new set) ──

  openSheet(paper: PaperSize): Promise<{ opened: SheetOpened; snapshot: ReshareSnapshot }> {
    return this.core.intent(async () => {
      const opened = await this.sheets.open(this.sheetStage('print a share sheet'), paper);
      return { opened, snapshot: this.core.snapshot() };
    });
  }

  printSheet(): Promise<ReshareSnapshot> {
    return this.sheetJob('print', 'print the sheet');
  }

  saveSheetPdf(): Promise<ReshareSnapshot> {
    return this.sheetJob('pdf', 'save the sheet as a PDF');
  }

  closeSheet(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.active('close the sheet');
      // Closing what is already gone is not a mistake: answer with where things are.
      if (!state.stopped && state.stage.step === 'new-shares') state.stage.sheet.closeView();
      return this.core.snapshot();
    });
  }

  scanBack(text: string): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['new-shares'], 'check a scanned sheet');
      const stage = this.sheetStage('check a scanned sheet');
      await this.sheets.scanBack(state, stage, text);
      return this.core.snapshot();
    });
  }

  /** A dialog can stay up for minutes, so it runs outside the intent queue (as init's does). */
  private async sheetJob(kind: 'print' | 'pdf', what: string): Promise<ReshareSnapshot> {
    const pending = await this.core.intent(async () => {
      const state = this.core.at(['new-shares'], what);
      return this.sheets.startJob(state, this.sheetStage(what), kind);
    });
    let outcome;
    try {
      outcome = await pending.job.run();
    } catch (error) {
      this.core.log.error('a share sheet dialog failed', { error, kind });
      outcome = {
        done: false as const,
        reason: 'failed' as const,
        message:
          kind === 'print'
            ? 'The sheet could not be printed; print it again.'
            : 'The PDF could not be saved; try again.',
      };
    }
    return this.core.intent(async () => {
      const state = await this.sheets.finishJob(pending, outcome);
      if (state !== this.core.state)
        throw new Refusal('conflict', 'The reshare ended while the sheet dialog was open.');
      return this.core.snapshot();
    });
  }

  /**
   * The new-shares step as the sheet sees it: the record read as it will be once the new set is
   * current (the new custodians, threshold and commitments), so the sheet names the new custodian
   * and is checked against the new share's commitment; its events say they are the reshare's.
   */
  private sheetStage(what: string): SheetStage {
    const state = this.core.at(['new-shares'], what);
    const { turns, sheet, folder, plan, set } = this.stage(state, 'new-shares');
    return {
      turns,
      sheet,
      record: {
        get record() {
          return withNewSet(folder.record, plan, set.commitments);
        },
        log: (event, data = {}) => folder.log(event, { ...data, set: 'reshare' }),
      },
    };
  }

  cancel(): Promise<ReshareSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.active('cancel');
      await this.stop(state, 'The reshare was cancelled.');
      return this.core.snapshot();
    });
  }

  close(): Promise<null> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        throw new Refusal(
          'conflict',
          'This reshare is still under way; cancel it before closing it.',
        );
      return this.core.end();
    });
  }

  shutdown(): Promise<void> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        await this.stop(state, 'Custos was closed during the reshare.');
      this.core.wipeCurrent();
    });
  }

  private async complete(state: ReshareState, finished: Stage<'finished'>): Promise<void> {
    // The reshare ends here: both air-gap surveys go in before the new set is recorded (issue 14).
    await this.core.recordAirGap(state, finished.folder);
    try {
      await recordReshareCompleted(
        finished.folder,
        finished.set.facts,
        finished.set.commitments,
        this.clock(),
      );
    } catch (error) {
      await this.stop(
        state,
        `The new set could not be recorded (${ceremonyFolderReason(error, finished.folder.path)}).`,
      );
      return;
    }
    if (state.wizard.current !== 'finished') this.core.advance(state);
    state.stage = finished;
    state.finished = true;
    this.core.log.info('reshare completed', { threshold: finished.plan.threshold });
  }

  /** Stops the reshare; once new shares were made the record says the new set never completed. */
  private async stop(state: ReshareState, reason: string): Promise<void> {
    const stage = state.stage;
    wipeStage(stage);
    state.stopped = {
      status: 'abandoned',
      reason: `${reason} The old shares stay the current set.`,
      deviceTouched: false,
    };
    if (stage.step === 'new-shares' || stage.step === 'verification') {
      await this.core.recordAirGap(state, stage.folder);
      try {
        await recordReshareNeverCompleted(stage.folder, stage.set.facts, reason, this.clock());
      } catch (error) {
        this.core.log.error('the stopped reshare could not be recorded', { error });
        state.problem = {
          message: `The reshare stopped, but the record could not say so (${ceremonyFolderReason(error, stage.folder.path)}). The old shares stay the current set; destroy any new share shown.`,
        };
      }
    }
    this.core.emit();
  }

  private oldShares(what: string): Stage<'old-shares'> {
    const state = this.core.at(['old-shares'], what);
    const stage = this.stage(state, 'old-shares');
    if (stage.rebuilt)
      throw new Refusal(
        'conflict',
        'The wrap key is already rebuilt; split it again for the new custodians.',
      );
    return stage;
  }

  private stage<S extends ReshareStage['step']>(state: ReshareState, step: S): Stage<S> {
    if (state.stage.step !== step)
      throw this.core.outOfOrder(state, step as ReshareStepId, 'do that');
    return state.stage as Stage<S>;
  }
}

function who(turns: ShareTurns): { custodian: string; shareNumber: number; set: 'reshare' } {
  return { custodian: turns.custodianName, shareNumber: turns.index + 1, set: 'reshare' };
}
