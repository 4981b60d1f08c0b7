// The verification's engine for the screens (verify/* channels): the ceremony folder, the
// secondary (and optionally the live primary), the application key, then the comparison and
// the signature checks, with the report written into the folder. The password is held only as
// its derived keys and wiped when the verification ends, or at once when a device refuses it (so
// the screen asks for it again). A device that drops out mid-run leaves nothing recorded and the
// verification where it was, to be run again.

import { airGapView, type AirGapSurvey } from '../common/air-gap';
import { createHash, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import {
  VERIFY_STEPS,
  type ReportOpened,
  type VerifySnapshot,
  type VerifyStepId,
} from '../../../shared/ceremony/verify-snapshot';
import { startWizard } from '../../../shared/ceremony/wizard';
import type { CeremonyRecord } from '../../../shared/records/ceremony-record';
import { Refusal } from '../../refusal/refusal';
import type { Logger } from '../../log/logger';
import { CeremonyFolder, CeremonyFolderError } from '../../records/ceremony-folder';
import type { DeviceAccess } from '../common/device-access';
import { deviceFailureSentence, isConnectionLoss } from '../common/device-failures';
import {
  dropCredential,
  forgetCredential,
  holdCredential,
  type HeldCredential,
} from '../common/derived-credential';
import type { ReportViewer } from '../../print/report-viewer';
import { EngineCore, type CoreState, type SnapshotListener } from '../common/engine-core';
import { applicationKeyId } from '../common/record-facts';
import { verifyClone, type VerifyCloneResult } from './verify-clone';
import { ceremonyFolderReason } from '../../records/file-failure';

interface VerifyState extends CoreState<VerifyStepId> {
  folderPath?: string;
  record?: CeremonyRecord;
  secondary?: { deviceId: string; serial: number; simulated: boolean };
  primary?: { deviceId: string; serial: number; simulated: boolean };
  credential?: HeldCredential;
  result?: VerifyCloneResult;
}

export interface VerifyEngineOptions {
  devices: DeviceAccess;
  logger: Logger;
  toolVersion: string;
  clock?: () => Date;
  fontsDirectory?: string;
  /** How this host shows the printable report (none: the result only names the file). */
  reportViewer?: ReportViewer;
  /** The air-gap survey (tests give a fixed one; default: this machine's, common/air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

function buildSnapshot(state: VerifyState): VerifySnapshot {
  const view = ((): VerifySnapshot['view'] => {
    switch (state.wizard.current) {
      case 'source':
        return { step: 'source', ...(state.folderPath ? { folder: state.folderPath } : {}) };
      case 'devices': {
        const suggested = state.record ? applicationKeyId(state.record) : undefined;
        return {
          step: 'devices',
          ...(suggested === undefined ? {} : { suggestedAuthKeyId: suggested }),
          needsPrimary: !state.record,
          passwordGiven: state.credential !== undefined,
        };
      }
      case 'result': {
        const { entry, summary, transcriptHead } = state.result!;
        return {
          step: 'result',
          against: entry.against,
          allMatch: entry.allMatch,
          objects: entry.objects,
          signatures: entry.signatures,
          report: entry.report,
          summary,
          ...(transcriptHead ? { transcriptHead } : {}),
        };
      }
    }
  })();
  return {
    ceremonyId: state.id,
    ...airGapView(state.airGap),
    rehearsal: (state.secondary?.simulated ?? false) || (state.record?.rehearsal ?? false),
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(state.folderPath ? { folder: state.folderPath } : {}),
    ...(state.record ? { ceremonyName: state.record.name } : {}),
    ...(state.secondary ? { secondary: { ...state.secondary } } : {}),
    ...(state.primary ? { primary: { ...state.primary } } : {}),
    view,
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
  };
}

/** Why a run failed; a device that dropped out mid-run means nothing was recorded and the run can be repeated. */
function runFailureSentence(error: unknown, role: string): string {
  if (!isConnectionLoss(error)) return deviceFailureSentence(error, role);
  const who = role.charAt(0).toUpperCase() + role.slice(1);
  return `${who} stopped answering (it was unplugged, or its connection dropped) before the comparison was complete, so nothing was recorded. Plug it back in, wait until it is listed again, and verify again.`;
}

export class VerifyEngine {
  private readonly core: EngineCore<VerifyStepId, VerifyState, VerifySnapshot>;

  constructor(private readonly options: VerifyEngineOptions) {
    this.core = new EngineCore(
      VERIFY_STEPS,
      'verification',
      buildSnapshot,
      options.logger.child({ module: 'verify' }),
      dropCredential,
      options.airGap ? { airGap: options.airGap } : {},
    );
  }

  onSnapshot(listener: SnapshotListener<VerifySnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): VerifySnapshot | null {
    return this.core.current();
  }

  start(): Promise<VerifySnapshot> {
    return this.core.intent(async () =>
      this.core.begin({ id: randomUUID(), wizard: startWizard(VERIFY_STEPS) }),
    );
  }

  chooseFolder(folder: string): Promise<VerifySnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['source'], 'choose the ceremony folder');
      // A mistyped path is not "a folder without a record": the report could not be written
      // there, and the live-primary comparison it would lead to is not what was meant.
      const found = await stat(folder).catch(() => undefined);
      if (!found?.isDirectory())
        throw new Refusal(
          'invalid-input',
          `${folder} is not a folder on this computer: check the path, and give the ceremony folder as a full path.`,
        );
      try {
        state.record = (await CeremonyFolder.open(folder)).record;
      } catch (error) {
        if (!(error instanceof CeremonyFolderError) || error.reason !== 'no-ceremony')
          throw new Refusal('io-error', `${ceremonyFolderReason(error, folder)}.`, {
            cause: error,
          });
        delete state.record;
      }
      state.folderPath = folder;
      this.core.advance(state);
      return this.core.snapshot();
    });
  }

  chooseSecondary(deviceId: string): Promise<VerifySnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['devices'], 'choose the secondary');
      const chosen = this.describe(deviceId);
      // Said when the device is chosen, not at Run: the person is still at the list and can
      // choose the clone instead.
      const primarySerial = state.primary?.serial ?? state.record?.primary.serial;
      if (chosen.serial === primarySerial)
        throw new Refusal(
          'conflict',
          `The device chosen as the clone (serial ${chosen.serial}) is the primary itself. Plug in the secondary and choose it.`,
        );
      state.secondary = chosen;
      return this.core.snapshot();
    });
  }

  /** The live primary to compare with (null: compare with the record). */
  choosePrimary(deviceId: string | null): Promise<VerifySnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['devices'], 'choose the primary');
      if (deviceId === null) delete state.primary;
      else {
        const chosen = this.describe(deviceId);
        if (chosen.serial === state.secondary?.serial)
          throw new Refusal(
            'conflict',
            `The device chosen as the primary (serial ${chosen.serial}) is the clone itself. Choose the primary, or compare with the record.`,
          );
        state.primary = chosen;
      }
      return this.core.snapshot();
    });
  }

  authenticate(password: string, authKeyId?: number): Promise<VerifySnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['devices'], "give the application key's password");
      const id = authKeyId ?? (state.record ? applicationKeyId(state.record) : undefined);
      if (id === undefined)
        throw new Refusal(
          'invalid-input',
          'Name the application authentication key (its id); the folder has no record that says which it is.',
        );
      forgetCredential(state.credential);
      state.credential = await holdCredential(password, id);
      return this.core.snapshot();
    });
  }

  run(): Promise<VerifySnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['devices'], 'verify the clone');
      if (!state.secondary)
        throw new Refusal('conflict', 'Choose the secondary (the clone) first.');
      if (!state.credential)
        throw new Refusal('conflict', "Give the application key's password first.");
      if (!state.record && !state.primary)
        throw new Refusal(
          'conflict',
          'This folder has no Custos record, so the live primary is needed to compare with: choose it first.',
        );
      const credential = state.credential;
      try {
        state.result = await this.core.busy(
          state,
          'Comparing the clone with the primary and checking signatures',
          () =>
            verifyClone({
              folderPath: state.folderPath!,
              access: this.options.devices,
              secondaryId: state.secondary!.deviceId,
              authKeyId: credential.authKeyId!,
              credential: { keys: credential.keys },
              toolVersion: this.options.toolVersion,
              ...(state.primary ? { primaryId: state.primary.deviceId } : {}),
              ...(this.options.clock ? { clock: this.options.clock } : {}),
              ...(this.options.fontsDirectory
                ? { fontsDirectory: this.options.fontsDirectory }
                : {}),
              // Both air-gap surveys go in before the verification's own entry (the end).
              beforeRecording: (folder) => this.core.recordAirGap(state, folder),
            }),
        );
      } catch (error) {
        if (error instanceof Refusal) {
          // A refused password is of no more use: wipe it, so the screen asks for it again.
          if (error.code === 'wrong-password') dropCredential(state);
          throw error;
        }
        state.problem = {
          message: runFailureSentence(error, state.primary ? 'a device' : 'the secondary'),
        };
        this.core.log.warn('verification stopped', { error });
        return this.core.snapshot();
      }
      this.core.advance(state);
      state.finished = true;
      dropCredential(state);
      return this.core.snapshot();
    });
  }

  /**
   * Shows the printable report this verification wrote. Main picks the file (the page names only
   * the verification, by its ceremony id) and shows it only while its result is on screen, and
   * only if it still holds what was written.
   */
  openReport(ceremonyId: string): Promise<{ opened: ReportOpened; snapshot: VerifySnapshot }> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (!state || state.stopped || state.wizard.current !== 'result' || !state.result)
        throw new Refusal(
          'conflict',
          'No verification has finished here, so there is no report to open. Verify the clone first.',
        );
      if (ceremonyId !== state.id)
        throw new Refusal(
          'conflict',
          'That report belongs to an earlier verification, not the one on screen. Open the report from the result shown now.',
        );
      const viewer = this.options.reportViewer;
      if (!viewer)
        throw new Refusal(
          'conflict',
          `This host cannot show the report; open ${state.result.entry.report} from the ceremony folder in a browser.`,
        );
      const { reportPath, reportSha256, entry } = state.result;
      const html = await readFile(reportPath, 'utf8').catch(() => {
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
      const shown = await viewer.open({ html, path: reportPath });
      const opened: ReportOpened =
        shown.kind === 'page' ? { kind: 'page', url: shown.url } : { kind: 'viewer' };
      this.core.log.info('verification report opened', { report: entry.report, how: shown.kind });
      return { opened, snapshot: this.core.snapshot() };
    });
  }

  close(): Promise<null> {
    return this.core.intent(async () => this.core.end());
  }

  shutdown(): Promise<void> {
    return this.core.intent(async () => this.core.wipeCurrent());
  }

  private describe(deviceId: string): { deviceId: string; serial: number; simulated: boolean } {
    const device = this.options.devices.describe(deviceId);
    if (!device)
      throw new Refusal(
        'device-missing',
        'That device is not connected. Plug it in, wait until it appears in the list, and choose it again.',
      );
    return { deviceId, serial: device.serial, simulated: device.simulated };
  }
}
