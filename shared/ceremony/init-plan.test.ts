import { describe, expect, it } from 'vitest';
import {
  InitPlanSchema,
  checkPassword,
  checkPlan,
  parsedFields,
  type InitPlanInput,
} from './init-plan';

function plan(overrides: Partial<InitPlanInput> = {}) {
  return InitPlanSchema.parse({
    ceremony: 'Root CA backup',
    custodians: ['Alice', 'Bob', 'Carol'],
    threshold: 2,
    domains: [1],
    wrapKey: { id: 2 },
    applicationKey: { id: 3 },
    ...overrides,
  });
}

const real = { simulated: false };
const rehearsal = { simulated: true };

describe('init plan', () => {
  it('fills in the defaults a careful admin expects', () => {
    expect(plan()).toMatchObject({
      shareFormat: 'yubihsm-setup',
      capabilityProfile: 'ksp',
      shareConfirmation: 'spot-check',
      keepFactoryKey: false,
      rsaDecrypt: false,
      shareHideSeconds: 60,
      applicationKey: { label: 'Application auth key' },
    });
    expect(checkPlan(plan(), real)).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a threshold above N with a sentence at the threshold field', () => {
    const { errors } = checkPlan(plan({ threshold: 4 }), real);
    expect(errors).toEqual([
      { field: 'threshold', message: expect.stringContaining('above the 3 custodians') },
    ]);
  });

  it('keeps yubihsm-setup shares restorable: at most 9 custodians in that format', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `Custodian ${i + 1}`);
    expect(checkPlan(plan({ custodians: ten }), real).errors[0]).toMatchObject({
      field: 'custodians',
      message: expect.stringContaining('1 to 9'),
    });
    const manager = checkPlan(plan({ custodians: ten, shareFormat: 'yubihsm-manager' }), real);
    expect(manager.errors).toEqual([]);
    expect(manager.warnings[0]!.message).toMatch(/numbered 10 and above/);
  });

  it('allows 1-of-1 and keeping the factory key only on simulated devices', () => {
    const solo = plan({ custodians: ['Alice'], threshold: 1, keepFactoryKey: true });
    expect(
      checkPlan(solo, real)
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['custodians', 'keepFactoryKey', 'threshold']);
    expect(checkPlan(solo, rehearsal).errors).toEqual([]);
  });

  it('refuses a threshold of 1 with several custodians, even on a simulated device, and 1 custodian with any other threshold', () => {
    for (const context of [real, rehearsal]) {
      expect(checkPlan(plan({ threshold: 1 }), context).errors).toEqual([
        {
          field: 'threshold',
          message:
            "a threshold of 1 puts the whole wrap key on each of the 3 custodians' sheets; it must be between 2 and 3",
        },
      ]);
    }
    expect(checkPlan(plan({ custodians: ['Alice'], threshold: 2 }), rehearsal).errors).toEqual([
      {
        field: 'threshold',
        message:
          'with one custodian the threshold can only be 1 (1-of-1, allowed only on simulated devices), not 2',
      },
    ]);
    expect(
      checkPlan(plan({ custodians: ['Alice'], threshold: 2 }), real)
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['custodians', 'threshold']);
  });

  it('catches custodians named twice, clashing ids and the factory key id', () => {
    const { errors } = checkPlan(
      plan({
        custodians: ['Alice', 'alice ', 'Bob'],
        applicationKey: { id: 1 },
        auditKey: { id: 1 },
      }),
      real,
    );
    expect(errors.map((e) => e.field)).toEqual([
      'custodians.1',
      'applicationKey.id',
      'auditKey.id',
      'auditKey.id',
    ]);
  });

  it('rejects labels over 40 bytes and unknown fields in a plan file', () => {
    expect(
      InitPlanSchema.safeParse({ ...plan(), applicationKey: { id: 3, label: 'x'.repeat(41) } })
        .success,
    ).toBe(false);
    expect(InitPlanSchema.safeParse({ ...plan(), password: 'nope' }).success).toBe(false);
  });

  it('asks for passwords of at least 8 characters typed the same twice', () => {
    expect(checkPassword('short', 'short', 'application key')).toMatchObject({ field: 'password' });
    expect(checkPassword('long enough', 'long enuogh', 'application key')).toMatchObject({
      field: 'confirmation',
    });
    expect(checkPassword('long enough', 'long enough', 'application key')).toBeUndefined();
  });

  it('checks the rules it can while the rest of the plan is still being typed', () => {
    const draft = {
      ceremony: '',
      custodians: ['Alice', 'Bob'],
      threshold: 3,
      domains: [1],
      wrapKey: { id: 'two' },
    };
    expect(InitPlanSchema.safeParse(draft).success).toBe(false);
    const partial = parsedFields(draft);
    expect(partial).not.toHaveProperty('ceremony');
    expect(partial).not.toHaveProperty('wrapKey');
    expect(partial.shareFormat).toBe('yubihsm-setup');
    expect(checkPlan(partial, real).errors).toEqual([
      { field: 'threshold', message: expect.stringContaining('above the 2 custodians') },
    ]);
  });
});
