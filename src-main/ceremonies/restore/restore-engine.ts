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
import { startWizard } from '../../../shared/ceremony/wizard';
import { Refusal } from '../../refusal/refusal';
import type { Logger } from '../../log/logger';
import { capabilityNames } from '../../hsm/yubihsm/protocol/capabilities';
import { domainsList } from '../../hsm/yubihsm/protocol/domains';
import { zeroize } from '../../secrets';
import { deviceRecord, withDevice, type DeviceAccess } from '../common/device-access';
import { deviceFailureSentence, isConnectionLoss } from '../common/device-failures';
import { forgetCredential, holdCredential } from '../common/derived-credential';
import { handoffView, writeHandoff } from '../handoff/write-handoff';
import type { AirGapSurvey } from '../common/air-gap';
import { EngineCore, type SnapshotListener } from '../common/engine-core';
import { ShareCollector, nameShare } from '../common/share-collection';
import { restoreDevice, type RestoreDeviceResult, type RestoreProgress } from './restore-device';
import { factoryKeyDeleteMayHaveHappened } from './lost-factory-key-answer';
import { opensBackups, secondaryExpectation, shareExpectations } from './restore-expectations';
import {
  logRestoreInterrupted,
  logRestoreStarted,
  recordRestore,
  usedShares,
} from './restore-record';
import { loadSource } from './restore-source';
import {
  buildRestoreSnapshot,
  FIRST_ENTRY_TURN,
  restorePhase,
  type AtKeyboard,
  type RestorePhase,
  type RestoreState,
} from './restore-state';
import { moveTurn, type TurnEvent } from '../../../shared/ceremony/custodian-turn';
import { checkSecondary } from './secondary-check';
import { ceremonyFolderReason } from '../../records/file-failure';

export interface RestoreEngineOptions {
  devices: DeviceAccess;
  logger: Logger;
  clock?: () => Date;
  /** For the hand-off sheet's footer. */
  toolVersion?: string;
  /** The air-gap survey (tests give a fixed one; default: this machine's, common/air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

export class RestoreEngine {
  private readonly core: EngineCore<
    RestoreState['wizard']['current'],
    RestoreState,
    RestoreSnapshot
  >;
  private readonly clock: () => Date;

  constructor(private readonly options: RestoreEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.core = new EngineCore(
      RESTORE_STEPS,
      'restore',
      buildRestoreSnapshot,
      options.logger.child({ module: 'restore' }),
      (state) => this.wipe(state),
      {
        leaving: (state, step) => this.leaving(state, step),
        ...(options.airGap ? { airGap: options.airGap } : {}),
      },
    );
  }

  /**
   * What a step holds goes when the restore leaves it: the shares entered (the collector) with
   * the shares step, the rebuilt wrap key and the password keys with the device steps.
   */
  private leaving(state: RestoreState, step: RestoreStepId): void {
    if (step === 'shares') {
      state.collector?.forget();
      delete state.collector;
    }
    if (step === 'device-steps') this.wipe(state);
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
        turn: 1,
        custodianTurn: FIRST_ENTRY_TURN,
        setProblems: [],
        canRetry: false,
        attempts: 0,
      });
      this.core.log.info('restore started', { ceremonyId: started.ceremonyId });
      return started;
    });
  }

  chooseFolder(folder: string): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['source'], 'choose the ceremony folder');
      state.source = await loadSource(folder);
      delete state.check;
      this.core.advance(state);
      this.core.log.info('restore source chosen', {
        mode: state.source.mode,
        files: state.source.files.length,
      });
      return this.core.snapshot();
    });
  }

  chooseSecondary(deviceId: string): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['secondary'], 'choose the secondary');
      delete state.secondary;
      state.check = { state: 'checking', deviceId };
      const check = await this.core
        .busy(state, 'Checking the secondary', () =>
          withDevice(this.options.devices, deviceId, (device) =>
            checkSecondary(device, secondaryExpectation(state.source!)),
          ),
        )
        .catch((error: unknown) => ({
          state: 'refused' as const,
          deviceId,
          reason: 'unreachable' as const,
          message: deviceFailureSentence(error, 'the secondary'),
        }));
      state.check = check;
      if (check.state === 'factory-fresh' || check.state === 'resume')
        state.secondary = { deviceId, serial: check.serial, simulated: check.simulated };
      return this.core.snapshot();
    });
  }

  back(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['secondary', 'shares'], 'go back');
      if (state.wizard.current === 'shares' && (state.collector?.accepted.length ?? 0) > 0) {
        throw new Refusal(
          'conflict',
          'Custodians have already entered shares in this restore; cancel it to start again instead.',
        );
      }
      this.core.back(state);
      return this.core.snapshot();
    });
  }

  toShares(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['secondary'], 'go on to the shares');
      if (!state.secondary)
        throw new Refusal(
          'conflict',
          'Choose a secondary that passes the check first: factory-fresh, and not the primary.',
        );
      state.collector = new ShareCollector(shareExpectations(state.source!));
      state.turn = 1;
      state.custodianTurn = FIRST_ENTRY_TURN;
      this.core.advance(state);
      return this.core.snapshot();
    });
  }

  /** The next custodian steps up; in record mode they say which custodian they are. */
  beginTurn(custodian?: number): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.atPhase('handover', "begin a custodian's turn");
      const record = state.source?.record;
      if (record) {
        const waiting = state.collector!.waiting();
        if (custodian === undefined || !waiting.includes(custodian)) {
          throw new Refusal(
            'invalid-input',
            `Say which custodian is at the keyboard: one of ${waiting.map((n) => nameShare(n, record.custodians.find((c) => c.index === n)?.name)).join(', ')}.`,
          );
        }
        this.moveTurn(
          state,
          { type: 'take' },
          {
            index: custodian,
            name: record.custodians.find((c) => c.index === custodian)!.name,
          },
        );
      } else {
        this.moveTurn(state, { type: 'take' }, { name: `Custodian ${state.turn}` });
      }
      return this.core.snapshot();
    });
  }

  /** Checks the share typed, pasted or scanned; answers with share numbers and sentences only. */
  submitShare(entry: ShareEntry): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.atPhase('entry', 'enter a share');
      const collector = state.collector!;
      const turn = state.custodianTurn;
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
          turn: state.turn,
          custodian: custodian ?? null,
        });
        return this.core.snapshot();
      }
      this.moveTurn(state, { type: 'recorded', check: false });
      this.core.log.info('a share was accepted', {
        turn: state.turn,
        shareNumber: verdict.shareNumber,
      });
      return this.core.snapshot();
    });
  }

  /** The custodian left without entering a share (idle, window lost focus, Esc): back to handover. */
  abandonTurn(reason: 'idle' | 'blur' | 'escape' | 'user' = 'user'): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.atPhase('entry', 'leave the turn');
      this.core.log.info('a custodian left the share entry', { turn: state.turn, reason });
      this.moveTurn(state, { type: 'leave', reason });
      return this.core.snapshot();
    });
  }

  /** After the cleared screen: the next custodian, or — with enough shares — the recombination. */
  nextCustodian(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.atPhase('cleared', 'call the next custodian');
      const collector = state.collector!;
      this.moveTurn(state, { type: 'next' });
      state.turn += 1;
      if (!collector.enough) return this.core.snapshot();
      const result = await this.core.busy(state, 'Rebuilding the wrap key from the shares', () =>
        collector.recombine(
          state.source!.mode === 'interop' ? opensBackups(state.source!) : undefined,
        ),
      );
      if (!result.ok) {
        state.setProblems = result.problems;
        return this.core.snapshot();
      }
      collector.forget();
      state.setProblems = [];
      state.secret = result.secret;
      state.shareNumbers = result.used;
      const recorded = state.source!.record?.wrapKey?.kcv;
      state.recombined = {
        kcv: result.kcv,
        matchesRecord: recorded === undefined ? null : recorded === result.kcv,
        wrapKeyId: result.secret.wrapKeyId,
        domains: domainsList(result.secret.domains),
        capabilities: capabilityNames(result.secret.capabilities),
        delegatedCapabilities: capabilityNames(result.secret.delegatedCapabilities),
        confirmedBy: result.confirmedBy,
        warnings: result.warnings,
        used: usedShares(result.used, state.source!.record),
        ...(result.unrecorded ? { notRecorded: result.unrecorded } : {}),
      };
      this.core.log.info('wrap key rebuilt', { kcv: result.kcv, shareNumbers: result.used });
      return this.core.snapshot();
    });
  }

  /** Optional: the application key's password, proved on the secondary before the factory key is deleted. */
  setApplicationKey(password: string, authKeyId?: number): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares', 'device-steps'], "give the application key's password");
      forgetCredential(state.proof);
      state.proof = await holdCredential(password, authKeyId);
      return this.core.snapshot();
    });
  }

  /** Puts the wrap key, imports every file, deletes the factory key; run again to resume. */
  runDeviceSteps(): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares', 'device-steps'], 'write to the secondary');
      if (state.wizard.current === 'shares') {
        if (restorePhase(state) !== 'recombined' || !state.secret)
          throw new Refusal(
            'conflict',
            'The wrap key has not been rebuilt yet: enough custodians must enter their shares first.',
          );
        this.core.advance(state);
      } else if (!state.canRetry) {
        throw new Refusal('conflict', 'The device steps are not waiting to be run again.');
      } else if (state.passwordNeeded && !state.proof) {
        throw new Refusal(
          'conflict',
          "Give the application key's password again first: the last one did not prove the application key, and Custos deletes the factory key only once it has.",
        );
      }
      await this.runOnce(state);
      return this.core.snapshot();
    });
  }

  /** After a completed restore in record mode: the KSP / connector hand-off for this secondary. */
  writeKspHandoff(connectorUrl?: string): Promise<RestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.state;
      const folder = state?.source?.folder;
      if (!state?.finished || !folder || !state.result?.complete || !state.secondary)
        throw new Refusal(
          'conflict',
          'The hand-off is written for a secondary restored completely from a Custos ceremony folder.',
        );
      const result = await writeHandoff({
        folderPath: folder.path,
        folder,
        serial: state.secondary.serial,
        toolVersion: this.options.toolVersion ?? 'unknown',
        clock: this.clock,
        ...(connectorUrl ? { connectorUrl } : {}),
      });
      state.kspHandoff = handoffView(result);
      state.transcriptHead = folder.transcript.head;
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

  private atPhase(phase: RestorePhase, what: string): RestoreState {
    const state = this.core.at(['shares'], what);
    const now = restorePhase(state);
    if (now !== phase)
      throw new Refusal('conflict', `You cannot ${what} now: the shares step is at ${now}.`);
    return state;
  }

  /**
   * A move of the custodian-turn table (atPhase has already checked it is in order): the turn's
   * new phase carries only its own fields, so who was at the keyboard and the last refusal go
   * when the turn moves past them. `atKeyboard`: who takes the turn, on `take`.
   */
  private moveTurn(state: RestoreState, event: TurnEvent, atKeyboard?: AtKeyboard): void {
    const from = state.custodianTurn;
    const move = moveTurn(from, event);
    if (!move.moved) throw new Error(`A restore turn cannot ${event.type} from ${move.from}.`);
    const to = move.state;
    if (to.phase === 'in-hand' && atKeyboard)
      state.custodianTurn = { phase: 'in-hand', atKeyboard };
    else if (to.phase === 'cleared' && from.phase === 'in-hand')
      state.custodianTurn = { phase: 'cleared', atKeyboard: from.atKeyboard };
    else if (to.phase === 'handover') state.custodianTurn = to;
    else throw new Error(`A restore turn has no ${to.phase} phase reached by ${event.type}.`);
  }

  private async runOnce(state: RestoreState): Promise<void> {
    const source = state.source!;
    const secret = state.secret!;
    const secondary = state.secondary!;
    const earlier = state.progress;
    state.attempts += 1;
    state.canRetry = false;
    state.startedAt ??= this.clock();
    const start = {
      shareNumbers: state.shareNumbers ?? [],
      shares: state.recombined!.used,
      kcv: state.recombined!.kcv,
      wrapKeyId: secret.wrapKeyId,
      ...(state.recombined!.notRecorded ? { notRecorded: state.recombined!.notRecorded } : {}),
    };
    try {
      const result = await this.core.busy(state, 'Writing to the secondary', () =>
        withDevice(this.options.devices, secondary.deviceId, async (device) => {
          if (device.serial !== secondary.serial) {
            throw new Refusal(
              'conflict',
              `The device connected now is serial ${device.serial}, not the secondary (serial ${secondary.serial}) checked earlier; connect that one.`,
            );
          }
          state.device = deviceRecord(device);
          if (source.folder)
            await logRestoreStarted(
              source.folder,
              { ...start, device: state.device },
              state.attempts,
            );
          const run = await restoreDevice({
            device,
            secret,
            source,
            ...(state.proof
              ? {
                  proof: {
                    ...(state.proof.authKeyId === undefined ? {} : { id: state.proof.authKeyId }),
                    credential: { keys: state.proof.keys },
                  },
                }
              : {}),
            ...(earlier ? { earlier } : {}),
            onProgress: (progress) => {
              state.progress = progress;
              this.core.emit();
            },
          });
          if (!run.retryWithPassword) await this.core.recordAirGap(state, source.folder);
          if (source.folder) {
            // Waiting for the password is a pause, like an unplug: the record entry is written when the restore ends.
            if (run.retryWithPassword)
              await logRestoreInterrupted(source.folder, run.factoryKey.reason, run.files);
            else
              await recordRestore(
                source.folder,
                { ...start, device: state.device },
                state.startedAt!,
                this.clock(),
                run,
                state.attempts,
              );
          }
          return run;
        }),
      );
      if (result.retryWithPassword) this.awaitPassword(state, result);
      else this.finish(state, result);
    } catch (error) {
      if (this.deleteAnswerLost(state, earlier, error)) {
        if (source.folder)
          await logRestoreInterrupted(
            source.folder,
            state.problem!.message,
            state.progress?.files ?? [],
          ).catch(() => undefined);
        return;
      }
      const sentence = deviceFailureSentence(error, 'the secondary');
      state.problem = { message: sentence };
      state.canRetry =
        isConnectionLoss(error) || !(error instanceof Refusal) || error.code === 'device-missing';
      this.core.log.warn('restore device steps stopped', { attempt: state.attempts, error });
      if (source.folder)
        await logRestoreInterrupted(source.folder, sentence, state.progress?.files ?? []).catch(
          () => undefined,
        );
    } finally {
      // The home screen's card for the secondary says what is on it now.
      await this.options.devices.refresh?.(secondary.deviceId).catch(() => undefined);
    }
  }

  /**
   * The attempt before was cut short while deleting the factory key, and now the factory key no
   * longer opens (lost-factory-key-answer.ts): only the application key's password can show the
   * restore finished. The screen keeps where that attempt got to and asks for the password.
   */
  private deleteAnswerLost(
    state: RestoreState,
    earlier: RestoreProgress | undefined,
    error: unknown,
  ): boolean {
    if (!(error instanceof Refusal) || error.code !== 'wrong-password') return false;
    if (!factoryKeyDeleteMayHaveHappened(earlier)) return false;
    state.progress = earlier;
    state.canRetry = true;
    state.passwordNeeded = true;
    forgetCredential(state.proof);
    delete state.proof;
    state.problem = {
      message:
        "The factory key no longer opens a session on the secondary: the last attempt was cut short while deleting it, so it may be gone and the restore complete. Give the application key's password and run the device steps again; Custos checks the secondary with it.",
    };
    this.core.log.warn('restore: the factory key delete may have happened', {
      attempt: state.attempts,
    });
    return true;
  }

  /**
   * The factory key was kept only because the application key's password (or id) did not prove
   * it: the restore stays at the device steps with the rebuilt key, the refused password is
   * forgotten so the screen asks for it again, and the steps can be run again (what is on the
   * secondary already is skipped) without calling the custodians back.
   */
  private awaitPassword(state: RestoreState, result: RestoreDeviceResult): void {
    state.progress = result;
    state.canRetry = true;
    state.passwordNeeded = true;
    forgetCredential(state.proof);
    delete state.proof;
    this.core.log.info('restore waits for the application key password', {
      attempt: state.attempts,
      applicationKeyId: result.applicationKeyId ?? null,
    });
  }

  private finish(state: RestoreState, result: RestoreDeviceResult): void {
    state.result = result;
    state.progress = result;
    state.finished = true;
    this.core.advance(state);
    if (state.source?.folder) state.transcriptHead = state.source.folder.transcript.head;
    this.core.log.info('restore finished', {
      complete: result.complete,
      factoryKey: result.factoryKey.decision,
    });
  }

  private async stop(state: RestoreState, reason: string): Promise<void> {
    const deviceTouched = state.attempts > 0;
    state.stopped = { status: deviceTouched ? 'failed' : 'abandoned', reason, deviceTouched };
    const folder = state.source?.folder;
    try {
      if (folder && deviceTouched && state.progress && state.device && state.recombined) {
        const partial = {
          ...state.progress,
          resumed: state.attempts > 1,
          applicationKeyProven: false,
          complete: false,
          retryWithPassword: false,
        };
        try {
          await this.core.recordAirGap(state, folder);
          await folder.log('restore-cancelled', { reason });
          await recordRestore(
            folder,
            {
              device: state.device,
              shareNumbers: state.shareNumbers ?? [],
              shares: state.recombined.used,
              kcv: state.recombined.kcv,
              wrapKeyId: state.recombined.wrapKeyId,
              ...(state.recombined.notRecorded
                ? { notRecorded: state.recombined.notRecorded }
                : {}),
            },
            state.startedAt ?? this.clock(),
            this.clock(),
            partial,
            state.attempts,
          );
        } catch (error) {
          // The folder may be gone or read-only (media pulled): the cancel still stands, and says so.
          this.core.log.error('the cancelled restore could not be recorded', { error });
          state.problem = {
            message: `The restore was stopped, but it could not be written to the ceremony folder (${ceremonyFolderReason(error, folder.path)}): the record does not show this attempt.`,
          };
        }
      }
    } finally {
      // Whatever the folder does, the rebuilt wrap key and the password keys leave memory now.
      this.wipe(state);
      this.core.emit();
    }
  }

  private wipe(state: RestoreState): void {
    zeroize(state.secret?.key);
    delete state.secret;
    forgetCredential(state.proof);
    delete state.proof;
    state.collector?.forget();
  }
}
