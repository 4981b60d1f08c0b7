// The DKEK clone's engine (issue 10 "Clone a second device (restore)") on the shared core: the
// ceremony folder with its back-up, the secondary (refused when it is the primary or holds keys of
// its own), the shares imported one share holder at a time into a secondary initialised with the
// record's share count, the KCV compared with the record before any unwrap, then every wrapped
// file unwrapped and reported. The record's clone entry is written after every share and every
// file, so the restore resumes where a pulled card stopped it. PINs are held only while it runs.

import { randomUUID } from 'node:crypto';
import {
  DKEK_RESTORE_STEPS,
  type DkekRestoreSnapshot,
  type DkekRestoreStepId,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import { startWizard } from '../../../shared/ceremony/wizard';
import type { Logger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import type { AirGapSurvey } from '../common/air-gap';
import { EngineCore, type CoreState, type SnapshotListener } from '../common/engine-core';
import { cardRecord } from './backup-engine';
import {
  clonesOf,
  recordedDomain,
  type CardRecord,
  type CloneEntry,
  type CloneFile,
  type RecordedDomain,
} from './backup-record';
import { withCard, type CardAccess, type CardInHand } from './card-access';
import { cardRefusal, verifyUserPin } from './card-failures';
import { cloneEntryOf, planClone, type ClonePlan } from './clone-secondary';
import { openBackedUpFolder } from './clone-folder';
import type { DkekCeremonyFolder } from './record';
import { checkRecordedShare } from './recorded-share';
import { recordedShareFile, type ShareSource } from './share-source';
import { unwrapFiles } from './unwrap-files';

interface Chosen {
  folder: DkekCeremonyFolder;
  domain: RecordedDomain;
  deviceId: string;
  device: CardRecord;
  plan: ClonePlan;
}

type Stage =
  | { step: 'folder' }
  | { step: 'device'; folder: DkekCeremonyFolder; domain: RecordedDomain }
  | ({ step: 'shares'; imported: number[] } & Chosen)
  | ({ step: 'unwrap'; kcv: string; files: CloneFile[] } & Chosen);

interface RestoreState extends CoreState<DkekRestoreStepId> {
  stage: Stage;
  pin?: string;
  soPin?: string;
  finished?: boolean;
  summary?: string;
}

export interface DkekRestoreEngineOptions {
  cards: CardAccess;
  logger: Logger;
  clock?: () => Date;
  /** Each share file's key derivation: sc-hsm-tool's 10^7 unless a test needs c = 1 (spec §8 V2). */
  iterations?: number;
  /** The air-gap survey (tests give their own; default: this machine's, air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

const WHO = 'the secondary';

function buildSnapshot(state: RestoreState): DkekRestoreSnapshot {
  const stage = state.stage;
  const domain = stage.step === 'folder' ? undefined : stage.domain;
  const chosen = stage.step === 'shares' || stage.step === 'unwrap' ? stage : undefined;
  const total = domain?.shareCount ?? 0;
  const imported =
    stage.step === 'shares'
      ? stage.imported
      : stage.step === 'unwrap'
        ? Array.from({ length: total }, (_, i) => i + 1)
        : [];
  const next = Array.from({ length: total }, (_, i) => i + 1).find((n) => !imported.includes(n));
  return {
    ceremonyId: state.id,
    rehearsal: chosen?.device.simulated ?? false,
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(stage.step === 'folder' ? {} : { folder: stage.folder.path }),
    ...(chosen
      ? {
          device: {
            deviceId: chosen.deviceId,
            ...(chosen.device.serial ? { serial: chosen.device.serial } : {}),
            version: chosen.device.version,
            simulated: chosen.device.simulated,
          },
        }
      : {}),
    ...(domain ? { kcv: domain.kcv } : {}),
    shares: { total, imported: [...imported], ...(next === undefined ? {} : { next }) },
    files: stage.step === 'unwrap' ? stage.files.map((file) => ({ ...file })) : [],
    ...(state.summary ? { summary: state.summary } : {}),
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
    ...(state.stopped ? { stopped: { ...state.stopped } } : {}),
    finished: state.finished ?? false,
  };
}

export function restoreSummary(files: readonly CloneFile[]): string {
  const count = (outcome: CloneFile['outcome']) =>
    files.filter((f) => f.outcome === outcome).length;
  const parts = [`${count('unwrapped')} key${count('unwrapped') === 1 ? '' : 's'} unwrapped`];
  if (count('already-present') > 0)
    parts.push(`${count('already-present')} already on the secondary from an earlier run`);
  if (count('skipped') > 0)
    parts.push(`${count('skipped')} file${count('skipped') === 1 ? '' : 's'} skipped`);
  return `${parts.join(', ')}.`;
}

export class DkekRestoreEngine {
  private readonly core: EngineCore<DkekRestoreStepId, RestoreState, DkekRestoreSnapshot>;
  private readonly clock: () => Date;

  constructor(private readonly options: DkekRestoreEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.core = new EngineCore(
      DKEK_RESTORE_STEPS,
      'restore',
      buildSnapshot,
      options.logger.child({ module: 'dkek-restore' }),
      (state) => {
        delete state.pin;
        delete state.soPin;
      },
      options.airGap ? { airGap: options.airGap } : {},
    );
  }

  onSnapshot(listener: SnapshotListener<DkekRestoreSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): DkekRestoreSnapshot | null {
    return this.core.current();
  }

  start(): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () =>
      this.core.begin({
        id: randomUUID(),
        wizard: startWizard(DKEK_RESTORE_STEPS),
        stage: { step: 'folder' },
      }),
    );
  }

  chooseFolder(path: string): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['folder'], 'choose the ceremony folder');
      const folder = await openBackedUpFolder(path);
      const domain = recordedDomain(folder.record, 'clone');
      if (folder.record.dkek.mode === 'random')
        throw new Refusal(
          'conflict',
          "This ceremony's device made its own random DKEK: only that device can unwrap its keys, so no second device can be cloned from these files.",
        );
      this.core.advance(state);
      state.stage = { step: 'device', folder, domain };
      return this.core.snapshot();
    });
  }

  /** The secondary, its user PIN and (to initialise it) the SO-PIN; nothing is changed yet. */
  chooseDevice(deviceId: string, pin: string, soPin?: string): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['device', 'shares'], 'choose the secondary');
      if (state.stage.step === 'shares' && state.stage.imported.length > 0)
        throw new Refusal('conflict', 'Shares are already in this secondary; carry on with them.');
      const stage = state.stage as Extract<Stage, { step: 'device' | 'shares' }>;
      const folder = await openBackedUpFolder(stage.folder.path);
      const record = folder.record;
      const found = await this.core.busy(state, 'Reading the secondary', () =>
        withCard(this.options.cards, deviceId, WHO, async (card) => {
          const plan = await planClone(card.client, card.identity, record).catch(
            (error: unknown) => {
              throw cardRefusal(error, WHO);
            },
          );
          return { plan, device: cardRecord(card) };
        }),
      );
      if (found.plan.next === 'initialise' && soPin === undefined)
        throw new Refusal(
          'invalid-input',
          `The secondary must be initialised (${found.plan.why}): give its SO-PIN, the 16 hexadecimal digits it was set up with.`,
        );
      state.pin = pin;
      if (soPin !== undefined) state.soPin = soPin;
      if (state.wizard.current === 'device') this.core.advance(state);
      const all = Array.from({ length: stage.domain.shareCount }, (_, i) => i + 1);
      state.stage = {
        step: 'shares',
        folder,
        domain: stage.domain,
        deviceId,
        device: found.device,
        plan: found.plan,
        imported:
          found.plan.next === 'import'
            ? found.plan.imported
            : found.plan.next === 'unwrap'
              ? all
              : [],
      };
      return this.core.snapshot();
    });
  }

  /**
   * The next share holder's turn: the secondary is initialised first if it must be, then the
   * share goes in and is recorded. After the last one the KCV is compared with the record, and
   * only a match moves on to the unwrap.
   */
  importNextShare(source: ShareSource): Promise<DkekRestoreSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares'], 'import a share');
      const stage = state.stage as Extract<Stage, { step: 'shares' }>;
      const total = stage.domain.shareCount;
      const n = Array.from({ length: total }, (_, i) => i + 1).find(
        (k) => !stage.imported.includes(k),
      );
      await this.core.busy(
        state,
        n === undefined ? 'Checking the DKEK' : `Importing share ${n} of ${total}`,
        () =>
          withCard(this.options.cards, stage.deviceId, WHO, async (card) => {
            this.checkSameCard(card, stage);
            if (stage.plan.next === 'initialise') {
              await card.client
                .initialize({ userPin: state.pin!, soPin: state.soPin!, dkekShares: total })
                .catch((error: unknown) => {
                  throw cardRefusal(error, WHO);
                });
              stage.plan = { next: 'import', imported: [] };
              stage.imported = [];
              await this.saveClone(stage, (entry) => (entry.sharesImported = []), true);
              await stage.folder.log('dkek-clone-initialised', {
                device: stage.device,
                shareCount: total,
              });
            }
            if (n !== undefined) {
              const share = await source.open(
                n,
                this.options.iterations ? { iterations: this.options.iterations } : undefined,
              );
              try {
                checkRecordedShare(stage.folder.record, n, share);
                const status = await card.client.importDkekShare(share).catch((error: unknown) => {
                  throw cardRefusal(error, WHO);
                });
                stage.imported = [...stage.imported, n];
                await this.saveClone(
                  stage,
                  (entry) => (entry.sharesImported = [...stage.imported]),
                );
                await this.recordImport(
                  stage,
                  n,
                  status.state === 'pending' ? status.outstanding : 0,
                );
                if (status.state === 'complete' && status.sameShareTwice)
                  throw new Refusal(
                    'device-error',
                    `After share ${n} the secondary's DKEK is all zeros (check value ${status.kcv}): one share was imported twice. Nothing was unwrapped; the secondary must be initialised again.`,
                  );
              } finally {
                share.fill(0);
              }
            }
            if (stage.imported.length === total) {
              await this.checkKcv(card, stage);
              await this.recordLandedShares(stage);
            }
          }),
      );
      if (stage.imported.length === total && state.wizard.current === 'shares') {
        this.core.advance(state);
        state.stage = { ...stage, step: 'unwrap', kcv: stage.domain.kcv, files: [] };
      }
      return this.core.snapshot();
    });
  }

  /** Where share n's file is, as the ceremony's record names it (for a share holder's turn). */
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
        withCard(this.options.cards, stage.deviceId, WHO, async (card) => {
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
                await this.saveClone(stage, (entry) => {
                  entry.files = [...stage.files];
                });
                await stage.folder.log('dkek-clone-file', { ...file });
                this.core.emit();
              },
            });
          } catch (error) {
            throw cardRefusal(error, WHO);
          }
        }),
      );
      const skipped = stage.files.filter((f) => f.outcome === 'skipped');
      await this.saveClone(stage, (entry) => {
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
      delete state.pin;
      delete state.soPin;
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
        reason: 'The restore was cancelled; run it again to carry on where it stopped.',
        deviceTouched: touched,
      };
      if (touched && 'folder' in state.stage)
        await this.core.recordAirGap(state, state.stage.folder);
      delete state.pin;
      delete state.soPin;
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

  /** The card in the reader is still the secondary chosen (a swap between steps is refused). */
  private checkSameCard(card: CardInHand, chosen: Chosen): void {
    if (card.identity.serial !== chosen.device.serial)
      throw new Refusal(
        'conflict',
        `The card now in the reader (serial ${card.identity.serial ?? 'unknown'}) is not the secondary chosen (serial ${chosen.device.serial ?? 'unknown'}); insert that one again.`,
      );
  }

  /** The DKEK now in the secondary is the recorded one; checked before any unwrap. */
  private async checkKcv(card: CardInHand, chosen: Chosen): Promise<void> {
    await verifyUserPin(card.client, this.core.state!.pin!, WHO);
    const status = await card.client.dkekStatus().catch((error: unknown) => {
      throw cardRefusal(error, WHO);
    });
    const expected = chosen.domain.kcv;
    if (status.state !== 'complete' || status.kcv !== expected)
      throw new Refusal(
        'conflict',
        status.state === 'complete'
          ? `The shares imported make the DKEK with check value ${status.kcv}, but the record's is ${expected}: they are not this domain's shares (a wrong share file, or one from another ceremony). Nothing was unwrapped. Initialise the secondary again and import the recorded shares.`
          : `The secondary's DKEK is not complete (${status.state}); nothing was unwrapped.`,
      );
  }

  /**
   * The clone's entry in the record, changed and written: the latest unfinished one for this
   * card, or a new one (always a new one when the card was just initialised).
   */
  private async saveClone(
    chosen: Chosen,
    change: (entry: CloneEntry) => void,
    fresh = false,
  ): Promise<void> {
    await chosen.folder.update((record) => {
      const clones = [...(record.clones ?? [])];
      const entries = clonesOf(record);
      const last = entries.at(-1);
      let index = -1;
      if (!fresh && last && !last.complete && last.device.serial === chosen.device.serial) {
        // clonesOf keeps the record's order: the last restore entry is the last 'restore' item.
        index = clones.map((c) => c.kind).lastIndexOf('restore');
      }
      const entry: CloneEntry =
        index >= 0
          ? structuredClone(last!)
          : {
              kind: 'restore',
              at: this.clock().toISOString(),
              device: chosen.device,
              sharesImported: [],
              kcv: chosen.domain.kcv,
              files: [],
              complete: false,
            };
      change(entry);
      clones[index >= 0 ? index : clones.length] = entry;
      return { ...record, clones };
    });
  }

  /**
   * The secondary shows the record's KCV with every share in, but its clone entry misses some: an
   * import whose answer was lost. The card's word is taken and the missing imports recorded, as
   * `dkek import` does (importing a share again would cancel it out).
   */
  private async recordLandedShares(chosen: Chosen): Promise<void> {
    const total = chosen.domain.shareCount;
    const known =
      cloneEntryOf(chosen.folder.record, { serial: chosen.device.serial })?.sharesImported ?? [];
    const landed = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !known.includes(n));
    if (landed.length === 0) return;
    await this.saveClone(chosen, (entry) => (entry.sharesImported = [...known, ...landed]));
    for (const [index, n] of landed.entries())
      await this.recordImport(chosen, n, total - known.length - index - 1);
  }

  /** The share import as the ceremony's imports list it (session "clone"), and in the transcript. */
  private async recordImport(
    chosen: Chosen,
    shareNumber: number,
    outstanding: number,
  ): Promise<void> {
    const at = this.clock().toISOString();
    if (chosen.device.serial)
      await chosen.folder.update((record) => ({
        ...record,
        imports: [
          ...record.imports,
          {
            shareNumber,
            deviceSerial: chosen.device.serial!,
            at,
            session: 'clone',
            outstandingAfter: outstanding,
          },
        ],
      }));
    await chosen.folder.log('dkek-clone-share-imported', {
      shareNumber,
      device: chosen.device,
      outstandingAfter: outstanding,
    });
  }
}
