// The share audit (issue 12 §1): no device. M custodians come back and enter their shares one at
// a time (handover, checked lines, clearing, as at a restore); each is checked against its
// custodian's commitment in the record and named when it is wrong; once M are in the set is
// recombined and its check value compared with the record; the audit entry, its transcript
// event and a printable report go into the ceremony folder. The rebuilt key is wiped at once:
// an audit needs only its check value.

import { randomUUID } from 'node:crypto';
import {
  AUDIT_STEPS,
  type AuditResult,
  type AuditSnapshot,
  type AuditStepId,
  type ShareEntry,
} from '../../../shared/ceremony/audit-snapshot';
import type { LeaveReason } from '../../../shared/ceremony/custodian-turn';
import { startWizard } from '../../../shared/ceremony/wizard';
import type { Logger } from '../../log/logger';
import type { CeremonyFolder } from '../../records/ceremony-folder';
import { Refusal } from '../../refusal/refusal';
import { zeroize } from '../../secrets';
import type { AirGapSurvey } from '../common/air-gap';
import { EngineCore, type CoreState, type SnapshotListener } from '../common/engine-core';
import type { RecombineResult } from '../common/share-collection';
import type { ShareEntryTurns } from '../common/share-entry';
import { writeAudit, type AuditFacts } from './audit-record';
import { auditVerdict } from './audit-report';
import { describeShareCeremony, openShareCeremony, shareEntryFor } from './share-ceremony';

/** What main holds at each step: the shares entered exist only at the shares step. */
export type AuditStage =
  | { readonly step: 'source' }
  | { readonly step: 'shares'; readonly folder: CeremonyFolder; readonly entry: ShareEntryTurns }
  | { readonly step: 'result'; readonly folder: CeremonyFolder; readonly result: AuditResult };

export interface AuditState extends CoreState<AuditStepId> {
  stage: AuditStage;
}

export interface AuditEngineOptions {
  logger: Logger;
  toolVersion: string;
  clock?: () => Date;
  fontsDirectory?: string;
  /** The air-gap survey (tests give their own; default: this machine's, air-gap.ts). */
  airGap?: () => AirGapSurvey;
}

/** The facts an audit records, from the shares accepted and the recombination. */
export function auditFacts(
  entry: ShareEntryTurns,
  result: RecombineResult,
  recordedKcv: string,
): AuditFacts {
  const collector = entry.collector;
  const proven = collector.accepted.map((a) => ({
    shareNumber: a.shareNumber,
    custodian: a.name ?? `custodian ${a.shareNumber}`,
  }));
  const shareSet = collector.superseded ? 'superseded' : 'current';
  if (result.ok && result.kcv === recordedKcv)
    return { outcome: 'proven', shareSet, proven, wrong: [], kcv: result.kcv };
  return {
    outcome: 'not-proven',
    shareSet,
    proven: [],
    wrong: [],
    ...(result.ok ? { kcv: result.kcv } : {}),
    reason: result.ok
      ? `the shares rebuild a wrap key with check value ${result.kcv}, but the record's is ${recordedKcv}.`
      : result.problems.join(' '),
  };
}

export class AuditEngine {
  private readonly core: EngineCore<AuditStepId, AuditState, AuditSnapshot>;
  private readonly clock: () => Date;

  constructor(private readonly options: AuditEngineOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.core = new EngineCore(
      AUDIT_STEPS,
      { noun: 'share audit', a: 'A share audit' },
      buildAuditSnapshot,
      options.logger.child({ module: 'audit' }),
      (state) => forgetShares(state.stage),
      {
        leaving: (state) => forgetShares(state.stage),
        ...(options.airGap ? { airGap: options.airGap } : {}),
      },
    );
  }

  onSnapshot(listener: SnapshotListener<AuditSnapshot>): () => void {
    return this.core.onSnapshot(listener);
  }

  current(): AuditSnapshot | null {
    return this.core.current();
  }

  start(): Promise<AuditSnapshot> {
    return this.core.intent(async () =>
      this.core.begin({
        id: randomUUID(),
        wizard: startWizard(AUDIT_STEPS),
        stage: { step: 'source' },
      }),
    );
  }

  chooseFolder(path: string): Promise<AuditSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['source'], 'choose the ceremony folder');
      const folder = await openShareCeremony(path);
      this.core.advance(state);
      state.stage = {
        step: 'shares',
        folder,
        entry: shareEntryFor(folder, { requireRecorded: true }),
      };
      this.core.log.info('share audit folder chosen', { ceremony: folder.record.id });
      return this.core.snapshot();
    });
  }

  back(): Promise<AuditSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares'], 'go back');
      const stage = this.shares(state);
      if (stage.entry.collector.accepted.length > 0)
        throw new Refusal(
          'conflict',
          'Custodians have already entered shares in this audit; cancel it to start again instead.',
        );
      this.core.back(state);
      state.stage = { step: 'source' };
      return this.core.snapshot();
    });
  }

  beginTurn(custodian: number): Promise<AuditSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares'], "begin a custodian's turn");
      this.shares(state).entry.begin(custodian);
      return this.core.snapshot();
    });
  }

  submitShare(share: ShareEntry): Promise<AuditSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares'], 'enter a share');
      const verdict = this.shares(state).entry.submit(share);
      this.core.log.info(
        verdict.ok ? 'an audited share was proven' : 'an audited share was refused',
        {
          ...(verdict.ok ? { shareNumber: verdict.shareNumber } : {}),
        },
      );
      return this.core.snapshot();
    });
  }

  abandonTurn(reason: LeaveReason): Promise<AuditSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares'], 'leave the turn');
      this.shares(state).entry.abandon(reason);
      return this.core.snapshot();
    });
  }

  /** After the blank screen: the next custodian, or — with M shares in — the verdict. */
  nextCustodian(): Promise<AuditSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.at(['shares'], 'call the next custodian');
      const { folder, entry } = this.shares(state);
      if (!entry.next()) return this.core.snapshot();
      const result = await this.core.busy(state, 'Recombining the shares', () =>
        entry.collector.recombine(),
      );
      if (result.ok) zeroize(result.secret.key);
      const facts = auditFacts(entry, result, folder.record.wrapKey!.kcv);
      if (!result.ok) entry.setProblems = result.problems;
      // The audit ends here: both air-gap surveys go in before it, so its report's transcript
      // head covers them (issue 14).
      await this.core.recordAirGap(state, folder);
      const written = await writeAudit(folder, facts, {
        at: this.clock(),
        toolVersion: this.options.toolVersion,
        ...(this.options.fontsDirectory ? { fontsDirectory: this.options.fontsDirectory } : {}),
      });
      const warnings = [...entry.warnings, ...(result.ok ? result.warnings : [])];
      this.core.advance(state);
      state.stage = {
        step: 'result',
        folder,
        result: {
          outcome: facts.outcome,
          shareSet: facts.shareSet,
          proven: facts.proven,
          wrong: facts.wrong,
          ...(facts.kcv ? { kcv: facts.kcv } : {}),
          matchesRecord: facts.outcome === 'proven',
          summary: auditVerdict(written.entry, folder.record.wrapKey!.kcv),
          warnings: [...new Set(warnings)],
          report: written.entry.report,
          transcriptHead: written.transcriptHead,
        },
      };
      state.finished = true;
      this.core.log.info('share audit recorded', { outcome: facts.outcome });
      return this.core.snapshot();
    });
  }

  cancel(): Promise<AuditSnapshot> {
    return this.core.intent(async () => {
      const state = this.core.active('cancel');
      forgetShares(state.stage);
      state.stopped = {
        status: 'abandoned',
        reason: 'The share audit was cancelled; nothing was recorded.',
        deviceTouched: false,
      };
      return this.core.snapshot();
    });
  }

  close(): Promise<null> {
    return this.core.intent(async () => {
      const state = this.core.state;
      if (state && !state.stopped && !state.finished)
        throw new Refusal(
          'conflict',
          'This share audit is still under way; cancel it before closing it.',
        );
      return this.core.end();
    });
  }

  shutdown(): Promise<void> {
    return this.core.intent(async () => this.core.wipeCurrent());
  }

  private shares(state: AuditState): Extract<AuditStage, { step: 'shares' }> {
    if (state.stage.step !== 'shares') throw this.core.outOfOrder(state, 'shares', 'enter a share');
    return state.stage;
  }
}

function forgetShares(stage: AuditStage): void {
  if (stage.step === 'shares') stage.entry.forget();
}

export function buildAuditSnapshot(state: AuditState): AuditSnapshot {
  const stage = state.stage;
  const folder = stage.step === 'source' ? undefined : stage.folder;
  return {
    ceremonyId: state.id,
    rehearsal: folder?.record.rehearsal ?? false,
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(folder ? { ceremony: describeShareCeremony(folder) } : {}),
    view:
      stage.step === 'source'
        ? { step: 'source' }
        : stage.step === 'shares'
          ? { step: 'shares', ...stage.entry.view() }
          : { step: 'result', ...stage.result },
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
    ...(state.stopped ? { stopped: { ...state.stopped } } : {}),
  };
}
