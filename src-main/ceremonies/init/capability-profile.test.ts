import { describe, expect, it } from 'vitest';
import { InitPlanSchema } from '../../../shared/ceremony/init-plan';
import { maskText } from '../common/objects';
import { capabilityWords, kspCapabilities, resolveCapabilities } from './capability-profile';

const base = {
  ceremony: 'c',
  custodians: ['a', 'b'],
  threshold: 2,
  domains: [1],
  wrapKey: { id: 0 },
  applicationKey: { id: 0 },
};

describe('capability profiles', () => {
  it('uses the yubihsm-setup 2.3.3+ masks for the KSP profile (interop §2.1)', () => {
    const set = kspCapabilities(false);
    expect([
      set.wrapKey,
      set.wrapKeyDelegated,
      set.applicationKey,
      set.applicationKeyDelegated,
      set.auditKey,
      set.auditKeyDelegated,
    ]).toEqual([0x3000n, 0x010539f0n, 0x000539f0n, 0x000509f0n, 0x01010000n, 0n]);
  });

  it('adds decrypt-pkcs and decrypt-oaep (0x600) to the three masks that take RSA, as setup does', () => {
    const set = kspCapabilities(true);
    expect([
      set.wrapKey,
      set.wrapKeyDelegated,
      set.applicationKey,
      set.applicationKeyDelegated,
      set.auditKey,
    ]).toEqual([0x3000n, 0x01053ff0n, 0x00053ff0n, 0x00050ff0n, 0x01010000n]);
  });

  it('reads a custom profile in yubihsm-shell capability names', () => {
    const plan = InitPlanSchema.parse({
      ...base,
      capabilityProfile: {
        custom: {
          wrapKey: ['export-wrapped', 'import-wrapped'],
          wrapKeyDelegated: ['sign-ecdsa', 'exportable-under-wrap'],
          applicationKey: ['sign-ecdsa', 'exportable-under-wrap'],
          applicationKeyDelegated: ['sign-ecdsa'],
        },
      },
    });
    const resolved = resolveCapabilities(plan);
    expect(resolved.ok && resolved.set).toMatchObject({
      name: 'Custom',
      wrapKey: 0x3000n,
      wrapKeyDelegated: 0x10080n,
      applicationKey: 0x10080n,
      applicationKeyDelegated: 0x80n,
    });
  });

  it('refuses an unknown capability name with a sentence at its field', () => {
    const plan = InitPlanSchema.parse({
      ...base,
      capabilityProfile: {
        custom: {
          wrapKey: ['export-wrapped', 'import-wrapped'],
          wrapKeyDelegated: [],
          applicationKey: ['sign-everything'],
          applicationKeyDelegated: [],
        },
      },
    });
    const resolved = resolveCapabilities(plan);
    expect(resolved.ok).toBe(false);
    expect(!resolved.ok && resolved.errors).toEqual([
      {
        field: 'capabilityProfile.custom.applicationKey.0',
        message: expect.stringMatching(/^"sign-everything" is not a YubiHSM 2 capability/),
      },
    ]);
  });

  it('refuses a custom profile whose application key could not be backed up or restored', () => {
    const plan = InitPlanSchema.parse({
      ...base,
      capabilityProfile: {
        custom: {
          wrapKey: ['export-wrapped'],
          wrapKeyDelegated: ['sign-pss'],
          applicationKey: ['sign-ecdsa'],
          applicationKeyDelegated: [],
        },
      },
    });
    const resolved = resolveCapabilities(plan);
    const messages = !resolved.ok ? resolved.errors.map((error) => error.message) : [];
    expect(messages).toEqual([
      expect.stringContaining(
        'needs export-wrapped (to write the .yhw backups) and import-wrapped',
      ),
      expect.stringContaining('needs exportable-under-wrap'),
      expect.stringContaining(
        "has sign-ecdsa, which the wrap key's delegated capabilities do not include",
      ),
    ]);
  });

  it('writes masks as ceremony.json does and names capabilities in words', () => {
    expect(maskText(0x3000n)).toBe('0x0000000000003000');
    expect(capabilityWords(0x3000n)).toBe('export-wrapped, import-wrapped');
    expect(capabilityWords(0n)).toBe('none');
  });
});
