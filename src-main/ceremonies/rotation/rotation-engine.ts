// The wrap-key rotation's engine (issue 12 §3): one state machine in main on the shared core,
// driven by the screens and by `custos rotate` with the same intents. The current custodians
// prove their set (restore's share collector and custodian turns), a new key is made and split
// as on day one and handed out in init's share turns, then each device in turn takes the new key
// and loses the old one. A rotation stopped during the devices step is resumed from the record
// with the custodians' new shares.

import { randomUUID } from 'node:crypto';
import type { RotationSnapshot } from '../../../shared/ceremony/rotation-snapshot';
import {
  ROTATION_STEPS,
  stillHoldingOldKey,
  type RotationStepId,
} from '../../../shared/ceremony/rotation-steps';
import {
  moveTurn,
  type LeaveReason,
  type TurnEvent,
} from '../../../shared/ceremony/custodian-turn';
import type { ShareEntry } from '../../../shared/ceremony/restore-snapshot';
import { setSkipped, startWizard } from '../../../shared/ceremony/wizard';
import { Refusal } from '../../refusal/refusal';
import { EngineCore, type SnapshotListener } from '../common/engine-core';
import { forgetCredential, holdCredential } from '../common/derived-credential';
import { applicationKeyId } from '../common/record-facts';
import { ShareCollector, nameShare } from '../common/share-collection';
import { FIRST_ENTRY_TURN, type AtKeyboard } from '../restore/restore-stage';
import type { HideReason, ShareTurns } from '../init/share-turns';
import type { RotationContext, RotationEngineOptions } from './rotation-context';
import { runDevice } from './rotation-devices';
import { makeNewShares, sharesHandedOut, who } from './rotation-new-shares';
import { logRotationStopped } from './rotation-record';
import {
  authorizeCustodians,
  authorizeExpectations,
  loadRotationSource,
  progressOf,
} from './rotation-source';
import {
  buildRotationSnapshot,
  wipeRotation,
  wipeStage,
  type RotationState,
} from './rotation-state';

export type { RotationEngineOptions } from './rotation-context';

export class RotationEngine {
  private readonly core: EngineCore<RotationStepId, RotationState, RotationSnapshot>;
  private readonly context: RotationContext;

  constructor(options: RotationEngineOptions) {
    const clock = options.clock ?? (() => new Date());
    this.core = new EngineCore(
      ROTATION_STEPS,
      'rotation',
      (state) => buildRotationSnapshot(state),
      options.logger.child({ module: 'rotation' }),
      wipeRotation,
      {
        buildEvent: (state) => buildRotationSnapshot(state, false),
        // What a step holds (shares, a key) goes when the rotation leaves it.
        leaving: (state) => wipeStage(state.stage),
        ...(options.airGap ? { airGap: options.airGap } : {}),
      },
    );
    this.context = { options, core: this.core, clock };
  }

  onSnapshot(listener: SnapshotListener<RotationSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): RotationSnapshot | null {
    return this.core.current();
  }

  /** Waits until the intents already queued have run. */
  idle(): Promise<void> {
    return this.core.intent(async () => undefined);
  }

  start(): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const snapshot = this.core.begin({
        id: randomUUID(),
        wizard: startWizard(ROTATION_STEPS),
        stage: { step: 'source' },
        audits: [],
        rehearsal: false,
      });
      this.core.log.info('rotation started', { ceremonyId: snapshot.ceremonyId });
      return snapshot;
    });
  }

  chooseFolder(folder: string): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['source'], 'choose the ceremony folder');
      state.source = await loadRotationSource(folder);
      state.rehearsal = state.source.folder.record.rehearsal;
      return this.core.snapshot();
    });
  }

  /** The key that may put and delete wrap keys (default id: the application key's). */
  setRotationKey(password: string, authKeyId?: number): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['source'], 'give the rotation key');
      const id =
        authKeyId ??
        state.source?.resuming?.authKeyId ??
        (state.source ? applicationKeyId(state.source.folder.record) : undefined);
      if (id === undefined)
        throw new Refusal(
          'invalid-input',
          'Choose the ceremony folder first, or give the id of the key that manages wrap keys.',
        );
      forgetCredential(state.rotationKey);
      state.rotationKey = { ...(await holdCredential(password)), authKeyId: id };
      return this.core.snapshot();
    });
  }

  /** Optional: the audit key, to read each device's audit log once it is done. */
  setAuditKey(password: string, authKeyId?: number): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['source'], 'give the audit key');
      forgetCredential(state.auditKey);
      state.auditKey = await holdCredential(password, authKeyId);
      return this.core.snapshot();
    });
  }

  toShares(): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['source'], 'go on to the shares');
      const source = state.source;
      if (!source) throw new Refusal('conflict', 'Choose the ceremony folder first.');
      if (!state.rotationKey)
        throw new Refusal(
          'conflict',
          "Give the password of the key that manages wrap keys first: every device's wrap key is put and deleted with it.",
        );
      if (source.resuming)
        state.wizard = setSkipped(ROTATION_STEPS, state.wizard, 'new-shares', true);
      this.core.advance(state);
      state.stage = {
        step: 'authorize',
        collector: new ShareCollector(authorizeExpectations(source)),
        turn: FIRST_ENTRY_TURN,
        setProblems: [],
      };
      return this.core.snapshot();
    });
  }

  back(): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['authorize'], 'go back');
      if (state.stage.step === 'authorize' && state.stage.collector.accepted.length > 0)
        throw new Refusal(
          'conflict',
          'Custodians have already entered shares in this rotation; cancel it to start again instead.',
        );
      this.core.back(state);
      state.stage = { step: 'source' };
      if (state.wizard.skipped.includes('new-shares'))
        state.wizard = setSkipped(ROTATION_STEPS, state.wizard, 'new-shares', false);
      return this.core.snapshot();
    });
  }

  /** The custodian at the keyboard says which share number they hold. */
  beginTurn(custodian: number): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const { state, stage } = this.authorizing('handover', "begin a custodian's turn");
      const waiting = stage.collector.waiting();
      const names = authorizeCustodians(state.source!);
      if (!waiting.includes(custodian))
        throw new Refusal(
          'invalid-input',
          `Say which custodian is at the keyboard: one of ${waiting.map((n) => nameShare(n, names.find((c) => c.index === n)?.name)).join(', ')}.`,
        );
      this.moveTurn(
        state,
        { type: 'take' },
        {
          index: custodian,
          name: names.find((c) => c.index === custodian)!.name,
        },
      );
      return this.core.snapshot();
    });
  }

  /** Checks the share typed or pasted; answers with share numbers and sentences only. */
  submitShare(entry: ShareEntry): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const { state, stage } = this.authorizing('in-hand', 'enter a share');
      const turn = stage.turn;
      const custodian = turn.phase === 'in-hand' ? turn.atKeyboard.index : undefined;
      const verdict =
        'lines' in entry
          ? stage.collector.offerLines(entry.lines, custodian)
          : stage.collector.offer(entry.text, custodian);
      if (!verdict.ok) {
        if (turn.phase === 'in-hand') turn.refusal = { message: verdict.message };
        await state.source!.folder.log('rotation-share-refused', { shareNumber: custodian });
        return this.core.snapshot();
      }
      await state.source!.folder.log('rotation-share-accepted', {
        shareNumber: verdict.shareNumber,
        set: state.source!.resuming ? 'new' : 'current',
      });
      this.moveTurn(state, { type: 'recorded', check: false });
      return this.core.snapshot();
    });
  }

  abandonTurn(reason: LeaveReason = 'user'): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const { state } = this.authorizing('in-hand', 'leave the turn');
      this.moveTurn(state, { type: 'leave', reason });
      return this.core.snapshot();
    });
  }

  /**
   * After a cleared screen: at the current shares, the next custodian or (with enough shares)
   * the set rebuilt and checked; at the new shares, the next custodian's handover, or after the
   * last one the rotation entry written and the devices step.
   */
  nextCustodian(): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['authorize', 'new-shares'], 'call the next custodian');
      if (state.stage.step === 'new-shares') {
        const turns = state.stage.turns;
        const folder = state.source!.folder;
        if (turns.next() === 'next') {
          await folder.log('share-handover', { ...who(turns), set: 'new' });
        } else {
          await folder.log('shares-done', { custodians: turns.index + 1, set: 'new' });
          await sharesHandedOut(this.context, state);
        }
        return this.core.snapshot();
      }
      const { stage } = this.authorizing('cleared', 'call the next custodian');
      this.moveTurn(state, { type: 'next' });
      if (!stage.collector.enough) return this.core.snapshot();
      const result = await this.core.busy(state, 'Rebuilding the wrap key from the shares', () =>
        stage.collector.recombine(),
      );
      if (!result.ok) {
        stage.setProblems = result.problems;
        return this.core.snapshot();
      }
      stage.collector.forget();
      stage.setProblems = [];
      const resuming = state.source!.resuming !== undefined;
      // The current key itself is not needed: the set proved the custodians hold it.
      if (!resuming) result.secret.key.fill(0);
      stage.rebuilt = {
        kcv: result.kcv,
        used: result.used,
        ...(resuming ? { newKey: result.secret } : {}),
      };
      await state.source!.folder.log('rotation-authorized', {
        set: resuming ? 'new' : 'current',
        shareNumbers: result.used,
        kcv: result.kcv,
      });
      return this.core.snapshot();
    });
  }

  /** The new wrap key, from the primary's random half and this computer's, split for the custodians. */
  makeNewShares(primaryDeviceId: string): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['authorize'], 'make the new shares');
      if (state.source!.resuming)
        throw new Refusal(
          'conflict',
          "This rotation's new shares were made before it stopped; go on to the devices.",
        );
      await makeNewShares(this.context, state, primaryDeviceId);
      return this.core.snapshot();
    });
  }

  /** Resuming: the new set rebuilt the new key, so the devices step carries on where it stopped. */
  resumeDevices(): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['authorize'], 'go on to the devices');
      const stage = state.stage;
      const rotation = state.source!.resuming;
      if (!rotation || stage.step !== 'authorize' || !stage.rebuilt?.newKey)
        throw new Refusal(
          'conflict',
          rotation
            ? 'The new set has not rebuilt the new wrap key yet: enough custodians must enter their new shares first.'
            : 'There is no stopped rotation to resume; make the new shares instead.',
        );
      const secret = { ...stage.rebuilt.newKey, key: stage.rebuilt.newKey.key.slice() };
      this.core.advance(state);
      state.stage = {
        step: 'devices',
        secret,
        devices: progressOf(rotation.devices),
        canRetry: false,
        said: [],
      };
      await state.source!.folder.log('rotation-resumed', {
        stillHoldOldKey: stillHoldingOldKey(state.stage.devices).map((d) => d.serial),
      });
      return this.core.snapshot();
    });
  }

  revealShare(): Promise<RotationSnapshot> {
    return this.newShares('show the share', async (state, turns) => {
      turns.reveal();
      await state.source!.folder.log('share-shown', { ...who(turns), set: 'new' });
    });
  }

  hideShare(reason: HideReason): Promise<RotationSnapshot> {
    return this.newShares('hide the share', async (state, turns) => {
      if (turns.hide(reason))
        await state.source!.folder.log('share-hidden', { ...who(turns), reason, set: 'new' });
    });
  }

  stillHere(): Promise<RotationSnapshot> {
    return this.newShares('keep the share shown', async (_state, turns) => {
      turns.stillHere();
    });
  }

  shareRecorded(): Promise<RotationSnapshot> {
    return this.newShares('say the share is recorded', async (state, turns) => {
      const phase = turns.recorded();
      await state.source!.folder.log('share-recorded', { ...who(turns), set: 'new' });
      if (phase === 'cleared')
        await state.source!.folder.log('share-confirmed', { ...who(turns), check: 'none' });
    });
  }

  confirmShare(entries: readonly string[]): Promise<RotationSnapshot> {
    return this.newShares('confirm the share', async (state, turns) => {
      const problem = turns.confirm(entries);
      if (problem) state.problem = problem;
      await state.source!.folder.log(problem ? 'share-check-failed' : 'share-confirmed', {
        ...who(turns),
        set: 'new',
      });
    });
  }

  /** Each device in turn through the gate; run again after a pulled device is back. */
  runDevice(deviceId: string): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['devices'], 'rotate a device');
      await runDevice(this.context, state, deviceId);
      return this.core.snapshot();
    });
  }

  cancel(): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.active('cancel');
      if (state.busy)
        throw new Refusal(
          'conflict',
          'Custos is writing to a device; wait until the current step ends, then cancel.',
        );
      await this.stop(state, 'The rotation was cancelled.');
      return this.core.snapshot();
    });
  }

  close(): Promise<null> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        throw new Refusal(
          'conflict',
          'This rotation is still under way; cancel it before closing it.',
        );
      return this.core.end();
    });
  }

  shutdown(): Promise<void> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        await this.stop(state, 'Custos was closed during the rotation.');
      this.core.wipeCurrent();
    });
  }

  /**
   * Stops the rotation. At the devices step the record's entry stays in progress (the devices
   * still on the old key are named) so the new shares resume it; before, nothing changed.
   */
  private async stop(state: RotationState, reason: string): Promise<void> {
    const stage = state.stage;
    const atDevices = stage.step === 'devices';
    const touched = atDevices && stage.devices.some((d) => d.stage !== 'old-key');
    const sentence = atDevices
      ? `${reason} The devices still holding the old wrap key are named in the record; the custodians' new shares resume the rotation.`
      : `${reason} No device was changed.`;
    state.stopped = { status: 'abandoned', reason: sentence, deviceTouched: touched };
    const folder = state.source?.folder;
    if (folder && stage.step !== 'source') {
      await this.core.recordAirGap(state, folder);
      await logRotationStopped(
        folder,
        reason,
        atDevices ? stillHoldingOldKey(stage.devices) : undefined,
      ).catch((error: unknown) => {
        this.core.log.error('the stopped rotation could not be logged', { error });
        state.problem = {
          message: `The rotation was stopped, but the transcript in ${folder.path} could not be written.`,
        };
      });
    }
    wipeRotation(state);
  }

  private newShares(
    what: string,
    work: (state: RotationState, turns: ShareTurns) => Promise<void>,
  ): Promise<RotationSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['new-shares'], what);
      if (state.stage.step !== 'new-shares') throw new Error('not at the new shares');
      await work(state, state.stage.turns);
      return this.core.snapshot();
    });
  }

  private authorizing(phase: 'handover' | 'in-hand' | 'cleared', what: string) {
    const state = this.core.at(['authorize'], what);
    const stage = state.stage;
    if (stage.step !== 'authorize') throw new Error('not at the current shares');
    if (stage.rebuilt)
      throw new Refusal('conflict', `You cannot ${what} now: the set has rebuilt the wrap key.`);
    if (stage.turn.phase !== phase)
      throw new Refusal(
        'conflict',
        `You cannot ${what} now: the custodian's turn is at ${stage.turn.phase === 'in-hand' ? 'entry' : stage.turn.phase}.`,
      );
    return { state, stage };
  }

  /** A move of the custodian-turn table; who is at the keyboard goes with the turn. */
  private moveTurn(state: RotationState, event: TurnEvent, atKeyboard?: AtKeyboard): void {
    const stage = state.stage;
    if (stage.step !== 'authorize') throw new Error('not at the current shares');
    const from = stage.turn;
    const move = moveTurn(from, event);
    if (!move.moved) throw new Error(`A rotation turn cannot ${event.type} from ${move.from}.`);
    const to = move.state;
    if (to.phase === 'in-hand' && atKeyboard) stage.turn = { phase: 'in-hand', atKeyboard };
    else if (to.phase === 'cleared' && from.phase === 'in-hand')
      stage.turn = { phase: 'cleared', atKeyboard: from.atKeyboard };
    else if (to.phase === 'handover') stage.turn = to;
    else throw new Error(`A rotation turn has no ${to.phase} phase reached by ${event.type}.`);
  }
}
