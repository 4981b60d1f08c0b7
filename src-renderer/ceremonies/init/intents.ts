// The user's intents for the initialization ceremony, one method per `init/*` channel. Each
// answers with the new snapshot, which goes straight into the store (stores/init-store.ts);
// the renderer never decides a step's outcome itself.

import type { InitPlanInput } from '../../../shared/ceremony/init-plan';
import type { InitSnapshot } from '../../../shared/ceremony/init-snapshot';
import type { CustosApi } from '../../../shared/ipc/api';
import type { SheetApi } from './shares/sheet-intents';
import type { RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { unansweredCall } from '../../bridge';
import type { InitStore } from '../../stores/init-store';
import { blankShare, sendIntent } from '../../stores/init-store';

export type HideReason = 'idle' | 'blur' | 'escape' | 'user';
export type PasswordKey = 'application' | 'audit';
export type PlanDraft = Partial<InitPlanInput> & Record<string, unknown>;
export type SavedPlan = ResponseOf<'init/save-plan'>;
export type PlanShelf = ResponseOf<'init/list-plans'>;

export class InitIntents {
  constructor(
    private readonly store: InitStore,
    private readonly api: CustosApi,
    /**
     * Where the share sheet's intents go when not to init's own channels (the reshare answers
     * them with its reshare/* sheet channels); absent, the sheet uses the window's API.
     */
    readonly sheetApi?: SheetApi,
  ) {}

  choosePrimary(deviceId: string) {
    return this.send(
      () => this.api.initChoosePrimary({ deviceId }),
      'a check of the chosen device',
    );
  }

  resetPrimary(deviceId: string, confirmation: string) {
    return this.send(
      () => this.api.initResetPrimary({ deviceId, confirmation }),
      'a reset of the device',
    );
  }

  toPlan() {
    return this.send(() => this.api.initToPlan({}), 'the plan step');
  }

  /** The draft as edited; main checks its shape (plan-draft.ts) and says what is wrong where. */
  updatePlan(plan: PlanDraft | Readonly<Record<string, unknown>>) {
    return this.send(
      () => this.api.initUpdatePlan({ plan: plan as RequestOf<'init/update-plan'>['plan'] }),
      'a check of the plan',
    );
  }

  /** The password goes to main and nowhere else; the caller clears its fields afterwards. */
  setPassword(key: PasswordKey, password: string, confirmation: string) {
    return this.send(
      () => this.api.initSetPassword({ key, password, confirmation }),
      'the password',
    );
  }

  setFolder(folder: string) {
    return this.send(() => this.api.initSetFolder({ folder }), 'a check of the ceremony folder');
  }

  /**
   * Loads the plan the person chose (by name in the plans folder, or in main's file chooser).
   * Answers where it came from, null when the chooser was cancelled, undefined when refused
   * (main's sentence is then shown at the top of the step).
   */
  async loadPlan(name?: string): Promise<string | null | undefined> {
    let file: string | null = null;
    const snapshot = await this.send(async () => {
      const result = await this.api.initLoadPlan(name === undefined ? {} : { name });
      if (!result.ok) return result;
      file = result.data.file;
      return { ok: true, data: result.data.snapshot };
    }, 'the plan file');
    return snapshot ? file : undefined;
  }

  /** Saves the plan; `replace` only after the person confirmed replacing the plan by that name. */
  async savePlan(name: string, replace: boolean): Promise<Result<SavedPlan>> {
    try {
      return await this.api.initSavePlan({ name, replace });
    } catch {
      return { ok: false, code: 'internal', message: unansweredCall('the plan file to be saved') };
    }
  }

  /** Where plans are kept, and the names already there (the browser host's plans folder). */
  async listPlans(): Promise<Result<PlanShelf>> {
    try {
      return await this.api.initListPlans({});
    } catch {
      return { ok: false, code: 'internal', message: unansweredCall('the list of plans') };
    }
  }

  /** Writes the printable ceremony script of the plan under review; never over an existing file. */
  async writeScript(path: string): Promise<Result<{ path: string }>> {
    try {
      return await this.api.initWriteScript({ path });
    } catch {
      return {
        ok: false,
        code: 'internal',
        message: unansweredCall('the ceremony script to be written'),
      };
    }
  }

  toReview() {
    return this.send(() => this.api.initToReview({}), 'the review');
  }

  back() {
    return this.send(() => this.api.initBack({}), 'the previous step');
  }

  begin() {
    return this.send(() => this.api.initBegin({}), 'the start of the ceremony');
  }

  revealShare() {
    return this.send(() => this.api.initRevealShare({}), 'the share');
  }

  /** The share leaves the screen now; main's answer (the handover) follows. */
  hideShare(reason: HideReason) {
    blankShare(this.store);
    return this.send(() => this.api.initHideShare({ reason }), 'the share to be hidden');
  }

  /**
   * Keeps a shown share up while the custodian is active. Fire and forget: it never fails.
   * `extended`: from the countdown before the share hides; main records it.
   */
  stillHere(extended = false): void {
    this.api.initStillHere(extended ? { extended } : {}).catch(() => undefined);
  }

  /** Like a hide, the share leaves the screen before main answers with the check. */
  shareRecorded() {
    blankShare(this.store);
    return this.send(() => this.api.initShareRecorded({}), 'the next part of the turn');
  }

  confirmShare(entries: string[]) {
    return this.send(() => this.api.initConfirmShare({ entries }), 'a check of what was typed');
  }

  nextCustodian() {
    return this.send(() => this.api.initNextCustodian({}), 'the next custodian');
  }

  enterVerificationShare(text: string) {
    return this.send(() => this.api.initEnterVerificationShare({ text }), 'a check of the share');
  }

  runDeviceSteps() {
    return this.send(() => this.api.initRunDeviceSteps({}), 'the device steps');
  }

  cancel() {
    return this.send(() => this.api.initCancel({}), 'the ceremony to be cancelled');
  }

  writeKspHandoff(connectorUrl: string | undefined) {
    return this.send(
      () => this.api.initWriteKspHandoff(connectorUrl === undefined ? {} : { connectorUrl }),
      'the KSP hand-off',
    );
  }

  /** Forgets an ended ceremony in main; the screen then goes home. */
  async close(): Promise<boolean> {
    try {
      const result = await this.api.initClose({});
      if (result.ok) this.store.setState({ snapshot: null, refusal: null });
      else
        this.store.setState((state) => ({ refusal: result.message, refused: state.refused + 1 }));
      return result.ok;
    } catch {
      this.store.setState((state) => ({
        refusal: unansweredCall('the ceremony to be closed'),
        refused: state.refused + 1,
      }));
      return false;
    }
  }

  private send(
    call: () => Promise<Result<InitSnapshot>>,
    what: string,
  ): Promise<InitSnapshot | null> {
    return sendIntent(this.store, call, what);
  }
}
