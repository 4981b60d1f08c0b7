// Main's state of one DKEK clone or sequential import (restore-engine.ts), one part per step
// (STYLE.md: per-step state as a union), and the snapshot built from it. The share holder's turn
// exists only at the shares step; the snapshot carries who holds the next share and what they
// gave was wrong, never a password, a password share or a share.

import type {
  DkekDerivationView,
  DkekRestoreSnapshot,
  DkekRestoreStepId,
} from '../../../shared/ceremony/dkek-clone-snapshot';
import type { CoreState } from '../common/engine-core';
import type { CardRecord, CloneFile, RecordedDomain } from './backup-record';
import type { ClonePlan } from './clone-secondary';
import type { HolderTurn } from './holder-turn';
import type { DkekCeremonyFolder } from './record';

/** clone: a secondary from the back-up; import: the next holder's share into a travelling device. */
export type RestoreMode = 'clone' | 'import';

export interface Chosen {
  folder: DkekCeremonyFolder;
  domain: RecordedDomain;
  deviceId: string;
  device: CardRecord;
  /** Import mode: always `import` (the device was initialised by the ceremony itself). */
  plan: ClonePlan;
}

export type Stage =
  | { step: 'folder' }
  | { step: 'device'; folder: DkekCeremonyFolder; domain: RecordedDomain }
  | ({ step: 'shares'; imported: number[]; turn?: HolderTurn } & Chosen)
  | ({ step: 'unwrap'; kcv: string; files: CloneFile[] } & Chosen);

export interface RestoreState extends CoreState<DkekRestoreStepId> {
  mode: RestoreMode;
  stage: Stage;
  pin?: string;
  soPin?: string;
  progress?: DkekDerivationView;
  finished?: boolean;
  summary?: string;
}

export function numbersUpTo(total: number): number[] {
  return Array.from({ length: total }, (_, i) => i + 1);
}

export function buildSnapshot(state: RestoreState, idleSeconds: number): DkekRestoreSnapshot {
  const stage = state.stage;
  const domain = stage.step === 'folder' ? undefined : stage.domain;
  const chosen = stage.step === 'shares' || stage.step === 'unwrap' ? stage : undefined;
  const total = domain?.shareCount ?? 0;
  const imported =
    stage.step === 'shares' ? stage.imported : stage.step === 'unwrap' ? numbersUpTo(total) : [];
  const next = numbersUpTo(total).find((n) => !imported.includes(n));
  const turn = stage.step === 'shares' ? stage.turn : undefined;
  return {
    ceremonyId: state.id,
    mode: state.mode,
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
    shares: {
      total,
      imported: [...imported],
      ...(next === undefined ? {} : { next }),
      ...(turn ? { turn: turn.view(idleSeconds) } : {}),
    },
    ...(state.progress ? { progress: { ...state.progress } } : {}),
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
