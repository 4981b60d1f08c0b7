// The DKEK clone verification's engine (issue 10 "Verify") on the shared core: the ceremony
// folder with its back-up, the clone with its user PIN (a wrong or blocked PIN is said), then
// the comparison with the record, the signature proofs, the printable report written into the
// folder (never over a file) and the verification in the record and the transcript.

import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DKEK_VERIFY_STEPS,
  type DkekVerifySnapshot,
  type DkekVerifyStepId,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import type { ReportOpened } from '../../../shared/ceremony/verify-snapshot';
import { startWizard } from '../../../shared/ceremony/wizard';
import { writeFileAtomic } from '../../files/atomic-write';
import type { Logger } from '../../log/logger';
import type { ReportViewer } from '../../print/report-viewer';
import { loadSheetFonts } from '../../print/sheet-fonts';
import { Refusal } from '../../refusal/refusal';
import type { AirGapSurvey } from '../common/air-gap';
import { EngineCore, type CoreState, type SnapshotListener } from '../common/engine-core';
import { cardRecord } from './backup-engine';
import { recordedDomain, recordedKeys, type VerificationEntry } from './backup-record';
import { withCard, type CardAccess } from './card-access';
import { cardRefusal } from './card-failures';
import { openBackedUpFolder } from './clone-folder';
import { statusAfterPin } from './domain-status';
import { readKeyInventory } from './key-inventory';
import type { DkekCeremonyFolder } from './record';
import { compareClone, verdictOf } from './verify-clone';
import { renderDkekVerificationReport } from './verify-report';

type Stage =
  | { step: 'folder' }
  | { step: 'device'; folder: DkekCeremonyFolder }
  | {
      step: 'result';
      folder: DkekCeremonyFolder;
      deviceId: string;
      entry: VerificationEntry;
      /** The report as written, so only that file, unchanged, is ever shown. */
      reportSha256: string;
    };

interface VerifyState extends CoreState<DkekVerifyStepId> {
  stage: Stage;
  finished?: boolean;
}

export interface DkekVerifyEngineOptions {
  cards: CardAccess;
  logger: Logger;
  clock?: () => Date;
  fontsDirectory?: string;
  /** How this host shows the printable report (absent: the report is opened from the folder). */
  reportViewer?: ReportViewer;
  /** The air-gap survey (tests give their own; default: this machine's, air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

const WHO = 'the clone';

function buildSnapshot(state: VerifyState): DkekVerifySnapshot {
  const stage = state.stage;
  const folder = stage.step === 'folder' ? undefined : stage.folder;
  const entry = stage.step === 'result' ? stage.entry : undefined;
  return {
    ceremonyId: state.id,
    rehearsal: entry?.device.simulated ?? folder?.record.rehearsal ?? false,
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(folder ? { folder: folder.path } : {}),
    ...(folder?.record.dkek.kcv ? { kcv: folder.record.dkek.kcv } : {}),
    ...(stage.step === 'result'
      ? {
          device: {
            deviceId: stage.deviceId,
            ...(stage.entry.device.serial ? { serial: stage.entry.device.serial } : {}),
            version: stage.entry.device.version,
            simulated: stage.entry.device.simulated,
          },
        }
      : {}),
    ...(entry
      ? {
          result: {
            verdict: entry.verdict,
            kcv: {
              expected: entry.expectedKcv,
              found: entry.foundKcv,
              ok: entry.expectedKcv === entry.foundKcv,
            },
            keys: entry.keys.map((key) => ({ ...key, checks: key.checks.map((c) => ({ ...c })) })),
            extra: [...entry.extra],
            report: entry.report,
          },
        }
      : {}),
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
    ...(state.stopped ? { stopped: { ...state.stopped } } : {}),
    finished: state.finished ?? false,
  };
}

export class DkekVerifyEngine {
  private readonly core: EngineCore<DkekVerifyStepId, VerifyState, DkekVerifySnapshot>;
  private readonly clock: () => Date;

  constructor(private readonly options: DkekVerifyEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.core = new EngineCore(
      DKEK_VERIFY_STEPS,
      'verification',
      buildSnapshot,
      options.logger.child({ module: 'dkek-verify' }),
      () => undefined,
      options.airGap ? { airGap: options.airGap } : {},
    );
  }

  onSnapshot(listener: SnapshotListener<DkekVerifySnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): DkekVerifySnapshot | null {
    return this.core.current();
  }

  start(): Promise<DkekVerifySnapshot> {
    return this.core.intent(async () =>
      this.core.begin({
        id: randomUUID(),
        wizard: startWizard(DKEK_VERIFY_STEPS),
        stage: { step: 'folder' },
      }),
    );
  }

  chooseFolder(path: string): Promise<DkekVerifySnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['folder'], 'choose the ceremony folder');
      const folder = await openBackedUpFolder(path);
      recordedDomain(folder.record, 'verification');
      this.core.advance(state);
      state.stage = { step: 'device', folder };
      return this.core.snapshot();
    });
  }

  /** Compares the clone with the record, proves its signing keys and writes the report. */
  verify(deviceId: string, pin: string): Promise<DkekVerifySnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['device'], 'verify the clone');
      const folder = (state.stage as Extract<Stage, { step: 'device' }>).folder;
      const domain = recordedDomain(folder.record, 'verification');
      const compared = await this.core.busy(state, 'Comparing the clone with the record', () =>
        withCard(this.options.cards, deviceId, WHO, async (card) => {
          if (card.identity.serial !== undefined && card.identity.serial === domain.primarySerial)
            throw new Refusal(
              'conflict',
              `This card is the primary (serial ${card.identity.serial}); a verification checks the clone against the primary's record. Insert the secondary.`,
            );
          const status = await statusAfterPin(card.client, pin, WHO);
          try {
            const present = await readKeyInventory(card.client);
            const result = await compareClone({
              client: card.client,
              status,
              expectedKcv: domain.kcv,
              present,
              recorded: recordedKeys(folder.record),
            });
            return { result, device: cardRecord(card) };
          } catch (error) {
            throw cardRefusal(error, WHO);
          }
        }),
      );
      const at = this.clock();
      const report = `verification-${compared.device.serial ?? 'clone'}-${at.toISOString().replace(/[:.]/g, '-')}.html`;
      const entry: VerificationEntry = {
        kind: 'verification',
        at: at.toISOString(),
        device: compared.device,
        expectedKcv: domain.kcv,
        foundKcv: compared.result.foundKcv,
        keys: compared.result.keys,
        extra: compared.result.extra,
        verdict: verdictOf(compared.result),
        report,
      };
      // The verification ends here: both air-gap surveys go in before it is recorded, so the
      // report's transcript head covers them (issue 14).
      await this.core.recordAirGap(state, folder);
      const fonts = await loadSheetFonts(this.options.fontsDirectory);
      const html = renderDkekVerificationReport(
        entry,
        {
          ceremonyName: folder.record.name,
          ceremonyId: folder.record.ceremonyId,
          rehearsal: folder.record.rehearsal || compared.device.simulated,
          primarySerial: domain.primarySerial,
          transcriptHead: folder.transcript.head,
        },
        fonts,
      );
      try {
        await writeFileAtomic(join(folder.path, report), html, { exclusive: true, mode: 0o644 });
      } catch (error) {
        throw new Refusal(
          'io-error',
          `The report ${report} could not be written into ${folder.path}; check the folder is writable. The comparison was not recorded.`,
          { cause: error },
        );
      }
      await folder.update((record) => ({ ...record, clones: [...(record.clones ?? []), entry] }));
      await folder.log('dkek-clone-verified', {
        device: entry.device,
        verdict: entry.verdict,
        foundKcv: entry.foundKcv,
        proven: entry.keys.filter((k) => k.proof === 'proven').map((k) => k.keyReference),
        failed: entry.keys.filter((k) => k.proof === 'failed').map((k) => k.keyReference),
        extra: entry.extra,
        report,
      });
      this.core.advance(state);
      state.stage = {
        step: 'result',
        folder,
        deviceId,
        entry,
        reportSha256: createHash('sha256').update(html).digest('hex'),
      };
      state.finished = true;
      return this.core.snapshot();
    });
  }

  /**
   * Shows the printable report this verification wrote, as the YubiHSM verification does: the
   * page names the verification by its ceremony id only; main picks the file, and shows it only
   * while its result is on screen and only if it still holds what was written.
   */
  openReport(ceremonyId: string): Promise<{ opened: ReportOpened; snapshot: DkekVerifySnapshot }> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (!state || state.stopped || state.stage.step !== 'result')
        throw new Refusal(
          'conflict',
          'No verification has finished here, so there is no report to open. Verify the clone first.',
        );
      if (ceremonyId !== state.id)
        throw new Refusal(
          'conflict',
          'That report belongs to an earlier verification, not the one on screen. Open the report from the result shown now.',
        );
      const { folder, entry, reportSha256 } = state.stage;
      const viewer = this.options.reportViewer;
      if (!viewer)
        throw new Refusal(
          'conflict',
          `This host cannot show the report; open ${entry.report} from the ceremony folder in a browser.`,
        );
      const path = join(folder.path, entry.report);
      const html = await readFile(path, 'utf8').catch(() => {
        throw new Refusal(
          'io-error',
          `${entry.report} could not be read from the ceremony folder (moved or deleted?). Verify the clone again to write a new report.`,
        );
      });
      if (createHash('sha256').update(html).digest('hex') !== reportSha256)
        throw new Refusal(
          'io-error',
          `${entry.report} has been changed since Custos wrote it, so it is not shown. Verify the clone again to write a new report.`,
        );
      const shown = await viewer.open({ html, path });
      this.core.log.info('DKEK verification report opened', {
        report: entry.report,
        how: shown.kind,
      });
      const opened: ReportOpened =
        shown.kind === 'page' ? { kind: 'page', url: shown.url } : { kind: 'viewer' };
      return { opened, snapshot: this.core.snapshot() };
    });
  }

  cancel(): Promise<DkekVerifySnapshot> {
    return this.core.intent(async () => {
      const state = this.core.active('cancel');
      if (state.busy) throw new Refusal('conflict', 'Custos is comparing the clone; wait.');
      state.stopped = {
        status: 'abandoned',
        reason: 'The verification was cancelled.',
        deviceTouched: false,
      };
      this.core.emit();
      return this.core.snapshot();
    });
  }

  close(): Promise<null> {
    return this.core.intent(async () => this.core.end());
  }

  shutdown(): Promise<void> {
    return this.core.intent(async () => this.core.wipeCurrent());
  }
}
