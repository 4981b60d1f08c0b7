// The restore's stages wipe what a step held when the step entered does not carry it on, and
// nothing else: the rebuilt key survives the move from the shares to the device steps, and is
// zero once the restore reaches the end; the shares typed go when the key is rebuilt.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeWrapSecret, splitForSetup } from '../../secrets';
import { holdCredential } from '../common/derived-credential';
import { ShareCollector } from '../common/share-collection';
import type { LoadedSource } from './restore-source';
import {
  enterStage,
  FIRST_ENTRY_TURN,
  secretsHeld,
  wipeStage,
  type RebuiltKey,
  type RestoreStage,
  type StageAt,
} from './restore-stage';

const source: LoadedSource = { folderPath: '/nowhere', mode: 'interop', files: [] };
const sitting = { source, planned: 1, restored: [] };
const secondary = { deviceId: 'sim:secondary', serial: 7550002, simulated: true };
const check = {
  state: 'factory-fresh' as const,
  deviceId: secondary.deviceId,
  serial: secondary.serial,
  firmware: '2.4.0',
  simulated: true,
};

async function rebuiltKey(): Promise<RebuiltKey> {
  return {
    secret: {
      wrapKeyId: 2,
      domains: 1,
      capabilities: 0x3000n,
      delegatedCapabilities: 0n,
      key: new Uint8Array(randomBytes(32)),
    },
    recombined: {
      kcv: '000000',
      matchesRecord: null,
      wrapKeyId: 2,
      domains: [1],
      capabilities: [],
      delegatedCapabilities: [],
      confirmedBy: [],
      warnings: [],
      used: [{ number: 1 }, { number: 2 }],
    },
    shareNumbers: [1, 2],
    accepted: [{ shareNumber: 1 }, { shareNumber: 2 }],
    threshold: 2,
    format: 'yubihsm-setup',
    proof: await holdCredential('application password'),
  };
}

const nonZero = (bytes: Uint8Array) => bytes.some((b) => b !== 0);

function deviceSteps(key: RebuiltKey): StageAt<'device-steps'> {
  return {
    step: 'device-steps',
    sitting,
    secondary,
    key,
    run: {
      attempts: 1,
      canRetry: false,
      passwordNeeded: false,
      startedAt: new Date(0),
      progress: null,
      device: null,
    },
  };
}

describe('restore stages', () => {
  it('carries the rebuilt key and the password keys from the shares to the device steps untouched', async () => {
    const key = await rebuiltKey();
    const shares: RestoreStage = {
      step: 'shares',
      sitting,
      secondary,
      check,
      shares: { phase: 'recombined', turn: 3, key },
    };
    enterStage(shares, deviceSteps(key));
    expect(nonZero(key.secret.key)).toBe(true);
    expect(nonZero(key.proof!.keys.encryptionKey)).toBe(true);
  });

  it('wipes the key and the password keys when the stage entered does not carry them', async () => {
    const key = await rebuiltKey();
    const proof = key.proof!;
    const finished: RestoreStage = {
      step: 'finished',
      sitting,
      secondary,
      recombined: key.recombined,
      result: {
        tasks: [],
        files: [],
        factoryKey: { decision: 'deleted', reason: '' },
        resumed: false,
        applicationKeyProven: true,
        complete: true,
        retryWithPassword: false,
      },
      attempts: 1,
      key: null,
      transcriptHead: null,
      kspHandoff: null,
    };
    enterStage(deviceSteps(key), finished);
    expect(nonZero(key.secret.key)).toBe(false);
    expect(nonZero(proof.keys.encryptionKey)).toBe(false);
    expect(nonZero(proof.keys.macKey)).toBe(false);
    expect(secretsHeld(finished)).toEqual([]);
  });

  it('lets go of the shares typed when the key is rebuilt, and wipes everything when the restore stops', async () => {
    const collector = new ShareCollector({});
    const encoded = encodeWrapSecret((await rebuiltKey()).secret);
    const shares = splitForSetup(encoded, 2, 3);
    encoded.fill(0);
    expect(collector.offer(shares[0]!).ok).toBe(true);
    expect(collector.accepted).toHaveLength(1);
    const collecting: StageAt<'shares'> = {
      step: 'shares',
      sitting,
      secondary,
      check,
      shares: {
        phase: 'collecting',
        collector,
        turn: 1,
        custodianTurn: FIRST_ENTRY_TURN,
        setProblems: [],
      },
    };
    expect(secretsHeld(collecting).map((s) => s.kind)).toEqual(['shares']);
    const key = await rebuiltKey();
    const rebuilt = enterStage(collecting, {
      ...collecting,
      shares: { phase: 'recombined', turn: 3, key },
    });
    expect(collector.accepted).toEqual([]);
    expect(secretsHeld(rebuilt).map((s) => s.kind)).toEqual(['key', 'password']);
    wipeStage(rebuilt);
    expect(nonZero(key.secret.key)).toBe(false);
  });
});
