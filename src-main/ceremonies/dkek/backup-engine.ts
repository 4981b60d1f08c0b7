// The DKEK back-up's engine (issue 10 "Back up keys under the DKEK") on the shared core: the
// ceremony folder, the primary with its user PIN (its DKEK complete and, when the folder already
// holds back-ups, the recorded one), a review of every key with its file name, then the wrap.
// The PIN is held only while the back-up runs and dropped when it ends. A wrap stopped part-way
// (the card pulled) can be run again: files already written are kept and recognised.

import { randomUUID } from 'node:crypto';
import {
  DKEK_BACKUP_STEPS,
  type DkekBackupKey,
  type DkekBackupSnapshot,
  type DkekBackupStepId,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import { startWizard } from '../../../shared/ceremony/wizard';
import type { Logger } from '../../log/logger';
import { Refusal } from '../../refusal/refusal';
import type { AirGapSurvey } from '../common/air-gap';
import { EngineCore, type CoreState, type SnapshotListener } from '../common/engine-core';
import { backUpKeys, wrapFileName, type BackupOutcome } from './backup-keys';
import { recordedDomain, type CardRecord } from './backup-record';
import { withCard, type CardAccess, type CardInHand } from './card-access';
import { cardRefusal, isCardGone } from './card-failures';
import { openDkekFolder } from './clone-folder';
import { completeDomain, statusAfterPin } from './domain-status';
import { readKeyInventory, type DeviceKey } from './key-inventory';
import type { DkekCeremonyFolder as DkekFolder } from './record';

/** Per step, what main holds (STYLE.md: discriminated by the step the back-up is at). */
type Stage =
  | { step: 'folder' }
  | { step: 'device'; folder: DkekFolder }
  | { step: 'review'; folder: DkekFolder; domain: Domain; keys: DeviceKey[] }
  | {
      step: 'wrap';
      folder: DkekFolder;
      domain: Domain;
      keys: DeviceKey[];
      outcomes: BackupOutcome[];
      summary?: string;
    };

interface Domain {
  kcv: string;
  total: number;
}

interface BackupState extends CoreState<DkekBackupStepId> {
  stage: Stage;
  device?: { deviceId: string; record: CardRecord };
  /** The user PIN, from the device step until the back-up ends. */
  pin?: string;
  finished?: boolean;
}

export interface DkekBackupEngineOptions {
  cards: CardAccess;
  logger: Logger;
  clock?: () => Date;
  /** The air-gap survey (tests give their own; default: this machine's, air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

const WHO = 'the primary';

function keyRows(stage: Stage): DkekBackupKey[] {
  if (stage.step !== 'review' && stage.step !== 'wrap') return [];
  const done = new Map(
    (stage.step === 'wrap' ? stage.outcomes : []).map((o) => [o.key.keyReference, o]),
  );
  return stage.keys.map((key) => {
    const outcome = done.get(key.keyReference);
    return {
      keyReference: key.keyReference,
      ...(key.label ? { label: key.label } : {}),
      type: key.type,
      ...(key.certificateSubject ? { certificateSubject: key.certificateSubject } : {}),
      file: wrapFileName(key),
      status: outcome?.status ?? 'to-wrap',
      ...(outcome?.status === 'written' ? { blobKcv: outcome.blobKcv } : {}),
      ...(outcome && outcome.status !== 'written' ? { reason: outcome.reason } : {}),
    };
  });
}

function buildSnapshot(state: BackupState): DkekBackupSnapshot {
  const stage = state.stage;
  const folder = stage.step === 'folder' ? undefined : stage.folder;
  const domain = stage.step === 'review' || stage.step === 'wrap' ? stage.domain : undefined;
  return {
    ceremonyId: state.id,
    rehearsal: state.device?.record.simulated ?? false,
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(folder ? { folder: folder.path } : {}),
    ...(state.device
      ? {
          device: {
            deviceId: state.device.deviceId,
            ...(state.device.record.serial ? { serial: state.device.record.serial } : {}),
            version: state.device.record.version,
            simulated: state.device.record.simulated,
          },
        }
      : {}),
    ...(domain
      ? { kcv: domain.kcv }
      : folder?.record.dkek.kcv
        ? { kcv: folder.record.dkek.kcv }
        : {}),
    keys: keyRows(stage),
    ...(stage.step === 'wrap' && stage.summary ? { summary: stage.summary } : {}),
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
    ...(state.stopped ? { stopped: { ...state.stopped } } : {}),
    finished: state.finished ?? false,
  };
}

/** "2 keys wrapped into the ceremony folder; 1 kept; key 3 (x) not wrapped: …" */
export function backupSummary(outcomes: readonly BackupOutcome[]): string {
  const written = outcomes.filter((o) => o.status === 'written').length;
  const kept = outcomes.filter((o) => o.status === 'kept').length;
  const refused = outcomes.filter((o) => o.status === 'not-wrapped');
  const parts = [`${written} key${written === 1 ? '' : 's'} wrapped into the ceremony folder`];
  if (kept > 0) parts.push(`${kept} file${kept === 1 ? '' : 's'} already there kept`);
  for (const o of refused)
    parts.push(
      `key ${o.key.keyReference}${o.key.label ? ` (${o.key.label})` : ''} not wrapped: ${o.reason}`,
    );
  if (outcomes.length === 0) parts.push('the primary holds no keys to back up');
  return `${parts.join('; ')}.`;
}

export class DkekBackupEngine {
  private readonly core: EngineCore<DkekBackupStepId, BackupState, DkekBackupSnapshot>;
  private readonly clock: () => Date;

  constructor(private readonly options: DkekBackupEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.core = new EngineCore(
      DKEK_BACKUP_STEPS,
      'back-up',
      buildSnapshot,
      options.logger.child({ module: 'dkek-backup' }),
      (state) => delete state.pin,
      options.airGap ? { airGap: options.airGap } : {},
    );
  }

  onSnapshot(listener: SnapshotListener<DkekBackupSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): DkekBackupSnapshot | null {
    return this.core.current();
  }

  start(): Promise<DkekBackupSnapshot> {
    return this.core.intent(async () =>
      this.core.begin({
        id: randomUUID(),
        wizard: startWizard(DKEK_BACKUP_STEPS),
        stage: { step: 'folder' },
      }),
    );
  }

  chooseFolder(path: string): Promise<DkekBackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['folder'], 'choose the ceremony folder');
      const folder = await openDkekFolder(path);
      recordedDomain(folder.record, 'back-up');
      this.core.advance(state);
      state.stage = { step: 'device', folder };
      return this.core.snapshot();
    });
  }

  /** The primary and its user PIN: the DKEK read after the PIN, the keys listed for review. */
  chooseDevice(deviceId: string, pin: string): Promise<DkekBackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['device', 'review'], 'choose the primary');
      const stage = state.stage as Extract<Stage, { step: 'device' | 'review' }>;
      const folder = stage.folder;
      const found = await this.core.busy(state, 'Reading the primary', () =>
        withCard(this.options.cards, deviceId, WHO, async (card) => {
          const domain = completeDomain(await statusAfterPin(card.client, pin, WHO), WHO);
          const recorded = recordedDomain(folder.record, 'back-up').kcv;
          if (recorded !== domain.kcv)
            throw new Refusal(
              'conflict',
              `This device's DKEK has check value ${domain.kcv}, but the ceremony in ${folder.path} recorded ${recorded}: it belongs to another security domain. Choose the primary of this ceremony, or another folder.`,
            );
          const keys = await readKeyInventory(card.client).catch((error: unknown) => {
            throw cardRefusal(error, WHO);
          });
          return { domain, keys, record: cardRecord(card) };
        }),
      );
      state.device = { deviceId, record: found.record };
      state.pin = pin;
      if (state.wizard.current === 'device') this.core.advance(state);
      state.stage = { step: 'review', folder, domain: found.domain, keys: found.keys };
      return this.core.snapshot();
    });
  }

  /** Wraps every key. Run again after a stop: what is already in the folder is kept. */
  run(): Promise<DkekBackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['review', 'wrap'], 'wrap the keys');
      const stage = state.stage as Extract<Stage, { step: 'review' | 'wrap' }>;
      if (state.wizard.current === 'review') this.core.advance(state);
      const wrap: Extract<Stage, { step: 'wrap' }> = { ...stage, step: 'wrap', outcomes: [] };
      state.stage = wrap;
      try {
        const result = await this.core.busy(state, 'Wrapping the keys under the DKEK', () =>
          withCard(this.options.cards, state.device!.deviceId, WHO, async (card) => {
            const domain = completeDomain(await statusAfterPin(card.client, state.pin!, WHO), WHO);
            if (domain.kcv !== wrap.domain.kcv)
              throw new Refusal(
                'conflict',
                `The card now in the reader has DKEK check value ${domain.kcv}, not the primary's ${wrap.domain.kcv}; insert the primary again.`,
              );
            const folder = await openDkekFolder(wrap.folder.path);
            wrap.folder = folder;
            wrap.keys = await readKeyInventory(card.client);
            return backUpKeys({
              client: card.client,
              folder,
              keys: wrap.keys,
              kcv: domain.kcv,
              device: cardRecord(card),
              clock: this.clock,
              onProgress: (outcomes) => {
                wrap.outcomes = [...outcomes];
                this.core.emit();
              },
            });
          }),
        );
        wrap.outcomes = result.outcomes;
        wrap.summary = backupSummary(result.outcomes);
        // The back-up ends here: both air-gap surveys go into its transcript (issue 14).
        await this.core.recordAirGap(state, wrap.folder);
        state.finished = true;
        delete state.pin;
        const refused = result.outcomes.filter((o) => o.status !== 'written');
        if (refused.some((o) => o.status === 'not-wrapped'))
          state.problem = { message: `Not every key was backed up: ${wrap.summary}` };
      } catch (error) {
        const refusal = cardRefusal(error, WHO);
        state.problem = {
          message:
            isCardGone(error) || refusal.code === 'device-missing'
              ? `${refusal.message} ${wrap.outcomes.length} key${wrap.outcomes.length === 1 ? ' was' : 's were'} handled before it stopped.`
              : refusal.message,
        };
        this.core.log.warn('DKEK back-up stopped', { error });
        throw refusal;
      }
      return this.core.snapshot();
    });
  }

  cancel(): Promise<DkekBackupSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.active('cancel');
      if (state.busy) throw new Refusal('conflict', 'Custos is wrapping keys; wait until it ends.');
      state.stopped = {
        status: 'abandoned',
        reason: 'The back-up was cancelled.',
        deviceTouched: false,
      };
      // Files were written by a run that stopped: the folder's transcript takes both surveys.
      if (state.stage.step === 'wrap') await this.core.recordAirGap(state, state.stage.folder);
      delete state.pin;
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
          reason: 'Custos was closed during the back-up.',
          deviceTouched: false,
        };
      this.core.wipeCurrent();
    });
  }
}

export function cardRecord(card: CardInHand): CardRecord {
  return {
    ...(card.identity.serial ? { serial: card.identity.serial } : {}),
    version: card.identity.version,
    simulated: card.simulated,
  };
}
