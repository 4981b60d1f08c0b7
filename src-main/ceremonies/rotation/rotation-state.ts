// Everything main holds about one running rotation, per step as a discriminated union (what a
// step holds exists only while the rotation is at that step, and is wiped when it leaves), and
// the snapshot built fresh from it: numbers, names and sentences, and a new share only in the
// reveal phase of its own custodian's turn (never in an event).

import type { ObjectRecord, RotationRecord } from '../../../shared/records/ceremony-record';
import type { RotationSnapshot, RotationView } from '../../../shared/ceremony/rotation-snapshot';
import {
  nextDeviceTask,
  whyNotNow,
  type RotationDeviceProgress,
  type RotationStepId,
} from '../../../shared/ceremony/rotation-steps';
import type { WrapSecret } from '../../secrets';
import type { CoreState } from '../common/engine-core';
import { forgetCredential, type HeldCredential } from '../common/derived-credential';
import type { ShareCollector } from '../common/share-collection';
import type { ShareTurns } from '../init/share-turns';
import { disposeMaterial, type WrapKeyMaterial } from '../init/wrap-key-material';
import type { EntryTurn } from '../restore/restore-stage';
import { authorizeCustodians, type RotationSource } from './rotation-source';

export type RotationStage =
  | { readonly step: 'source' }
  | {
      readonly step: 'authorize';
      collector: ShareCollector;
      turn: EntryTurn;
      setProblems: string[];
      /** The set rebuilt the recorded key. Resuming: the rebuilt key is the new key, kept for the devices. */
      rebuilt?: { kcv: string; used: number[]; newKey?: WrapSecret };
    }
  | {
      readonly step: 'new-shares';
      authorizedBy: number[];
      /** The new key; its shares are owned by `turns` (and wiped there). */
      material: WrapKeyMaterial;
      turns: ShareTurns;
      startedAt: Date;
    }
  | {
      readonly step: 'devices';
      /** The new wrap key with its policy: held until the rotation ends. */
      secret: WrapSecret;
      devices: RotationDeviceProgress[];
      canRetry: boolean;
      said: string[];
      newWrapKeyObject?: ObjectRecord;
    }
  | {
      readonly step: 'finished';
      rotation: RotationRecord;
      transcriptHead: string;
    };

export interface RotationKey extends HeldCredential {
  authKeyId: number;
}

export interface RotationState extends CoreState<RotationStepId> {
  source?: RotationSource;
  rotationKey?: RotationKey;
  /** The audit key: each device's audit log is read with it once that device is done. */
  auditKey?: HeldCredential;
  stage: RotationStage;
  /** Sentences about each device's audit log, as read. */
  audits: string[];
  rehearsal: boolean;
}

/** Wipes what a step holds: shares, the new key, the rebuilt key. */
export function wipeStage(stage: RotationStage): void {
  if (stage.step === 'authorize') {
    stage.collector.forget();
    stage.rebuilt?.newKey?.key.fill(0);
  } else if (stage.step === 'new-shares') {
    stage.turns.hide('user');
    stage.turns.dispose();
    disposeMaterial(stage.material);
  } else if (stage.step === 'devices') {
    stage.secret.key.fill(0);
  }
}

export function wipeRotation(state: RotationState): void {
  wipeStage(state.stage);
  forgetCredential(state.rotationKey);
  forgetCredential(state.auditKey);
  delete state.rotationKey;
  delete state.auditKey;
}

/** The snapshot; `withShare` false for events (a share is only ever in an intent's answer). */
export function buildRotationSnapshot(state: RotationState, withShare = true): RotationSnapshot {
  const record = state.source?.folder.record;
  return {
    ceremonyId: state.id,
    rehearsal: state.rehearsal,
    steps: {
      current: state.wizard.current,
      done: [...state.wizard.done],
      skipped: [...state.wizard.skipped],
    },
    ...(record?.wrapKey && state.source
      ? {
          ceremony: {
            folder: state.source.folder.path,
            name: record.name,
            primarySerial: record.primary.serial,
            kcv: record.wrapKey.kcv,
            wrapKeyId: record.wrapKey.id,
            threshold: record.wrapKey.threshold,
            custodians: record.custodians.map((c) => ({ index: c.index, name: c.name })),
            resuming: state.source.resuming !== undefined,
          },
        }
      : {}),
    view: buildView(state, withShare),
    ...(state.busy ? { busy: state.busy } : {}),
    ...(state.problem ? { problem: { ...state.problem } } : {}),
    ...(state.stopped ? { stopped: { ...state.stopped } } : {}),
  };
}

function buildView(state: RotationState, withShare: boolean): RotationView {
  const stage = state.stage;
  switch (stage.step) {
    case 'source':
      return {
        step: 'source',
        rotationKeyGiven: state.rotationKey !== undefined,
        auditKeyGiven: state.auditKey !== undefined,
      };
    case 'authorize': {
      const turn = stage.turn;
      const custodians = authorizeCustodians(state.source!);
      const waiting = stage.collector.waiting();
      return {
        step: 'authorize',
        set: state.source?.resuming ? 'new' : 'current',
        phase: stage.rebuilt ? 'recombined' : turn.phase === 'in-hand' ? 'entry' : turn.phase,
        threshold: stage.collector.threshold ?? 0,
        waiting: custodians.filter((c) => waiting.includes(c.index)),
        accepted: stage.collector.accepted.map((a) => a.shareNumber),
        ...(turn.phase !== 'handover'
          ? {
              atKeyboard: {
                index: turn.atKeyboard.index ?? 0,
                name: turn.atKeyboard.name,
              },
            }
          : {}),
        ...(turn.phase === 'in-hand' && turn.refusal
          ? { refusal: { message: turn.refusal.message } }
          : {}),
        ...(turn.phase === 'handover' && turn.leftBecause ? { leftBecause: turn.leftBecause } : {}),
        setProblems: [...stage.setProblems],
        ...(stage.rebuilt ? { kcv: stage.rebuilt.kcv } : {}),
      };
    }
    case 'new-shares': {
      const turn = stage.turns.view(withShare);
      return { step: 'new-shares', newWrapKeyId: stage.material.policy.wrapKeyId, turn };
    }
    case 'devices': {
      const rotation = state.source!.folder.record.rotations!.at(-1)!;
      return {
        step: 'devices',
        newKcv: rotation.newWrapKey.kcv,
        backupFolder: rotation.backupFolder,
        devices: stage.devices.map((d) => {
          const waitsFor = d.stage === 'new-key' ? undefined : whyNotNow(stage.devices, d.serial);
          return {
            role: d.role,
            serial: d.serial,
            stage: d.stage,
            exported: d.exported ?? false,
            next: nextDeviceTask(d),
            ...(waitsFor ? { waitsFor } : {}),
          };
        }),
        canRetry: stage.canRetry,
        said: [...stage.said],
      };
    }
    case 'finished': {
      const rotation = stage.rotation;
      return {
        step: 'finished',
        newKcv: rotation.newWrapKey.kcv,
        newWrapKeyId: rotation.newWrapKey.id,
        backupFolder: rotation.backupFolder,
        files: rotation.files.map((f) => f.file),
        notExported: rotation.notExported.map(
          (n) => `${n.type} 0x${n.objectId.toString(16).padStart(4, '0')}: ${n.reason}`,
        ),
        toDestroy: rotation.toDestroy.map((f) => f.file),
        audits: [...state.audits],
        transcriptHead: stage.transcriptHead,
      };
    }
  }
}
