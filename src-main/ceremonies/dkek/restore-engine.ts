// The DKEK clone's engine (issue 10 "Clone a second device (restore)") on the shared core: the
// ceremony folder with its back-up, the secondary (refused when it is the primary or holds keys of
// its own), the shares imported one share holder's turn at a time into a secondary initialised
// with the record's share count, the KCV compared with the record before any unwrap, then every
// wrapped file unwrapped and reported. The record's clone entry is written after every share and
// every file, so the restore resumes where a pulled card stopped it. PINs are held only while it
// runs. In `import` mode the same screens do the sequential import across sites: the ceremony's
// own device travels, the next holder imports their share, the KCV is compared at 0 outstanding.
//
// A holder's turn (holder-turn.ts, the custodian-turn table) is opened the way `dkek import`
// opens a share (openRecordedShare: typed password or password shares, the derivation in the
// worker with its progress in the snapshot); a wrong password or a holder who leaves imports
// nothing, and the turn can be taken again.

import { randomUUID } from 'node:crypto';
import type { LeaveReason } from '../../../shared/ceremony/custodian-turn';
import {
  DKEK_RESTORE_STEPS,
  type DkekRestoreSnapshot,
  type DkekRestoreStepId,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import { startWizard } from '../../../shared/ceremony/wizard';
import type { DkekShareFileRecord } from '../../../shared/records/dkek-ceremony-record';
import type { TypedPasswordShare } from '../../dkek/password-share-text';
import { readShareFile } from '../../dkek/share-files';
import type { Logger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import type { AirGapSurvey } from '../common/air-gap';
import { DEFAULT_SHARE_HIDE_SECONDS } from '../common/record-facts';
import { EngineCore, type SnapshotListener } from '../common/engine-core';
import { cardRecord } from './backup-engine';
import { recordedDomain } from './backup-record';
import { withCard, type CardAccess, type CardInHand } from './card-access';
import { cardRefusal, verifyUserPin } from './card-failures';
import { recordImport, saveClone } from './clone-entries';
import { cloneEntryOf } from './clone-secondary';
import { openBackedUpFolder, openDkekFolder } from './clone-folder';
import { HolderTurn } from './holder-turn';
import { readCloneSecondary, readTravellingDevice } from './restore-device';
import {
  buildSnapshot,
  numbersUpTo,
  restoreSummary,
  type Chosen,
  type RestoreMode,
  type RestoreState,
  type Stage,
} from './restore-state';
import { openRecordedShare, type ShareSecret } from './sequential-import';
import { recordedShareFile } from './share-source';
import { unwrapFiles } from './unwrap-files';

export { restoreSummary } from './restore-state';

export interface DkekRestoreEngineOptions {
  cards: CardAccess;
  logger: Logger;
  clock?: () => Date;
  /** sc-hsm-tool's 10^7 unless a test needs fewer (CUSTOS_TEST_DKEK_ITERATIONS, NODE_ENV=test). */
  iterations?: number;
  /** How long a holder's entry may sit untouched before the screen clears it. */
  idleSeconds?: number;
  /** The air-gap survey (tests give their own; default: this machine's, air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

/** What a holder gives at their turn: the typed password, or (rehearsals) the secret read back from files. */
export interface ShareGiven {
  password?: Uint8Array;
  /** `dkek restore --rehearsal-shares-dir` only: the password or password shares dkek init wrote. */
  rehearsal?: ShareSecret;
}

type SharesStage = Extract<Stage, { step: 'shares' }>;

export class DkekRestoreEngine {
  private readonly core: EngineCore<DkekRestoreStepId, RestoreState, DkekRestoreSnapshot>;
  private readonly clock: () => Date;
  private readonly idleSeconds: number;

  constructor(private readonly options: DkekRestoreEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.idleSeconds = options.idleSeconds ?? DEFAULT_SHARE_HIDE_SECONDS;
    this.core = new EngineCore(
      DKEK_RESTORE_STEPS,
      'restore',
      (state) => buildSnapshot(state, this.idleSeconds),
      options.logger.child({ module: 'dkek-restore' }),
      wipeState,
      options.airGap ? { airGap: options.airGap } : {},
    );
  }

  onSnapshot(listener: SnapshotListener<DkekRestoreSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): DkekRestoreSnapshot | null {
    return this.core.current();
  }

  /** `clone`: a secondary from the back-up; `import`: the next holder's share at another site. */
  start(mode: RestoreMode = 'clone'): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () =>
      this.core.begin({
        id: randomUUID(),
        mode,
        wizard: startWizard(DKEK_RESTORE_STEPS),
        stage: { step: 'folder' },
      }),
    );
  }

  chooseFolder(path: string): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['folder'], 'choose the ceremony folder');
      const folder =
        state.mode === 'clone' ? await openBackedUpFolder(path) : await openDkekFolder(path);
      if (folder.record.dkek.mode !== 'shares')
        throw new Refusal(
          'conflict',
          folder.record.dkek.mode === 'random'
            ? "This ceremony's device made its own random DKEK: only that device can unwrap its keys, so no second device can be cloned from these files."
            : `The ceremony "${folder.record.name}" made no DKEK shares (mode ${folder.record.dkek.mode}): there is nothing to import.`,
        );
      const domain = recordedDomain(folder.record, state.mode === 'clone' ? 'clone' : 'import');
      this.core.advance(state);
      state.stage = { step: 'device', folder, domain };
      return this.core.snapshot();
    });
  }

  /**
   * The card, its user PIN and (to initialise a clone's secondary) the SO-PIN; nothing is
   * changed yet. The first share holder's turn is ready at the handover.
   */
  chooseDevice(deviceId: string, pin: string, soPin?: string): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['device', 'shares'], `choose the ${this.who()}`);
      if (state.stage.step === 'shares' && state.stage.imported.length > 0)
        throw new Refusal('conflict', 'Shares are already in this card; carry on with them.');
      const stage = state.stage as Extract<Stage, { step: 'device' | 'shares' }>;
      const folder =
        state.mode === 'clone'
          ? await openBackedUpFolder(stage.folder.path)
          : await openDkekFolder(stage.folder.path);
      const who = this.who();
      const found = await this.core.busy(state, `Reading the ${who}`, () =>
        withCard(this.options.cards, deviceId, who, async (card) => ({
          plan:
            state.mode === 'clone'
              ? await readCloneSecondary(card, folder, who)
              : await readTravellingDevice(card, folder, stage.domain, who),
          device: cardRecord(card),
        })),
      );
      if (found.plan.next === 'initialise' && soPin === undefined)
        throw new Refusal(
          'invalid-input',
          `The secondary must be initialised (${found.plan.why}): give its SO-PIN, the 16 hexadecimal digits it was set up with.`,
        );
      state.pin = pin;
      if (soPin !== undefined) state.soPin = soPin;
      if (state.wizard.current === 'device') this.core.advance(state);
      const all = numbersUpTo(stage.domain.shareCount);
      const imported =
        found.plan.next === 'import'
          ? found.plan.imported
          : found.plan.next === 'unwrap'
            ? all
            : [];
      const shares: SharesStage = {
        step: 'shares',
        folder,
        domain: stage.domain,
        deviceId,
        device: found.device,
        plan: found.plan,
        imported,
      };
      const next = all.find((n) => !imported.includes(n));
      if (next !== undefined) shares.turn = new HolderTurn(shareRecord(shares, next));
      state.stage = shares;
      return this.core.snapshot();
    });
  }

  /**
   * At the handover of a sequential import: which share the holder at the screen brought (any
   * outstanding one). A share already on the device is named and refused before anything is
   * asked for, so it never reaches the card twice.
   */
  chooseShare(n: number): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      const { stage, turn } = this.turnAt('choose the share');
      if (turn.phase !== 'handover')
        throw new Refusal(
          'conflict',
          `Share ${turn.share.number}'s turn is under way; finish or leave it first.`,
        );
      const share = shareRecord(stage, n);
      if (stage.imported.includes(n)) {
        const when = stage.folder.record.imports.find(
          (entry) => entry.deviceSerial === stage.device.serial && entry.shareNumber === n,
        )?.at;
        const missing = numbersUpTo(stage.domain.shareCount).filter(
          (k) => !stage.imported.includes(k),
        );
        throw new Refusal(
          'conflict',
          `Share ${n} (${share.file.split(/[\\/]/).pop()}) is already on this device${when ? ` (imported ${when})` : ''}: importing it again would cancel it out and leave an all-zero DKEK. Bring one of the shares still missing: ${missing.join(', ')}. Nothing was imported.`,
        );
      }
      stage.turn = new HolderTurn(share);
      return this.core.snapshot();
    });
  }

  /** The holder (or the split's custodians) at the screen: the entry opens. */
  beginTurn(): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      this.turnAt('take the turn').turn.take();
      return this.core.snapshot();
    });
  }

  /** Esc, blur, idle or the holder's own button: what was entered is forgotten, nothing imported. */
  leaveTurn(reason: LeaveReason): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      this.turnAt('leave the turn').turn.leave(reason);
      return this.core.snapshot();
    });
  }

  /** One custodian's password share of the split, checked as given. */
  addPasswordShare(typed: TypedPasswordShare): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      this.turnAt('enter a password share').turn.addPasswordShare(typed);
      return this.core.snapshot();
    });
  }

  /**
   * The holder's share opened (in the worker, progress in the snapshot) with what they gave,
   * then imported: the secondary is initialised first if it must be; the import is recorded.
   * After the last share the KCV is compared with the record, and only a match moves on. With
   * every share already in (a resumed clone) this only compares the KCV. `given.password` is
   * wiped here.
   */
  importShare(given: ShareGiven = {}): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      try {
        const state = this.core.at(['shares'], 'import a share');
        const stage = state.stage as SharesStage;
        const turn = stage.turn;
        if (turn) await this.importTurn(state, stage, turn, given);
        else if (stage.imported.length === stage.domain.shareCount)
          await this.core.busy(state, 'Checking the DKEK', () =>
            withCard(this.options.cards, stage.deviceId, this.who(), async (card) => {
              this.checkSameCard(card, stage);
              await this.checkKcv(card, stage);
              await this.recordLandedShares(state, stage);
            }),
          );
        if (stage.imported.length === stage.domain.shareCount && !stage.turn)
          await this.sharesDone(state, stage);
        return this.core.snapshot();
      } finally {
        given.password?.fill(0);
        if (given.rehearsal?.kind === 'password') given.rehearsal.password.fill(0);
      }
    });
  }

  /** From the cleared screen to the next holder's handover (or, after the last, on). */
  nextTurn(): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      const { state, stage, turn } = this.turnAt('call the next share holder');
      if (turn.phase !== 'cleared')
        throw new Refusal('conflict', `Share ${turn.share.number}'s turn is not finished yet.`);
      const next = numbersUpTo(stage.domain.shareCount).find((n) => !stage.imported.includes(n));
      if (next === undefined) {
        delete stage.turn;
        await this.sharesDone(state, stage);
      } else stage.turn = new HolderTurn(shareRecord(stage, next));
      return this.core.snapshot();
    });
  }

  /** Where share n's file is, as the ceremony's record names it. */
  shareFile(n: number): string {
    const stage = this.core.state?.stage;
    if (!stage || stage.step === 'folder')
      throw new Refusal('conflict', 'Choose the ceremony folder first.');
    return recordedShareFile(stage.folder.record, stage.folder.path, n);
  }

  /** Unwraps every file into the secondary; run again after a stop, keys in are recognised. */
  unwrap(): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['unwrap'], 'unwrap the keys');
      const stage = state.stage as Extract<Stage, { step: 'unwrap' }>;
      stage.files = [];
      await this.core.busy(state, 'Unwrapping the keys into the secondary', () =>
        withCard(this.options.cards, stage.deviceId, this.who(), async (card) => {
          this.checkSameCard(card, stage);
          await this.checkKcv(card, stage);
          try {
            await unwrapFiles({
              client: card.client,
              folder: stage.folder.path,
              record: stage.folder.record,
              kcv: stage.kcv,
              onFile: async (file) => {
                stage.files = [...stage.files, file];
                await saveClone(stage, this.now(), (entry) => {
                  entry.files = [...stage.files];
                });
                await stage.folder.log('dkek-clone-file', { ...file });
                this.core.emit();
              },
            });
          } catch (error) {
            throw cardRefusal(error, this.who());
          }
        }),
      );
      const skipped = stage.files.filter((f) => f.outcome === 'skipped');
      await saveClone(stage, this.now(), (entry) => {
        entry.complete = skipped.length === 0;
      });
      // The restore ends here: both air-gap surveys go in before its end (issue 14).
      await this.core.recordAirGap(state, stage.folder);
      await stage.folder.log('dkek-clone-finished', {
        device: stage.device,
        unwrapped: stage.files.filter((f) => f.outcome === 'unwrapped').length,
        alreadyPresent: stage.files.filter((f) => f.outcome === 'already-present').length,
        skipped: skipped.length,
      });
      state.summary = restoreSummary(stage.files);
      state.finished = true;
      wipeState(state);
      if (skipped.length > 0)
        state.problem = {
          message: `Not every file was unwrapped: ${skipped.map((f) => `${f.file}: ${f.reason}`).join(' ')}`,
        };
      return this.core.snapshot();
    });
  }

  cancel(): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.active('cancel');
      if (state.busy) throw new Refusal('conflict', 'Custos is working on the secondary; wait.');
      const touched =
        state.stage.step === 'unwrap' ||
        (state.stage.step === 'shares' && state.stage.plan.next !== 'initialise');
      state.stopped = {
        status: 'abandoned',
        reason:
          state.mode === 'clone'
            ? 'The restore was cancelled; run it again to carry on where it stopped.'
            : 'The import was cancelled; the shares imported so far stay on the device and in the record.',
        deviceTouched: touched,
      };
      if (touched && 'folder' in state.stage)
        await this.core.recordAirGap(state, state.stage.folder);
      wipeState(state);
      this.core.emit();
      return this.core.snapshot();
    });
  }

  close(): Promise<null> {
    return this.core.intent(async () => this.core.end());
  }

  shutdown(): Promise<void> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        state.stopped = {
          status: 'abandoned',
          reason: 'Custos was closed during the restore.',
          deviceTouched: state.stage.step === 'shares' || state.stage.step === 'unwrap',
        };
      this.core.wipeCurrent();
    });
  }

  /** The card in the reader is still the one chosen (a swap between steps is refused). */
  private checkSameCard(card: CardInHand, chosen: Chosen): void {
    if (card.identity.serial !== chosen.device.serial)
      throw new Refusal(
        'conflict',
        `The card now in the reader (serial ${card.identity.serial ?? 'unknown'}) is not the ${this.who()} chosen (serial ${chosen.device.serial ?? 'unknown'}); insert that one again.`,
      );
  }

  /** The DKEK now in the secondary is the recorded one; checked before any unwrap. */
  private async checkKcv(card: CardInHand, chosen: Chosen): Promise<void> {
    await verifyUserPin(card.client, this.core.state!.pin!, this.who());
    const status = await card.client.dkekStatus().catch((error: unknown) => {
      throw cardRefusal(error, this.who());
    });
    const expected = chosen.domain.kcv;
    if (status.state !== 'complete' || status.kcv !== expected)
      throw new Refusal(
        'conflict',
        status.state === 'complete'
          ? `The shares imported make the DKEK with check value ${status.kcv}, but the record's is ${expected}: they are not this domain's shares (a wrong share file, or one from another ceremony). Nothing was unwrapped. Initialise the device again and import the recorded shares.`
          : `The ${this.who()}'s DKEK is not complete (${status.state}); nothing was unwrapped.`,
      );
  }

  private async importTurn(
    state: RestoreState,
    stage: SharesStage,
    turn: HolderTurn,
    given: ShareGiven,
  ): Promise<void> {
    const share = turn.share;
    const total = stage.domain.shareCount;
    const secret = given.rehearsal ?? turn.secret(given.password);
    const path = recordedShareFile(stage.folder.record, stage.folder.path, share.number);
    let opened: Uint8Array;
    try {
      const { bytes } = await readShareFile(path, { shown: (p) => p });
      opened = await this.core
        .busy(state, `Opening share ${share.number} of ${total} (${turn.view(0).file})`, () =>
          openRecordedShare(
            { bytes, shown: path },
            share,
            secret,
            {
              ...(this.options.iterations ? { iterations: this.options.iterations } : {}),
              onProgress: ({ step, fraction }) =>
                this.progress(state, { shareNumber: share.number, step, fraction }),
            },
            stage.folder.record.dkek.shareFiles,
          ),
        )
        .finally(() => delete state.progress);
    } catch (error) {
      if (error instanceof Refusal) turn.failed(error.message);
      throw error;
    }
    try {
      await this.core.busy(state, `Importing share ${share.number} of ${total}`, () =>
        withCard(this.options.cards, stage.deviceId, this.who(), async (card) => {
          this.checkSameCard(card, stage);
          if (stage.plan.next === 'initialise') await this.initialise(card, state, stage);
          if (state.mode === 'import') await this.checkStillWaiting(card, stage);
          const status = await card.client.importDkekShare(opened).catch((error: unknown) => {
            throw cardRefusal(error, this.who());
          });
          stage.imported = [...stage.imported, share.number];
          const outstanding = status.state === 'pending' ? status.outstanding : 0;
          if (state.mode === 'clone')
            await saveClone(
              stage,
              this.now(),
              (entry) => (entry.sharesImported = [...stage.imported]),
            );
          await recordImport(
            stage,
            state.mode === 'clone' ? 'clone' : 'sequential-import',
            share.number,
            outstanding,
            this.now(),
          );
          turn.imported();
          if (status.state === 'complete' && status.sameShareTwice)
            throw new Refusal(
              'device-error',
              `After share ${share.number} the ${this.who()}'s DKEK is all zeros (check value ${status.kcv}): one share was imported twice. Nothing was unwrapped; the device must be initialised again.`,
            );
          if (stage.imported.length === total) await this.checkKcv(card, stage);
        }),
      );
    } finally {
      opened.fill(0);
    }
  }

  /**
   * A resumed clone whose secondary shows the record's KCV with every share in, though its clone
   * entry misses some: the answer to an import was lost (the card pulled just after it, issue 14).
   * Importing a share again would cancel it out, so the card's word is taken and the missing
   * imports recorded, as `dkek import` does (sequential-import.ts, landedUnrecorded).
   */
  private async recordLandedShares(state: RestoreState, stage: SharesStage): Promise<void> {
    if (state.mode !== 'clone') return;
    const total = stage.domain.shareCount;
    const known =
      cloneEntryOf(stage.folder.record, { serial: stage.device.serial })?.sharesImported ?? [];
    const landed = numbersUpTo(total).filter((n) => !known.includes(n));
    if (landed.length === 0) return;
    await saveClone(stage, this.now(), (entry) => (entry.sharesImported = [...known, ...landed]));
    for (const [index, n] of landed.entries())
      await recordImport(stage, 'clone', n, total - known.length - index - 1, this.now());
  }

  private async initialise(
    card: CardInHand,
    state: RestoreState,
    stage: SharesStage,
  ): Promise<void> {
    const total = stage.domain.shareCount;
    await card.client
      .initialize({ userPin: state.pin!, soPin: state.soPin!, dkekShares: total })
      .catch((error: unknown) => {
        throw cardRefusal(error, this.who());
      });
    stage.plan = { next: 'import', imported: [] };
    stage.imported = [];
    await saveClone(stage, this.now(), (entry) => (entry.sharesImported = []), true);
    await stage.folder.log('dkek-clone-initialised', { device: stage.device, shareCount: total });
  }

  /** The travelling device still waits for exactly the shares the record says are missing. */
  private async checkStillWaiting(card: CardInHand, stage: SharesStage): Promise<void> {
    const status = await card.client.dkekStatus().catch((error: unknown) => {
      throw cardRefusal(error, this.who());
    });
    if (status.state !== 'pending' || status.imported !== stage.imported.length)
      throw new Refusal(
        'conflict',
        `The device no longer waits for the shares this ceremony folder expects (${status.state === 'pending' ? `${status.imported} in, the record says ${stage.imported.length}` : status.state}); choose the device again. Nothing was imported.`,
      );
  }

  private async sharesDone(state: RestoreState, stage: SharesStage): Promise<void> {
    if (state.wizard.current !== 'shares') return;
    if (state.mode === 'clone') {
      this.core.advance(state);
      state.stage = { ...stage, step: 'unwrap', kcv: stage.domain.kcv, files: [] };
      return;
    }
    state.wizard = { ...state.wizard, skipped: ['unwrap'] };
    state.summary = `Every share of the ${stage.domain.shareCount} is on the device; its check value ${stage.domain.kcv} is the record's.`;
    // The import ends here: both air-gap surveys go in before its end (issue 14).
    await this.core.recordAirGap(state, stage.folder);
    state.finished = true;
    wipeState(state);
  }

  private turnAt(what: string) {
    const state = this.core.at(['shares'], what);
    const stage = state.stage as SharesStage;
    if (!stage.turn) throw new Refusal('conflict', 'Every share is in; there is no turn to take.');
    return { state, stage, turn: stage.turn };
  }

  private who(): string {
    return this.core.state?.mode === 'import' ? 'device' : 'secondary';
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private progress(state: RestoreState, view: NonNullable<RestoreState['progress']>): void {
    const last = state.progress;
    state.progress = view;
    // One push per step and per tenth, not per chunk: the screen follows without a flood.
    if (
      !last ||
      last.step !== view.step ||
      view.fraction - last.fraction >= 0.1 ||
      view.fraction === 1
    )
      this.core.emit();
  }
}

function shareRecord(stage: { folder: Chosen['folder'] }, n: number): DkekShareFileRecord {
  const share = stage.folder.record.dkek.shareFiles.find((entry) => entry.number === n);
  if (!share)
    throw new Refusal(
      'invalid-input',
      `The ceremony "${stage.folder.record.name}" has no share ${n}; its shares are ${stage.folder.record.dkek.shareFiles.map((s) => s.number).join(', ')}.`,
    );
  return share;
}

/** The PINs and whatever a holder entered go when the ceremony ends or stops. */
function wipeState(state: RestoreState): void {
  delete state.pin;
  delete state.soPin;
  if (state.stage.step === 'shares') state.stage.turn?.forget();
}
