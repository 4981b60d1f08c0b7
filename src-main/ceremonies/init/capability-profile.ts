// The capabilities the three objects of an initialization get. "KSP / AD CS" is yubihsm-setup
// 2.3.3+'s `ksp` (spec/yubihsm-setup-interop.md §2.1), so a wrap key made here restores with
// yubihsm-setup and the keys behave as the KSP expects; a custom profile names capabilities
// in yubihsm-shell's words (spec/yubihsm2-protocol.md §5.3).

import type { InitPlan, PlanProblem } from '../../../shared/ceremony/init-plan';
import {
  CAPABILITY_NAMES,
  capabilities,
  capabilityNames,
  includesAll,
  type CapabilityName,
} from '../../hsm/yubihsm/protocol/capabilities';

export interface CapabilitySet {
  /** How the review screen names the profile. */
  name: string;
  wrapKey: bigint;
  wrapKeyDelegated: bigint;
  applicationKey: bigint;
  applicationKeyDelegated: bigint;
  auditKey: bigint;
  auditKeyDelegated: bigint;
}

/** yubihsm-setup 2.3.3–2.3.4 masks (§2.1 table, last column but one). */
export const KSP_MASKS = {
  wrapKey: 0x3000n,
  wrapKeyDelegated: 0x010539f0n,
  applicationKey: 0x000539f0n,
  applicationKeyDelegated: 0x000509f0n,
  auditKey: 0x01010000n,
  auditKeyDelegated: 0n,
} as const;

/** "Would you like to add RSA decryption capabilities?": decrypt-pkcs + decrypt-oaep (§2.1). */
export const RSA_DECRYPT = capabilities('decrypt-pkcs', 'decrypt-oaep');

export const KSP_PROFILE_NAME = 'KSP / AD CS (yubihsm-setup 2.3.3 and later)';

export type ResolvedCapabilities =
  { ok: true; set: CapabilitySet; warnings: PlanProblem[] } | { ok: false; errors: PlanProblem[] };

export function kspCapabilities(rsaDecrypt: boolean): CapabilitySet {
  const rsa = rsaDecrypt ? RSA_DECRYPT : 0n;
  return {
    name: rsaDecrypt ? `${KSP_PROFILE_NAME}, with RSA decryption` : KSP_PROFILE_NAME,
    wrapKey: KSP_MASKS.wrapKey,
    wrapKeyDelegated: KSP_MASKS.wrapKeyDelegated | rsa,
    applicationKey: KSP_MASKS.applicationKey | rsa,
    applicationKeyDelegated: KSP_MASKS.applicationKeyDelegated | rsa,
    auditKey: KSP_MASKS.auditKey,
    auditKeyDelegated: KSP_MASKS.auditKeyDelegated,
  };
}

type CustomField =
  'wrapKey' | 'wrapKeyDelegated' | 'applicationKey' | 'applicationKeyDelegated' | 'auditKey';

function parseNames(names: readonly string[], field: CustomField, errors: PlanProblem[]): bigint {
  let mask = 0n;
  names.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!(CAPABILITY_NAMES as readonly string[]).includes(name)) {
      errors.push({
        field: `capabilityProfile.custom.${field}.${index}`,
        message: `"${raw}" is not a YubiHSM 2 capability; write capability names as yubihsm-shell does, for example sign-ecdsa or exportable-under-wrap`,
      });
      return;
    }
    mask |= capabilities(name as CapabilityName);
  });
  return mask;
}

/** The plan's capability masks, or a sentence per name or rule that is wrong. */
export function resolveCapabilities(
  plan: Pick<InitPlan, 'capabilityProfile' | 'rsaDecrypt' | 'auditKey'>,
): ResolvedCapabilities {
  if (plan.capabilityProfile === 'ksp')
    return { ok: true, set: kspCapabilities(plan.rsaDecrypt), warnings: [] };
  const custom = plan.capabilityProfile.custom;
  const errors: PlanProblem[] = [];
  const set: CapabilitySet = {
    name: 'Custom',
    wrapKey: parseNames(custom.wrapKey, 'wrapKey', errors),
    wrapKeyDelegated: parseNames(custom.wrapKeyDelegated, 'wrapKeyDelegated', errors),
    applicationKey: parseNames(custom.applicationKey, 'applicationKey', errors),
    applicationKeyDelegated: parseNames(
      custom.applicationKeyDelegated,
      'applicationKeyDelegated',
      errors,
    ),
    auditKey: custom.auditKey
      ? parseNames(custom.auditKey, 'auditKey', errors)
      : KSP_MASKS.auditKey,
    auditKeyDelegated: 0n,
  };
  if (errors.length > 0) return { ok: false, errors };
  checkCustomRules(set, plan.auditKey !== undefined, errors);
  if (errors.length > 0) return { ok: false, errors };
  const warnings: PlanProblem[] = [];
  if (plan.rsaDecrypt) {
    warnings.push({
      field: 'rsaDecrypt',
      message:
        'a custom profile sets its own capabilities, so the RSA decryption switch changes nothing; add decrypt-pkcs and decrypt-oaep to the lists if you need them',
    });
  }
  return { ok: true, set, warnings };
}

/** What the ceremony itself and a later restore need of a custom profile. */
function checkCustomRules(set: CapabilitySet, withAudit: boolean, errors: PlanProblem[]): void {
  const field = 'capabilityProfile.custom';
  const wrapNeeds = capabilities('export-wrapped', 'import-wrapped');
  if (!includesAll(set.wrapKey, wrapNeeds)) {
    errors.push({
      field: `${field}.wrapKey`,
      message:
        'the wrap key needs export-wrapped (to write the .yhw backups) and import-wrapped (so a restore can read them back)',
    });
  }
  const keys: [string, CustomField, bigint, bigint][] = [
    ['application key', 'applicationKey', set.applicationKey, set.applicationKeyDelegated],
  ];
  if (withAudit) keys.push(['audit key', 'auditKey', set.auditKey, set.auditKeyDelegated]);
  for (const [what, key, caps, delegated] of keys) {
    if (!includesAll(caps, capabilities('exportable-under-wrap'))) {
      errors.push({
        field: `${field}.${key}`,
        message: `the ${what} needs exportable-under-wrap, or it cannot be backed up to its .yhw file`,
      });
    }
    // IMPORT WRAPPED refuses an object whose capabilities exceed the wrap key's delegated ones.
    const outside = capabilityNames((caps | delegated) & ~set.wrapKeyDelegated);
    if (outside.length > 0) {
      errors.push({
        field: `${field}.${key}`,
        message: `the ${what} has ${outside.join(', ')}, which the wrap key's delegated capabilities do not include, so its backup could not be imported on a secondary; add them to the wrap key's delegated capabilities or remove them from the ${what}`,
      });
    }
  }
}

/** Capability names in words for the review screen; "none" for an empty mask. */
export function capabilityWords(mask: bigint): string {
  const names = capabilityNames(mask);
  return names.length === 0 ? 'none' : names.join(', ');
}
