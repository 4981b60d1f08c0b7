// The secret that is split into shares: the wrap key together with the policy it is imported
// with (spec/yubihsm-setup-interop.md §3.2), and the sanity checks of §3.7 that let a restore
// notice a wrong recombination before anything touches a device.

import { CAPABILITY_NAMES } from '../hsm/yubihsm/protocol/capabilities';
import { Algorithm } from '../hsm/yubihsm/protocol/algorithms';

/** Object ID (2) + domains (2) + capabilities (8) + delegated capabilities (8). */
export const WRAP_SECRET_HEADER_LENGTH = 20;
/** yubihsm-setup always splits an AES-256 key: 52 bytes in all. */
export const SETUP_WRAP_SECRET_LENGTH = WRAP_SECRET_HEADER_LENGTH + 32;

export interface WrapSecret {
  wrapKeyId: number;
  /** Bit 0 = domain 1 ... bit 15 = domain 16. */
  domains: number;
  capabilities: bigint;
  delegatedCapabilities: bigint;
  /** 16, 24 or 32 bytes: AES-128/192/256-CCM wrap key. yubihsm-setup uses 32 only. */
  key: Uint8Array;
}

/** Everything but the key: what a ceremony record holds about the wrap key. */
export type WrapPolicy = Omit<WrapSecret, 'key'>;

export type WrapKeyAlgorithm = 'aes128-ccm-wrap' | 'aes192-ccm-wrap' | 'aes256-ccm-wrap';

const ALGORITHM_FOR_KEY_LENGTH: Readonly<Record<number, WrapKeyAlgorithm>> = {
  16: 'aes128-ccm-wrap',
  24: 'aes192-ccm-wrap',
  32: 'aes256-ccm-wrap',
};

export const ALGORITHM_CODE: Readonly<Record<WrapKeyAlgorithm, number>> = {
  'aes128-ccm-wrap': Algorithm.Aes128CcmWrap,
  'aes192-ccm-wrap': Algorithm.Aes192CcmWrap,
  'aes256-ccm-wrap': Algorithm.Aes256CcmWrap,
};

/** The wrap key's algorithm, from its length (yubihsm-manager infers it the same way, §7). */
export function wrapKeyAlgorithm(key: Uint8Array): WrapKeyAlgorithm {
  return algorithmForKeyLength(key.length);
}

export function algorithmForKeyLength(keyLength: number): WrapKeyAlgorithm {
  const algorithm = ALGORITHM_FOR_KEY_LENGTH[keyLength];
  if (!algorithm) throw new RangeError(`a wrap key is 16, 24 or 32 bytes, not ${keyLength}`);
  return algorithm;
}

/** The bytes that are split. The caller zeroizes the result when the shares are made. */
export function encodeWrapSecret(secret: WrapSecret): Uint8Array {
  wrapKeyAlgorithm(secret.key);
  if (!Number.isInteger(secret.wrapKeyId) || secret.wrapKeyId < 0 || secret.wrapKeyId > 0xffff) {
    throw new RangeError(`a wrap key ID is 0..65535, not ${secret.wrapKeyId}`);
  }
  if (!Number.isInteger(secret.domains) || secret.domains < 0 || secret.domains > 0xffff) {
    throw new RangeError('domains are a 16-bit mask');
  }
  const out = new Uint8Array(WRAP_SECRET_HEADER_LENGTH + secret.key.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, secret.wrapKeyId);
  view.setUint16(2, secret.domains);
  view.setBigUint64(4, BigInt.asUintN(64, secret.capabilities));
  view.setBigUint64(12, BigInt.asUintN(64, secret.delegatedCapabilities));
  out.set(secret.key, WRAP_SECRET_HEADER_LENGTH);
  return out;
}

/** Reads a recombined secret. The key is a copy: zeroize it, and the input, when done. */
export function decodeWrapSecret(bytes: Uint8Array): WrapSecret {
  const keyLength = bytes.length - WRAP_SECRET_HEADER_LENGTH;
  if (!ALGORITHM_FOR_KEY_LENGTH[keyLength]) {
    throw new RangeError(
      `The recombined secret has ${bytes.length} bytes, but a wrap-key secret has 36, 44 or 52 (20 bytes of policy and an AES key).`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    wrapKeyId: view.getUint16(0),
    domains: view.getUint16(2),
    capabilities: view.getBigUint64(4),
    delegatedCapabilities: view.getBigUint64(12),
    key: bytes.slice(WRAP_SECRET_HEADER_LENGTH),
  };
}

/** Wrap-key capabilities every known tool sets: export-wrapped + import-wrapped (§2.1). */
export const SETUP_WRAP_CAPABILITIES = 0x3000n;

/** Known wrap-key delegated masks by tool and version (§2.1, §7). */
export const KNOWN_DELEGATED_PROFILES: readonly { mask: bigint; source: string }[] = [
  { mask: 0x01013070n, source: 'yubihsm-setup 2.0.0–2.1.1' },
  { mask: 0x01013670n, source: 'yubihsm-setup 2.0.0–2.1.1 with RSA decryption' },
  { mask: 0x010138f0n, source: 'yubihsm-setup 2.2.0–2.3.2' },
  { mask: 0x01013ef0n, source: 'yubihsm-setup 2.2.0–2.3.2 with RSA decryption' },
  { mask: 0x010539f0n, source: 'yubihsm-setup 2.3.3 or later' },
  { mask: 0x01053ff0n, source: 'yubihsm-setup 2.3.3 or later with RSA decryption' },
  { mask: 0x010139f0n, source: 'yubihsm-manager 1.0' },
  { mask: 0x01013ff0n, source: 'yubihsm-manager 1.0 with RSA decryption' },
];

const KNOWN_DELEGATED_UNION = KNOWN_DELEGATED_PROFILES.reduce((all, p) => all | p.mask, 0n);
/** Bits 0..45: what yubihsmrs 2.1.x (inside yubihsm-setup) knows; it drops the rest (§3.2). */
const YUBIHSMRS_KNOWN = (1n << 46n) - 1n;
/** Bits with a name in the current protocol; a set bit beyond them is not a capability. */
const PROTOCOL_KNOWN = (1n << BigInt(CAPABILITY_NAMES.length)) - 1n;

export interface WrapSecretFinding {
  severity: 'error' | 'warning';
  code:
    | 'zero-id'
    | 'no-domains'
    | 'unusual-capabilities'
    | 'unknown-capability-bits'
    | 'dropped-by-yubihsm-setup'
    | 'unusual-delegated';
  message: string;
}

/**
 * The §3.7 checks on a recombined secret. Errors mean the secret cannot be a wrap key any tool
 * made, which almost always means a wrong share went into the recombination; warnings are
 * policies a person should look at before the key goes into a device.
 */
export function checkWrapSecret(secret: WrapSecret): WrapSecretFinding[] {
  const findings: WrapSecretFinding[] = [];
  const hex = (mask: bigint) => `0x${mask.toString(16).padStart(8, '0')}`;
  if (secret.wrapKeyId === 0) {
    findings.push({
      severity: 'error',
      code: 'zero-id',
      message:
        'The recombined wrap key ID is 0, which no device uses: one of the shares is probably mistyped.',
    });
  }
  if (secret.domains === 0) {
    findings.push({
      severity: 'error',
      code: 'no-domains',
      message:
        'The recombined wrap key belongs to no domain: one of the shares is probably mistyped.',
    });
  }
  for (const [mask, what] of [
    [secret.capabilities, 'capabilities'],
    [secret.delegatedCapabilities, 'delegated capabilities'],
  ] as const) {
    if ((mask & ~PROTOCOL_KNOWN) !== 0n) {
      findings.push({
        severity: 'error',
        code: 'unknown-capability-bits',
        message: `The recombined wrap key's ${what} (${hex(mask)}) set bits no YubiHSM 2 capability uses: one of the shares is probably mistyped.`,
      });
    } else if ((mask & ~YUBIHSMRS_KNOWN) !== 0n) {
      findings.push({
        severity: 'warning',
        code: 'dropped-by-yubihsm-setup',
        message: `The wrap key's ${what} (${hex(mask)}) include capabilities yubihsm-setup does not know; it would drop them on restore.`,
      });
    }
  }
  if (
    secret.capabilities !== SETUP_WRAP_CAPABILITIES &&
    (secret.capabilities & ~PROTOCOL_KNOWN) === 0n
  ) {
    findings.push({
      severity: 'warning',
      code: 'unusual-capabilities',
      message: `The wrap key's capabilities are ${hex(secret.capabilities)}; yubihsm-setup and yubihsm-manager always use 0x00003000 (export-wrapped, import-wrapped). Check this is the policy you planned.`,
    });
  }
  const delegated = secret.delegatedCapabilities;
  if ((delegated & ~KNOWN_DELEGATED_UNION) !== 0n && (delegated & ~PROTOCOL_KNOWN) === 0n) {
    findings.push({
      severity: 'warning',
      code: 'unusual-delegated',
      message: `The wrap key's delegated capabilities (${hex(delegated)}) go beyond what yubihsm-setup or yubihsm-manager ever set. Check this is the policy you planned.`,
    });
  }
  return findings;
}

/**
 * Where a recovered policy differs from the recorded one, as a list of field names. A share
 * mistyped in its first 27 characters changes these bytes and nothing else; the check value,
 * which covers only the key, cannot see that.
 */
export function policyDifferences(actual: WrapPolicy, expected: WrapPolicy): string[] {
  const differences: string[] = [];
  if (actual.wrapKeyId !== expected.wrapKeyId) differences.push('wrap key ID');
  if (actual.domains !== expected.domains) differences.push('domains');
  if (actual.capabilities !== expected.capabilities) differences.push('capabilities');
  if (actual.delegatedCapabilities !== expected.delegatedCapabilities)
    differences.push('delegated capabilities');
  return differences;
}

/** Which tool and version set this delegated mask, if any known one did. */
export function delegatedProfile(delegated: bigint): string | undefined {
  return KNOWN_DELEGATED_PROFILES.find((p) => p.mask === delegated)?.source;
}

/**
 * The wrap key: the device's pseudo-random bytes XOR the host's CSPRNG bytes, so neither source
 * alone decides it. Both inputs stay owned (and zeroized) by the caller.
 */
export function combineRandomness(deviceBytes: Uint8Array, hostBytes: Uint8Array): Uint8Array {
  if (deviceBytes.length !== hostBytes.length) {
    throw new RangeError(
      `the device gave ${deviceBytes.length} random bytes and the host ${hostBytes.length}; they must be the same length`,
    );
  }
  if (deviceBytes.length === 0) throw new RangeError('no random bytes were given');
  const out = new Uint8Array(deviceBytes.length);
  for (let i = 0; i < out.length; i++) out[i] = deviceBytes[i]! ^ hostBytes[i]!;
  return out;
}
