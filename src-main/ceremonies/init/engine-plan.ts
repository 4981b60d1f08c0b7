// The engine's first three steps: preflight (choose the primary, check it is factory-fresh,
// reset it only behind a typed confirmation), the plan (draft, passwords, folder, plan files)
// and the move to the review, where every id is fixed and the plan is read back.

import { newResetWord } from './reset-word';
import { setSkipped } from '../../../shared/ceremony/wizard';
import { INIT_STEPS } from '../../../shared/ceremony/init-steps';
import { Refusal } from '../../refusal/refusal';
import { wrappedFileName } from '../../records/wrapped-file';
import { evaluate, type Ceremony } from './ceremony-state';
import { deviceFailureReason } from '../common/device-failures';
import type { EngineContext } from './engine-context';
import { networkWarning } from './network-check';
import { airGapView } from '../common/air-gap';
import { withoutPasswordFiles, type PlanDraft } from './plan-draft';
import { checkCeremonyFolder, PlanFileError, readPlanFile, writePlanFile } from './plan-file';
import type { PasswordKey } from './passwords';
import type { PlanChooser } from './plan-chooser';
import {
  describeExtraObjects,
  inspectPrimary,
  resetConfirmationFor,
  resetPrimary,
} from './primary-check';
import { resolvePlan, type ResolvedPlan } from './resolved-plan';
import { reviewWarnings } from './review';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanProblem } from '../../../shared/ceremony/init-plan';

export class PlanIntents {
  constructor(private readonly engine: EngineContext) {}

  async choosePrimary(ceremony: Ceremony, deviceId: string): Promise<Ceremony> {
    ceremony.busy = 'Checking the device';
    ceremony.primaryCheck = { state: 'checking', deviceId };
    this.engine.emit();
    try {
      await this.inspect(ceremony, deviceId);
    } finally {
      ceremony.busy = undefined;
    }
    return ceremony;
  }

  async resetPrimary(
    ceremony: Ceremony,
    deviceId: string,
    confirmation: string,
  ): Promise<Ceremony> {
    const check = ceremony.primaryCheck;
    if (!check || check.state !== 'not-fresh' || check.deviceId !== deviceId) {
      throw new Refusal(
        'conflict',
        'Only the device preflight found not factory-fresh can be reset here; choose it as the primary first.',
      );
    }
    // Checked here against what the person typed; the page was never told the word. Each
    // attempt uses up the word: whatever happens next, a new one is shown (reset-word.ts).
    const word = ceremony.resetWord;
    delete ceremony.resetWord;
    if (confirmation.trim() !== resetConfirmationFor(check.serial, word)) {
      const channel = this.engine.options.resetWord;
      ceremony.problem = {
        field: 'resetConfirmation',
        message: channel
          ? `Type RESET, a space, the serial number of the device, a space and the word Custos shows in ${channel.where}, exactly. Nothing was reset; a new word is shown there now.`
          : 'Type RESET, a space and the serial number of the device exactly to reset it. Nothing was reset.',
      };
      this.issueResetWord(ceremony);
      return ceremony;
    }
    const confirm = this.engine.options.confirmReset;
    if (confirm && !(await confirm({ serial: check.serial, objects: check.objects.length }))) {
      ceremony.problem = {
        field: 'resetConfirmation',
        message: 'The reset was not confirmed in the dialog. Nothing was reset.',
      };
      this.issueResetWord(ceremony);
      return ceremony;
    }
    ceremony.busy = 'Resetting the device';
    this.engine.emit();
    try {
      this.engine.log.warn("resetting the primary at the administrator's typed confirmation", {
        deviceId,
        serial: check.serial,
        objects: check.objects.length,
      });
      try {
        await resetPrimary(this.engine.options.devices, deviceId);
      } catch (error) {
        ceremony.problem = {
          field: 'resetConfirmation',
          message: `The device could not be reset: ${deviceFailureReason(error, 'the device')}.`,
        };
        this.issueResetWord(ceremony);
        return ceremony;
      }
      await this.inspect(ceremony, deviceId);
      if (ceremony.primaryCheck?.state === 'unreachable') {
        ceremony.primaryCheck = {
          ...ceremony.primaryCheck,
          message:
            'The device was reset and is restarting. Wait until it is listed again, then choose it.',
        };
      }
    } finally {
      ceremony.busy = undefined;
    }
    return ceremony;
  }

  toPlan(ceremony: Ceremony): Ceremony {
    const check = ceremony.primaryCheck;
    if (!check || check.state !== 'factory-fresh') {
      const why =
        !check || check.state === 'checking'
          ? 'choose the primary and wait for its check first'
          : check.state === 'not-fresh'
            ? `the primary is not factory-fresh (it also holds ${describeExtraObjects(check.objects)}); reset it or choose another device`
            : check.message.replace(/\.$/, '');
      throw new Refusal(
        'not-factory-fresh',
        `The plan comes after a factory-fresh primary: ${why}.`,
      );
    }
    this.engine.advance(ceremony);
    return ceremony;
  }

  update(ceremony: Ceremony, draft: PlanDraft): Ceremony {
    ceremony.draft = withoutPasswordFiles(draft);
    return ceremony;
  }

  setPassword(
    ceremony: Ceremony,
    key: PasswordKey,
    password: string,
    confirmation: string,
  ): Ceremony {
    ceremony.passwords.set(key, password, confirmation);
    return ceremony;
  }

  async setFolder(ceremony: Ceremony, folder: string): Promise<Ceremony> {
    ceremony.folder = folder.trim();
    ceremony.folderProblem = await checkCeremonyFolder(ceremony.folder);
    return ceremony;
  }

  /** Loads the plan file the person chose; answers with where it came from (null: cancelled). */
  async load(ceremony: Ceremony, name: string | undefined): Promise<string | null> {
    const chooser = this.chooser();
    const path = await chooser.loadSource(name);
    if (path === undefined) return null;
    try {
      const loaded = await readPlanFile(path);
      ceremony.draft = loaded.draft;
    } catch (error) {
      if (error instanceof PlanFileError)
        throw new Refusal('invalid-input', sentence(error.message));
      throw error;
    }
    this.engine.log.info('plan loaded from a plan file the administrator chose', {
      where: chooser.where,
    });
    return path;
  }

  /**
   * Saves the plan where the person chose: a new file, or over a Custos plan once the person
   * confirmed the replace (here, or in the system chooser). Never over anything else.
   */
  async save(
    ceremony: Ceremony,
    name: string,
    replace: boolean,
  ): Promise<{ outcome: 'saved' | 'exists' | 'cancelled'; file: string }> {
    const target = await this.chooser().saveTarget(name);
    if (!target) return { outcome: 'cancelled', file: '' };
    try {
      const outcome = await writePlanFile(target.path, ceremony.draft, {
        replace: replace || target.replaceConfirmed,
      });
      return { outcome, file: target.path };
    } catch (error) {
      if (error instanceof PlanFileError) throw new Refusal('io-error', sentence(error.message));
      throw error;
    }
  }

  async listPlans(): Promise<{
    where: 'plans-folder' | 'chooser';
    folder?: string;
    names: string[];
  }> {
    const chooser = this.engine.options.planChooser;
    if (!chooser) return { where: 'chooser', names: [] };
    return {
      where: chooser.where,
      ...(chooser.folder ? { folder: chooser.folder } : {}),
      names: await chooser.list(),
    };
  }

  private chooser(): PlanChooser {
    const chooser = this.engine.options.planChooser;
    if (!chooser)
      throw new Refusal(
        'conflict',
        'Plan files cannot be chosen here; use the command line (npm run cli -- init --plan).',
      );
    return chooser;
  }

  async toReview(ceremony: Ceremony): Promise<Ceremony> {
    if (ceremony.folder) ceremony.folderProblem = await checkCeremonyFolder(ceremony.folder);
    const evaluation = evaluate(ceremony);
    if (
      evaluation.errors.length > 0 ||
      !evaluation.plan ||
      !evaluation.capabilities ||
      !ceremony.primary ||
      !ceremony.folder
    ) {
      const first = evaluation.errors[0];
      ceremony.problem = {
        ...(first ? { field: first.field } : {}),
        message: `The plan is not ready for review: ${first?.message ?? 'it is incomplete'}.`,
      };
      return ceremony;
    }
    const resolved = resolvePlan(
      evaluation.plan,
      evaluation.capabilities,
      ceremony.inventory,
      ceremony.folder,
      ceremony.primary,
    );
    const clash = await backupClash(resolved);
    if (clash) {
      ceremony.folderProblem = clash;
      ceremony.problem = clash;
      return ceremony;
    }
    ceremony.resolved = resolved;
    ceremony.reviewWarnings = [
      ...reviewWarnings(evaluation.warnings, networkWarning(ceremony.network)),
      ...airGapView(ceremony.airGap).airGapWarnings.map((message) => ({
        field: 'air-gap',
        message,
      })),
    ];
    ceremony.wizard = setSkipped(
      INIT_STEPS,
      ceremony.wizard,
      'verification',
      !resolved.plan.verificationRound,
    );
    this.engine.advance(ceremony);
    return ceremony;
  }

  private async inspect(ceremony: Ceremony, deviceId: string): Promise<void> {
    const inspection = await inspectPrimary(this.engine.options.devices, deviceId);
    ceremony.primaryCheck = inspection.check;
    ceremony.inventory = inspection.inventory;
    if (inspection.device) ceremony.primary = inspection.device;
    else delete ceremony.primary;
    this.issueResetWord(ceremony);
    this.engine.log.info('primary checked', { deviceId, state: inspection.check.state });
  }

  /** A not-fresh primary's reset asks for a fresh word where the host shows one; else none. */
  private issueResetWord(ceremony: Ceremony): void {
    delete ceremony.resetWord;
    const check = ceremony.primaryCheck;
    const channel = this.engine.options.resetWord;
    if (!channel || check?.state !== 'not-fresh') return;
    ceremony.resetWord = newResetWord();
    // Shown to the person only: neither the snapshot nor the log carries the word.
    channel.show({ serial: check.serial }, ceremony.resetWord);
    ceremony.primaryCheck = { ...check, resetWordShownIn: channel.where };
  }
}

/** The .yhw files this ceremony will write must not be in the folder already. */
export async function backupClash(resolved: ResolvedPlan): Promise<PlanProblem | undefined> {
  const ids = [
    resolved.plan.applicationKey.id,
    ...(resolved.plan.auditKey ? [resolved.plan.auditKey.id] : []),
  ];
  for (const id of ids) {
    const name = wrappedFileName(id, 'authentication-key');
    try {
      await stat(join(resolved.folder, name));
      return {
        field: 'folder',
        message: `${resolved.folder} already holds ${name}, which this ceremony would write; choose an empty folder`,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        return {
          field: 'folder',
          message: `the folder ${resolved.folder} cannot be read; choose another one`,
        };
    }
  }
  return undefined;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}
