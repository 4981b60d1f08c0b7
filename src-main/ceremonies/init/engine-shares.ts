// The engine from "Begin" to the last share: make the wrap key and its shares (nothing is
// written to the device), create the ceremony folder and record, then run the custodians'
// turns and the optional verification round, writing a transcript event for each move (who,
// when, which phase; never the share).

import { Refusal } from '../../refusal/refusal';
import { summarizeObjectInfo } from '../common/objects';
import { CeremonyFolder, CeremonyFolderError } from '../../records/ceremony-folder';
import type { Ceremony } from './ceremony-state';
import { deviceFailureReason } from '../common/device-failures';
import { backupClash } from './engine-plan';
import type { EngineContext } from './engine-context';
import { withClient } from '../common/device-access';
import { checkCeremonyFolder } from './plan-file';
import { isFactoryFresh } from '../../hsm/yubihsm/protocol/factory-state';
import { describeExtraObjects } from './primary-check';
import { initialRecord, markStopped } from './record-writer';
import { SerialFolder } from './serial-folder';
import { ShareTurns, type HideReason } from './share-turns';
import type { Timers } from './timers';
import type { TurnSheet } from './turn-sheet';
import { VerificationRound } from './verification-round';
import {
  createWrapKeyMaterial,
  disposeMaterial,
  drawDeviceRandom,
  type WrapKeyMaterial,
} from './wrap-key-material';

export class ShareIntents {
  constructor(
    private readonly engine: EngineContext,
    private readonly timers: Timers,
    private readonly newTurnSheet: () => TurnSheet,
  ) {}

  async begin(ceremony: Ceremony): Promise<Ceremony> {
    const resolved = ceremony.resolved!;
    const { primary, plan } = resolved;
    ceremony.busy = 'Reading random bytes from the primary and making the shares';
    this.engine.emit();
    try {
      const folderProblem =
        (await checkCeremonyFolder(resolved.folder)) ?? (await backupClash(resolved));
      if (folderProblem) {
        ceremony.problem = {
          field: 'folder',
          message: `${capitalise(folderProblem.message)}. Nothing was written anywhere.`,
        };
        return ceremony;
      }
      let draw;
      try {
        draw = await withClient(this.engine.options.devices, primary.id, drawDeviceRandom);
      } catch (error) {
        ceremony.problem = {
          field: 'primary',
          message: `Custos could not read random bytes from the primary: ${deviceFailureReason(error, 'the primary')}. Nothing was written anywhere.`,
        };
        return ceremony;
      }
      if (draw.serial !== primary.serial || !isFactoryFresh(draw.inventory)) {
        draw.random.fill(0);
        const why =
          draw.serial !== primary.serial
            ? `the device connected now is serial ${draw.serial}, not the primary (serial ${primary.serial}) chosen at preflight`
            : `the primary is no longer factory-fresh: it now also holds ${describeExtraObjects(draw.inventory.map(summarizeObjectInfo))}`;
        ceremony.problem = {
          field: 'primary',
          message: `${capitalise(why)}. Nothing was written anywhere; cancel and start again with a factory-fresh primary.`,
        };
        return ceremony;
      }
      const material = createWrapKeyMaterial(draw.random, resolved, this.engine.options.material);
      const folder = await this.startRecord(ceremony, material);
      if (!folder) return ceremony;
      ceremony.record = folder;
      ceremony.sheet = this.newTurnSheet();
      ceremony.turns = new ShareTurns({
        custodians: plan.custodians,
        shares: material.shares,
        threshold: plan.threshold,
        kcv: material.kcv,
        format: plan.shareFormat,
        mode: plan.shareConfirmation,
        hideSeconds: plan.shareHideSeconds,
        timers: this.timers,
        onIdleHide: () => this.hiddenByTimer(ceremony),
        // Whenever the share leaves the screen, so does its sheet's preview or page.
        onShareLeft: () => ceremony.sheet?.closeView(),
        ...(this.engine.options.randomBelow
          ? { randomBelow: this.engine.options.randomBelow }
          : {}),
      });
      // The turns own the shares from here; the material keeps only the key.
      material.shares = [];
      ceremony.material = material;
      this.engine.advance(ceremony);
      this.engine.log.info('shares made; the device has not been written', {
        ceremonyId: ceremony.id,
        threshold: plan.threshold,
        custodians: plan.custodians.length,
      });
      return ceremony;
    } finally {
      ceremony.busy = undefined;
    }
  }

  /**
   * Lists the ceremony as in progress, creates its folder and writes the first two transcript
   * events. Any failure wipes the key and shares (nothing else holds them yet, so a later cancel
   * could not) and says which write failed; a folder already created is marked stopped, so it
   * never reads as a ceremony still under way. Returns undefined after a failure.
   */
  private async startRecord(
    ceremony: Ceremony,
    material: WrapKeyMaterial,
  ): Promise<SerialFolder | undefined> {
    const resolved = ceremony.resolved!;
    const { primary, plan } = resolved;
    const index = this.engine.options.index;
    let writing: 'index' | 'folder' | 'transcript' | undefined;
    let folder: SerialFolder | undefined;
    try {
      const record = initialRecord({
        id: ceremony.id,
        resolved,
        kcv: material.kcv,
        commitments: material.commitments,
        startedAt: this.engine.clock(),
        toolVersion: this.engine.options.toolVersion,
      });
      // The index first: if Custos dies between these two writes, the next start finds an
      // entry without a record and simply forgets it.
      writing = 'index';
      await index?.add(resolved.folder);
      writing = 'folder';
      folder = new SerialFolder(
        await CeremonyFolder.create(resolved.folder, record, this.engine.clock),
      );
      writing = 'transcript';
      await folder.log('ceremony-started', {
        ceremony: plan.ceremony,
        primarySerial: primary.serial,
        rehearsal: primary.simulated,
        custodians: plan.custodians,
        threshold: plan.threshold,
      });
      // What could carry a secret off this machine, as preflight found it (a warning, never a block).
      if (ceremony.airGap) {
        await folder.log('air-gap-preflight', { ...ceremony.airGap.preflight });
        ceremony.airGap.preflightRecorded = true;
      }
      await folder.log('shares-made', {
        threshold: plan.threshold,
        count: plan.custodians.length,
        format: plan.shareFormat,
        wrapKeyId: plan.wrapKey.id,
        kcv: material.kcv,
      });
      return folder;
    } catch (error) {
      disposeMaterial(material);
      if (!writing) throw error;
      this.engine.log.error('the ceremony record could not be started; the shares were wiped', {
        ceremonyId: ceremony.id,
        writing,
        error,
      });
      if (folder) {
        await this.stopStartedRecord(ceremony, folder);
        return undefined;
      }
      await index?.remove(resolved.folder).catch(() => undefined);
      const message =
        writing === 'index'
          ? `Custos could not note the ceremony as in progress in ${index!.path}; check that folder is writable and has space. Nothing was written to the ceremony folder or to the device.`
          : `${capitalise(error instanceof CeremonyFolderError ? error.message : `the ceremony folder ${resolved.folder} could not be written; check it is writable and has space`)}. Nothing was written to the device.`;
      ceremony.problem = { field: 'folder', message };
      return undefined;
    }
  }

  /** The folder holds a record, but its transcript could not be written: the ceremony stops there. */
  private async stopStartedRecord(ceremony: Ceremony, folder: SerialFolder): Promise<void> {
    const reason = `The transcript in the ceremony folder ${folder.path} could not be written (check it is writable and has space), so the ceremony stopped before any share was shown. Nothing was written to the device and the shares were wiped; start a new ceremony in another folder.`;
    ceremony.stopped = { status: 'abandoned', reason, deviceTouched: false };
    try {
      await markStopped(folder, 'abandoned', reason, this.engine.clock());
      await this.engine.options.index?.remove(folder.path);
    } catch (error) {
      // The index entry stays: the next start finds the record still in progress and marks it abandoned.
      this.engine.log.error('the record of a stopped ceremony could not be updated', {
        ceremonyId: ceremony.id,
        error,
      });
      ceremony.problem = {
        field: 'folder',
        message: `${folder.path} could not be updated to say the ceremony stopped; Custos marks it abandoned when it next starts.`,
      };
    }
  }

  async reveal(ceremony: Ceremony): Promise<Ceremony> {
    if (ceremony.wizard.current === 'verification') {
      ceremony.verification!.start();
      return ceremony;
    }
    const turns = ceremony.turns!;
    turns.reveal();
    await ceremony.record!.log('share-shown', this.who(turns));
    return ceremony;
  }

  /**
   * "I am still here" pressed in the countdown before the share hides: another full period,
   * and the transcript says so (who, and for how long), so a share kept up is on the record.
   */
  async extend(ceremony: Ceremony): Promise<void> {
    const turns = ceremony.turns!;
    if (turns.stillHere())
      await ceremony.record!.log('share-display-extended', {
        ...this.who(turns),
        seconds: ceremony.resolved!.plan.shareHideSeconds,
      });
  }

  async hide(ceremony: Ceremony, reason: HideReason): Promise<void> {
    const turns = ceremony.turns!;
    if (turns.hide(reason))
      await ceremony.record!.log('share-hidden', { ...this.who(turns), reason });
  }

  async recorded(ceremony: Ceremony): Promise<Ceremony> {
    const turns = ceremony.turns!;
    // A sheet that left (or is leaving) Custos this turn is checked by scan-back before the custodian goes.
    const sheet = ceremony.sheet;
    const phase = turns.recorded({
      sheetToCheck:
        sheet !== undefined && (sheet.wasPrinted(turns.index) || sheet.isPrinting(turns.index)),
    });
    await ceremony.record!.log('share-recorded', this.who(turns));
    if (phase === 'cleared')
      await ceremony.record!.log('share-confirmed', { ...this.who(turns), check: 'none' });
    return ceremony;
  }

  async confirm(ceremony: Ceremony, entries: readonly string[]): Promise<Ceremony> {
    const turns = ceremony.turns!;
    const problem = turns.confirm(entries);
    if (problem) {
      ceremony.problem = problem;
      await ceremony.record!.log('share-check-failed', {
        ...this.who(turns),
        ...(problem.field ? { entry: problem.field } : {}),
      });
    } else {
      await ceremony.record!.log('share-confirmed', {
        ...this.who(turns),
        check: ceremony.resolved!.plan.shareConfirmation,
      });
    }
    return ceremony;
  }

  async next(ceremony: Ceremony): Promise<void> {
    const turns = ceremony.turns!;
    if (turns.next() === 'next') {
      await ceremony.record!.log('share-handover', this.who(turns));
      return;
    }
    turns.dispose();
    await ceremony.record!.log('shares-done', {
      custodians: ceremony.resolved!.plan.custodians.length,
    });
    this.engine.advance(ceremony);
    if (ceremony.wizard.current === 'verification') {
      const { plan } = ceremony.resolved!;
      const record = ceremony.record!.record;
      ceremony.verification = new VerificationRound({
        custodians: plan.custodians,
        commitments: record.custodians.map((custodian) => custodian.commitment),
        format: plan.shareFormat,
        threshold: plan.threshold,
        kcv: ceremony.material!.kcv,
        policy: ceremony.material!.policy,
        payloadLength: plan.shareFormat === 'yubihsm-manager' ? 104 : 70,
      });
      await ceremony.record!.log('verification-started', {});
    }
  }

  async enterVerification(ceremony: Ceremony, text: string): Promise<Ceremony> {
    const round = ceremony.verification!;
    const name = round.custodianName;
    const problem = round.enter(text);
    if (problem) ceremony.problem = problem;
    await ceremony.record!.log(
      problem ? 'verification-share-refused' : 'verification-share-matched',
      { custodian: name },
    );
    return ceremony;
  }

  async nextVerification(ceremony: Ceremony): Promise<void> {
    const round = ceremony.verification!;
    if (round.phase === 'result') {
      this.leaveVerification(ceremony);
      return;
    }
    const outcome = round.next();
    if (outcome === 'next') {
      await ceremony.record!.log('verification-handover', { custodian: round.custodianName });
      return;
    }
    const result = round.result!;
    await ceremony.record!.log('verification-result', {
      subsetsChecked: result.subsetsChecked,
      allMatch: result.allMatch,
      kcv: result.kcv,
    });
    if (!result.allMatch) {
      const reason =
        'The verification round found subsets of shares that do not recombine to the wrap key, so nothing was written to the device. Destroy these shares and start again.';
      ceremony.stopped = { status: 'failed', reason, deviceTouched: false };
      this.dispose(ceremony);
      await markStopped(ceremony.record!, 'failed', reason, this.engine.clock());
      await this.engine.options.index?.remove(ceremony.record!.path);
    }
  }

  /** From the verification result to the device steps, once every subset matched. */
  leaveVerification(ceremony: Ceremony): void {
    const result = ceremony.verification!.result;
    if (!result)
      throw new Refusal(
        'conflict',
        'Every custodian must enter their share before the device steps.',
      );
    if (!result.allMatch)
      throw new Refusal(
        'conflict',
        'The shares did not all recombine to the wrap key; the device cannot be written.',
      );
    this.engine.advance(ceremony);
  }

  /** Wipes every share and the key (cancel, shutdown, a failed verification). */
  dispose(ceremony: Ceremony): void {
    ceremony.turns?.hide('user');
    ceremony.turns?.dispose();
    ceremony.verification?.dispose();
    disposeMaterial(ceremony.material);
  }

  private hiddenByTimer(ceremony: Ceremony): void {
    const turns = ceremony.turns!;
    void ceremony
      .record!.log('share-hidden', { ...this.who(turns), reason: 'idle' })
      .catch((error: unknown) =>
        this.engine.log.error('the transcript could not record a hidden share', { error }),
      );
    this.engine.emit();
  }

  private who(turns: ShareTurns): { custodian: string; shareNumber: number } {
    return { custodian: turns.custodianName, shareNumber: turns.index + 1 };
  }
}

function capitalise(text: string): string {
  const trimmed = text.trim().replace(/\.$/, '');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
