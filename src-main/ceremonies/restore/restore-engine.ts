// The restore's engine: one state machine in main that the screens drive through the restore/*
// channels. Each intent checks the step (shared/ceremony/restore-snapshot.ts's table), does its
// work with the same pieces the CLI uses (source, secondary check, share collector, device
// steps, record) and answers with the new snapshot; device progress goes to snapshot listeners.
// Custodians take turns like at the ceremony: handover (who steps up), entry (they type, paste
// or scan; main checks the share and never echoes it), cleared (a blank screen), next.

import { randomUUID } from 'node:crypto';
import {
  RESTORE_STEPS,
  type RestoreSnapshot,
  type RestoreStepId,
  type ShareEntry,
} from '../../../shared/ceremony/restore-snapshot';
import { again, startWizard } from '../../../shared/ceremony/wizard';
import { Refusal } from '../../refusal/refusal';
import type { Logger } from '../../log/logger';
import { capabilityNames } from '../../hsm/yubihsm/protocol/capabilities';
import { domainsList } from '../../hsm/yubihsm/protocol/domains';
import { withDevice, type DeviceAccess } from '../common/device-access';
import { deviceFailureSentence } from '../common/device-failures';
import { holdCredential } from '../common/derived-credential';
import { handoffView, writeHandoff } from '../handoff/write-handoff';
import type { AirGapSurvey } from '../common/air-gap';
import { EngineCore, type SnapshotListener } from '../common/engine-core';
import { ShareCollector, nameShare } from '../common/share-collection';
import type { RestoreDeviceResult } from './restore-device';
import { opensBackups, secondaryExpectation, shareExpectations } from './restore-expectations';
import { usedShares } from './restore-record';
import { loadSource } from './restore-source';
import {
  buildRestoreSnapshot,
  finishedSummary,
  restorePhase,
  type RestorePhase,
  type RestoreState,
} from './restore-state';
import {
  enterStage,
  FIRST_ENTRY_TURN,
  keyOf,
  replaceProof,
  wipeStage,
  type AtKeyboard,
  type Collecting,
  type RebuiltKey,
  type RestoreStage,
  type StageAt,
} from './restore-stage';
import { moveTurn, type TurnEvent } from '../../../shared/ceremony/custodian-turn';
import { checkSecondary } from './secondary-check';
import { recordStopped, runSecondarySteps } from './restore-run';

export interface RestoreEngineOptions {
  devices: DeviceAccess;
  logger: Logger;
  clock?: () => Date;
  /** For the hand-off sheet's footer. */
  toolVersion?: string;
  /** The air-gap survey (tests give a fixed one; default: this machine's, common/air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

/** The most secondaries one sitting restores. */
export const MAX_SECONDARIES = 8;

export class RestoreEngine {
  private readonly core: EngineCore<RestoreStepId, RestoreState, RestoreSnapshot>;
  private readonly clock: () => Date;

  constructor(private readonly options: RestoreEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.core = new EngineCore(
      RESTORE_STEPS,
      'restore',
      buildRestoreSnapshot,
      options.logger.child({ module: 'restore' }),
      (state) => wipeStage(state.at),
      options.airGap ? { airGap: options.airGap } : {},
    );
  }

  onSnapshot(listener: SnapshotListener<RestoreSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): RestoreSnapshot | null {
    return this.core.current();
  }

  start(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const started = this.core.begin({
        id: randomUUID(),
        wizard: startWizard(RESTORE_STEPS),
        at: { step: 'source', source: null },
      });
      this.core.log.info('restore started', { ceremonyId: started.ceremonyId });
      return started;
    });
  }

  chooseFolder(folder: string): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { state } = this.at(['source'], 'choose the ceremony folder');
      const source = await loadSource(folder);
      this.go(state, 'next', {
        step: 'secondary',
        sitting: { source, planned: 1, restored: [] },
        check: null,
        key: null,
      });
      this.core.log.info('restore source chosen', {
        mode: source.mode,
        files: source.files.length,
      });
      return this.core.snapshot();
    });
  }

  chooseSecondary(deviceId: string): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { state, stage } = this.at(['secondary'], 'choose the secondary');
      state.at = { ...stage, check: { state: 'checking', deviceId } };
      const check = await this.core
        .busy(state, 'Checking the secondary', () =>
          withDevice(this.options.devices, deviceId, (device) =>
            checkSecondary(device, secondaryExpectation(stage.sitting.source)),
          ),
        )
        .catch((error: unknown) => ({
          state: 'refused' as const,
          deviceId,
          reason: 'unreachable' as const,
          message: deviceFailureSentence(error, 'the secondary'),
        }));
      state.at = { ...stage, check };
      return this.core.snapshot();
    });
  }

  /**
   * How many secondaries this sitting restores (issue 12 item 4): the custodians enter their
   * shares once, and the rebuilt key is kept until the last of them is restored. Said before
   * the shares, while the first secondary is chosen.
   */
  planSecondaries(count: number): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { state, stage } = this.at(['secondary'], 'say how many secondaries to restore');
      if (stage.sitting.restored.length > 0)
        throw new Refusal(
          'conflict',
          'The number of secondaries is said before the custodians enter their shares; this sitting has begun.',
        );
      if (!Number.isInteger(count) || count < 1 || count > MAX_SECONDARIES)
        throw new Refusal(
          'invalid-input',
          `Say how many secondaries to restore in this sitting: a whole number from 1 to ${MAX_SECONDARIES}.`,
        );
      state.at = { ...stage, sitting: { ...stage.sitting, planned: count } };
      return this.core.snapshot();
    });
  }

  /** After a secondary of the sitting is restored: the next one, with the key already rebuilt. */
  nextSecondary(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { state, stage } = this.at(['finished'], 'go on to the next secondary');
      if (!stage.key)
        throw new Refusal('conflict', 'Every secondary of this sitting has been restored.');
      const round = again(RESTORE_STEPS, state.wizard, 'secondary');
      if (!round.moved) throw new Error(`A restore cannot start another round (${round.reason}).`);
      state.wizard = round.state;
      state.at = enterStage(stage, {
        step: 'secondary',
        sitting: stage.sitting,
        check: null,
        key: stage.key,
      });
      this.core.log.info('next secondary of the sitting', {
        number: stage.sitting.restored.length + 1,
        planned: stage.sitting.planned,
      });
      return this.core.snapshot();
    });
  }

  back(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { state, stage } = this.at(['secondary', 'shares'], 'go back');
      if (stage.step === 'secondary') {
        if (stage.key)
          throw new Refusal(
            'conflict',
            'The ceremony folder stays the same for every secondary of this sitting; cancel to restore from another.',
          );
        this.go(state, 'back', { step: 'source', source: stage.sitting.source });
      } else {
        const shares = stage.shares;
        const carried = shares.phase === 'recombined' && stage.sitting.restored.length > 0;
        if (carried) {
          this.go(state, 'back', {
            step: 'secondary',
            sitting: stage.sitting,
            check: stage.check,
            key: shares.key,
          });
          return this.core.snapshot();
        }
        if (shares.phase === 'recombined' || shares.collector.accepted.length > 0)
          throw new Refusal(
            'conflict',
            'Custodians have already entered shares in this restore; cancel it to start again instead.',
          );
        this.go(state, 'back', {
          step: 'secondary',
          sitting: stage.sitting,
          check: stage.check,
          key: null,
        });
      }
      return this.core.snapshot();
    });
  }

  toShares(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { state, stage } = this.at(['secondary'], 'go on to the shares');
      const check = stage.check;
      if (check?.state !== 'factory-fresh' && check?.state !== 'resume')
        throw new Refusal(
          'conflict',
          'Choose a secondary that passes the check first: factory-fresh, and not the primary.',
        );
      const secondary = {
        deviceId: check.deviceId,
        serial: check.serial,
        simulated: check.simulated,
      };
      if (stage.key) {
        // A later secondary of the sitting: the custodians are not called back.
        this.go(state, 'next', {
          step: 'shares',
          sitting: stage.sitting,
          secondary,
          check,
          shares: { phase: 'recombined', turn: stage.key.accepted.length + 1, key: stage.key },
        });
        return this.core.snapshot();
      }
      this.go(state, 'next', {
        step: 'shares',
        sitting: stage.sitting,
        secondary,
        check,
        shares: {
          phase: 'collecting',
          collector: new ShareCollector(shareExpectations(stage.sitting.source)),
          turn: 1,
          custodianTurn: FIRST_ENTRY_TURN,
          setProblems: [],
        },
      });
      return this.core.snapshot();
    });
  }

  /** The next custodian steps up; in record mode they say which custodian they are. */
  beginTurn(custodian?: number): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { stage, shares } = this.atPhase('handover', "begin a custodian's turn");
      const record = stage.sitting.source.record;
      if (record) {
        const waiting = shares.collector.waiting();
        if (custodian === undefined || !waiting.includes(custodian)) {
          throw new Refusal(
            'invalid-input',
            `Say which custodian is at the keyboard: one of ${waiting.map((n) => nameShare(n, record.custodians.find((c) => c.index === n)?.name)).join(', ')}.`,
          );
        }
        this.moveTurn(
          shares,
          { type: 'take' },
          {
            index: custodian,
            name: record.custodians.find((c) => c.index === custodian)!.name,
          },
        );
      } else {
        this.moveTurn(shares, { type: 'take' }, { name: `Custodian ${shares.turn}` });
      }
      return this.core.snapshot();
    });
  }

  /** Checks the share typed, pasted or scanned; answers with share numbers and sentences only. */
  submitShare(entry: ShareEntry): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { shares } = this.atPhase('entry', 'enter a share');
      const { collector, custodianTurn: turn } = shares;
      const custodian = turn.phase === 'in-hand' ? turn.atKeyboard.index : undefined;
      const verdict =
        'lines' in entry
          ? collector.offerLines(entry.lines, custodian)
          : collector.offer(entry.text, custodian);
      if (!verdict.ok) {
        if (turn.phase === 'in-hand')
          turn.refusal = {
            message: verdict.message,
            ...(verdict.line === undefined ? {} : { line: verdict.line }),
            ...(verdict.position === undefined ? {} : { position: verdict.position }),
          };
        this.core.log.info('a share was refused', {
          turn: shares.turn,
          custodian: custodian ?? null,
        });
        return this.core.snapshot();
      }
      this.moveTurn(shares, { type: 'recorded', check: false });
      this.core.log.info('a share was accepted', {
        turn: shares.turn,
        shareNumber: verdict.shareNumber,
      });
      return this.core.snapshot();
    });
  }

  /** The custodian left without entering a share (idle, window lost focus, Esc): back to handover. */
  abandonTurn(reason: 'idle' | 'blur' | 'escape' | 'user' = 'user'): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { shares } = this.atPhase('entry', 'leave the turn');
      this.core.log.info('a custodian left the share entry', { turn: shares.turn, reason });
      this.moveTurn(shares, { type: 'leave', reason });
      return this.core.snapshot();
    });
  }

  /** After the cleared screen: the next custodian, or — with enough shares — the recombination. */
  nextCustodian(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { state, stage, shares } = this.atPhase('cleared', 'call the next custodian');
      const { collector } = shares;
      const source = stage.sitting.source;
      this.moveTurn(shares, { type: 'next' });
      shares.turn += 1;
      if (!collector.enough) return this.core.snapshot();
      const result = await this.core.busy(state, 'Rebuilding the wrap key from the shares', () =>
        collector.recombine(source.mode === 'interop' ? opensBackups(source) : undefined),
      );
      if (!result.ok) {
        shares.setProblems = result.problems;
        return this.core.snapshot();
      }
      const recorded = source.record?.wrapKey?.kcv;
      const key: RebuiltKey = {
        secret: result.secret,
        shareNumbers: result.used,
        accepted: collector.accepted,
        threshold: collector.threshold!,
        format: collector.format,
        proof: null,
        recombined: {
          kcv: result.kcv,
          matchesRecord: recorded === undefined ? null : recorded === result.kcv,
          wrapKeyId: result.secret.wrapKeyId,
          domains: domainsList(result.secret.domains),
          capabilities: capabilityNames(result.secret.capabilities),
          delegatedCapabilities: capabilityNames(result.secret.delegatedCapabilities),
          confirmedBy: result.confirmedBy,
          warnings: result.warnings,
          used: usedShares(result.used, source.record),
          ...(result.unrecorded ? { notRecorded: result.unrecorded } : {}),
        },
      };
      // The shares typed go with the collecting phase: only the rebuilt key is carried on.
      state.at = enterStage(stage, {
        ...stage,
        shares: { phase: 'recombined', turn: shares.turn, key },
      });
      this.core.log.info('wrap key rebuilt', { kcv: result.kcv, shareNumbers: result.used });
      return this.core.snapshot();
    });
  }

  /** Optional: the application key's password, proved on the secondary before the factory key is deleted. */
  setApplicationKey(password: string, authKeyId?: number): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { stage } = this.at(['shares', 'device-steps'], "give the application key's password");
      const key = keyOf(stage);
      if (!key)
        throw new Refusal(
          'conflict',
          "The application key's password is asked for once the wrap key is rebuilt from the shares.",
        );
      replaceProof(key, await holdCredential(password, authKeyId));
      return this.core.snapshot();
    });
  }

  /** Puts the wrap key, imports every file, deletes the factory key; run again to resume. */
  runDeviceSteps(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const { state, stage } = this.at(['shares', 'device-steps'], 'write to the secondary');
      if (stage.step === 'shares') {
        if (stage.shares.phase !== 'recombined')
          throw new Refusal(
            'conflict',
            'The wrap key has not been rebuilt yet: enough custodians must enter their shares first.',
          );
        this.go(state, 'next', {
          step: 'device-steps',
          sitting: stage.sitting,
          secondary: stage.secondary,
          key: stage.shares.key,
          run: {
            attempts: 0,
            canRetry: false,
            passwordNeeded: false,
            startedAt: this.clock(),
            progress: null,
            device: null,
          },
        });
      } else if (!stage.run.canRetry) {
        throw new Refusal('conflict', 'The device steps are not waiting to be run again.');
      } else if (stage.run.passwordNeeded && !stage.key.proof) {
        throw new Refusal(
          'conflict',
          "Give the application key's password again first: the last one did not prove the application key, and Custos deletes the factory key only once it has.",
        );
      }
      await this.runOnce(state, state.at as StageAt<'device-steps'>);
      return this.core.snapshot();
    });
  }

  /** After a completed restore in record mode: the KSP / connector hand-off for this secondary. */
  writeKspHandoff(connectorUrl?: string): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const stage = this.core.state?.at;
      const folder = stage?.step === 'finished' ? stage.sitting.source.folder : undefined;
      if (stage?.step !== 'finished' || !folder || !stage.result.complete)
        throw new Refusal(
          'conflict',
          'The hand-off is written for a secondary restored completely from a Custos ceremony folder.',
        );
      const result = await writeHandoff({
        folderPath: folder.path,
        folder,
        serial: stage.secondary.serial,
        toolVersion: this.options.toolVersion ?? 'unknown',
        clock: this.clock,
        ...(connectorUrl ? { connectorUrl } : {}),
      });
      stage.kspHandoff = handoffView(result);
      stage.transcriptHead = folder.transcript.head;
      this.core.log.info('KSP hand-off written', { serial: result.serial });
      return this.core.snapshot();
    });
  }

  cancel(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.active('cancel');
      if (state.busy)
        throw new Refusal(
          'conflict',
          'Custos is writing to the secondary; wait until the current step ends, then cancel.',
        );
      await this.stop(state, 'The backup officer cancelled the restore.');
      return this.core.snapshot();
    });
  }

  close(): Promise<null> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        throw new Refusal(
          'conflict',
          'This restore is still under way; cancel it before closing it.',
        );
      return this.core.end();
    });
  }

  /** Custos is closing: a restore still under way is stopped (and recorded, if it touched the device). */
  shutdown(): Promise<void> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        await this.stop(state, 'Custos was closed during the restore.');
      this.core.wipeCurrent();
    });
  }

  /** The restore at one of `steps`, with the stage of the step it is at. */
  private at<Step extends RestoreStepId>(
    steps: readonly Step[],
    what: string,
  ): { state: RestoreState; stage: StageAt<Step> } {
    const state = this.core.at(steps, what);
    return { state, stage: state.at as StageAt<Step> };
  }

  private atPhase(
    phase: RestorePhase,
    what: string,
  ): { state: RestoreState; stage: StageAt<'shares'>; shares: Collecting } {
    const { state, stage } = this.at(['shares'], what);
    const now = restorePhase(stage);
    if (now !== phase || stage.shares.phase !== 'collecting')
      throw new Refusal('conflict', `You cannot ${what} now: the shares step is at ${now}.`);
    return { state, stage, shares: stage.shares };
  }

  /**
   * Moves the wizard and enters the step's stage together; whatever the step left holds that
   * the new stage does not carry on (the shares typed, the rebuilt key, the password's keys) is
   * wiped on the way (restore-stage.ts).
   */
  private go(state: RestoreState, move: 'next' | 'back', to: RestoreStage): void {
    if (move === 'next') this.core.advance(state);
    else this.core.back(state);
    if (state.wizard.current !== to.step)
      throw new Error(`The restore moved to ${state.wizard.current}, not to ${to.step}.`);
    state.at = enterStage(state.at, to);
  }

  /**
   * A move of the custodian-turn table (atPhase has already checked it is in order): the turn's
   * new phase carries only its own fields, so who was at the keyboard and the last refusal go
   * when the turn moves past them. `atKeyboard`: who takes the turn, on `take`.
   */
  private moveTurn(shares: Collecting, event: TurnEvent, atKeyboard?: AtKeyboard): void {
    const from = shares.custodianTurn;
    const move = moveTurn(from, event);
    if (!move.moved) throw new Error(`A restore turn cannot ${event.type} from ${move.from}.`);
    const to = move.state;
    if (to.phase === 'in-hand' && atKeyboard)
      shares.custodianTurn = { phase: 'in-hand', atKeyboard };
    else if (to.phase === 'cleared' && from.phase === 'in-hand')
      shares.custodianTurn = { phase: 'cleared', atKeyboard: from.atKeyboard };
    else if (to.phase === 'handover') shares.custodianTurn = to;
    else throw new Error(`A restore turn has no ${to.phase} phase reached by ${event.type}.`);
  }

  private async runOnce(state: RestoreState, stage: StageAt<'device-steps'>): Promise<void> {
    const result = await runSecondarySteps(
      { core: this.core, devices: this.options.devices, clock: this.clock },
      state,
      stage,
    );
    if (!result) return;
    if (result.retryWithPassword) return this.awaitPassword(stage, result);
    // The sitting's last secondary ends the ceremony: both air-gap surveys go in now.
    if (stage.sitting.restored.length + 1 >= stage.sitting.planned)
      await this.core.recordAirGap(state, stage.sitting.source.folder);
    this.finish(state, stage, result);
  }

  /**
   * The factory key was kept only because the application key's password (or id) did not prove
   * it: the restore stays at the device steps with the rebuilt key, the refused password is
   * forgotten so the screen asks for it again, and the steps can be run again (what is on the
   * secondary already is skipped) without calling the custodians back.
   */
  private awaitPassword(stage: StageAt<'device-steps'>, result: RestoreDeviceResult): void {
    const { run, key } = stage;
    run.progress = result;
    run.canRetry = true;
    run.passwordNeeded = true;
    replaceProof(key, null);
    this.core.log.info('restore waits for the application key password', {
      attempt: run.attempts,
      applicationKeyId: result.applicationKeyId ?? null,
    });
  }

  /**
   * The secondary's steps ended. The finished stage carries the key on only while another
   * secondary of the sitting is still to be restored; after the last, it carries none, so
   * entering it wipes the key and the password keys.
   */
  private finish(
    state: RestoreState,
    stage: StageAt<'device-steps'>,
    result: RestoreDeviceResult,
  ): void {
    const folder = stage.sitting.source.folder;
    const sitting = {
      ...stage.sitting,
      restored: [
        ...stage.sitting.restored,
        {
          serial: stage.secondary.serial,
          complete: result.complete,
          summary: finishedSummary(result),
        },
      ],
    };
    const more = sitting.restored.length < sitting.planned;
    if (!more) state.finished = true;
    this.go(state, 'next', {
      step: 'finished',
      sitting,
      secondary: stage.secondary,
      recombined: stage.key.recombined,
      result,
      attempts: stage.run.attempts,
      key: more ? stage.key : null,
      transcriptHead: folder ? folder.transcript.head : null,
      kspHandoff: null,
    });
    this.core.log.info('restore finished', {
      complete: result.complete,
      factoryKey: result.factoryKey.decision,
    });
  }

  private async stop(state: RestoreState, reason: string): Promise<void> {
    const stage = state.at;
    const run = stage.step === 'device-steps' ? stage : null;
    const deviceTouched = run !== null && run.run.attempts > 0;
    state.stopped = { status: deviceTouched ? 'failed' : 'abandoned', reason, deviceTouched };
    const folder = run?.sitting.source.folder;
    try {
      if (folder && run) {
        if (deviceTouched) await this.core.recordAirGap(state, folder);
        const problem = await recordStopped(folder, run, reason, this.clock, this.core.log);
        if (problem) state.problem = { message: problem };
      }
    } finally {
      // Whatever the folder does, the shares, the rebuilt wrap key and the password keys leave memory now.
      wipeStage(state.at);
      this.core.emit();
    }
  }
}
