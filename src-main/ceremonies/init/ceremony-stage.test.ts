// The initialization's stages wipe what a step held when the step entered does not carry it on,
// and nothing else: the passwords and the wrap key survive from the shares to the device steps
// and are gone at the record; the shares go when their step ends; going back from the review
// keeps the plan typed so far.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enterStage, secretsHeld, wipeStage, type StageAt } from './ceremony-stage';
import type { DeviceRun } from './device-tasks';
import { defaultDraft } from './plan-draft';
import { PasswordStore } from './passwords';
import type { ResolvedPlan } from './resolved-plan';
import type { SerialFolder } from './serial-folder';
import { ShareTurns } from './share-turns';
import { ManualTimers } from './testing/manual-timers';
import { TurnSheet } from './turn-sheet';
import type { WrapKeyMaterial } from './wrap-key-material';

// Two shares of the spec's K=2 set (interop §3.5).
const SHARES = [
  '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw',
  '2-2-UuZrCZoxo1DiaTaYN6FO4G4Br8WnTdxuBpE9okLVeQueNKVHymDxgyu8UM9v+JQms1nIag',
];
const PASSWORD = 'correct horse battery staple';

// The stages below only carry these; nothing here reads them.
const resolved = { primary: { id: 'sim:primary', serial: 7550001 } } as unknown as ResolvedPlan;
const record = { path: '/nowhere' } as unknown as SerialFolder;
const run = { state: 'ready' } as unknown as DeviceRun;

const nonZero = (bytes: Uint8Array) => bytes.some((b) => b !== 0);
const allZero = (bytes: Uint8Array) => bytes.every((b) => b === 0);

function passwords(): PasswordStore {
  const store = new PasswordStore();
  expect(store.set('application', PASSWORD, PASSWORD)).toBeUndefined();
  return store;
}

function shares(): StageAt<'shares'> & { bytes: Uint8Array[] } {
  const bytes = SHARES.map((share) => new TextEncoder().encode(share));
  const turns = new ShareTurns({
    custodians: ['Ann', 'Bob'],
    shares: [...bytes],
    threshold: 2,
    kcv: 'ABCDEF',
    format: 'yubihsm-setup',
    mode: 'none',
    hideSeconds: 60,
    timers: new ManualTimers(),
    onIdleHide: () => undefined,
  });
  const material: WrapKeyMaterial = {
    key: new Uint8Array(randomBytes(32)),
    policy: { wrapKeyId: 2, domains: 1, capabilities: 0n, delegatedCapabilities: 0n },
    kcv: 'ABCDEF',
    shares: [],
    commitments: [],
  };
  return {
    step: 'shares',
    resolved,
    passwords: passwords(),
    material,
    record,
    turns,
    sheet: new TurnSheet(false),
    bytes,
  };
}

describe('initialization stages', () => {
  it('carries the passwords and the wrap key from the shares to the device steps untouched, and wipes the shares', () => {
    const from = shares();
    from.turns.reveal();
    expect(from.bytes.every(nonZero)).toBe(true);
    const { resolved: r, passwords: p, material, record: f } = from;
    const to = enterStage(from, {
      step: 'device-steps',
      resolved: r,
      passwords: p,
      material,
      record: f,
      run,
    });
    expect(nonZero(material.key)).toBe(true);
    expect(to.passwords.has('application')).toBe(true);
    expect(from.bytes.every(allZero)).toBe(true);
    expect(from.turns.view(true)).not.toHaveProperty('share');
    expect(secretsHeld(to).map((secret) => secret.kind)).toEqual(['passwords', 'key']);
  });

  it('wipes the passwords and the wrap key when the device steps end at the record', () => {
    const made = shares();
    const { resolved: r, passwords: p, material, record: f } = made;
    const device = enterStage(made, {
      step: 'device-steps',
      resolved: r,
      passwords: p,
      material,
      record: f,
      run,
    });
    const end = enterStage(device, {
      step: 'record',
      resolved: r,
      record: f,
      finished: {
        transcriptHead: '',
        files: [],
        inventory: [],
        deviceAudit: null,
        kspHandoff: null,
      },
    });
    expect(allZero(material.key)).toBe(true);
    expect(p.has('application')).toBe(false);
    expect(secretsHeld(end)).toEqual([]);
  });

  it('keeps the passwords typed at the plan when the ceremony goes back from the review, and into the shares', () => {
    const planning = {
      draft: defaultDraft(),
      folder: null,
      folderProblem: null,
      passwords: passwords(),
    };
    const admitted = {
      check: { state: 'checking' as const, deviceId: 'sim:primary' },
      primary: resolved.primary,
      inventory: [],
      planning,
    };
    const review: StageAt<'review'> = { step: 'review', ...admitted, resolved, warnings: [] };
    const plan = enterStage(review, { step: 'plan', ...admitted });
    expect(plan.planning.passwords.has('application')).toBe(true);
    const made = shares();
    const into = enterStage(plan, { ...made, passwords: planning.passwords });
    expect(into.passwords.has('application')).toBe(true);
  });

  it('wipes everything a stopped ceremony held in the shares step', () => {
    const stage = shares();
    stage.turns.reveal();
    wipeStage(stage);
    expect(allZero(stage.material.key)).toBe(true);
    expect(stage.bytes.every(allZero)).toBe(true);
    expect(stage.passwords.has('application')).toBe(false);
    expect(stage.turns.view(true)).not.toHaveProperty('share');
  });
});
