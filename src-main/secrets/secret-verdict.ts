// Is a recombined secret the ceremony's wrap key? Checks the §3.7 sanity rules and, when the
// ceremony record is at hand, its check value (which covers the key bytes) and its wrap-key
// policy (which covers the other 20 bytes). Shamir works byte by byte, so a typo changes only
// the bytes under it: both record checks are needed to see every typo.

import { keyCheckValue, sameCheckValue } from './kcv';
import {
  SETUP_WRAP_CAPABILITIES,
  checkWrapSecret,
  decodeWrapSecret,
  policyDifferences,
  type WrapPolicy,
  type WrapSecret,
  type WrapSecretFinding,
} from './wrap-secret';

/** What the ceremony record says about the wrap key. */
export interface RecordedWrapKey {
  /** The wrap-key check value (kcv.ts). */
  kcv?: string;
  /** ID, domains, capabilities and delegated capabilities as recorded. */
  policy?: WrapPolicy;
}

export type VerdictProblemCode = 'not-a-wrap-key' | 'kcv-mismatch' | 'policy-mismatch';

export type SecretVerdict =
  | { ok: true; secret: WrapSecret; kcv: string; findings: WrapSecretFinding[] }
  | { ok: false; problems: { code: VerdictProblemCode; message: string }[] };

/**
 * Judges `bytes` (which it zeroizes). `hint` is appended to failures: what the person can do
 * next, which depends on whether spare shares were available.
 */
export function judgeSecret(
  bytes: Uint8Array,
  recorded: RecordedWrapKey,
  hint = '',
): SecretVerdict {
  let secret: WrapSecret;
  try {
    secret = decodeWrapSecret(bytes);
  } catch (error) {
    return { ok: false, problems: [{ code: 'not-a-wrap-key', message: (error as Error).message }] };
  } finally {
    bytes.fill(0);
  }
  const fail = (problems: { code: VerdictProblemCode; message: string }[]): SecretVerdict => {
    secret.key.fill(0);
    return { ok: false, problems };
  };
  const findings = checkWrapSecret(secret);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0)
    return fail(errors.map((f) => ({ code: 'not-a-wrap-key', message: f.message + hint })));
  const kcv = keyCheckValue(secret.key);
  if (recorded.kcv !== undefined && !sameCheckValue(kcv, recorded.kcv)) {
    return fail([
      {
        code: 'kcv-mismatch',
        message: `The shares recombine to a wrap key with check value ${kcv}, but the ceremony recorded ${recorded.kcv.toUpperCase()}: a share is wrong or from another ceremony.${hint}`,
      },
    ]);
  }
  const differences = recorded.policy ? policyDifferences(secret, recorded.policy) : [];
  if (differences.length > 0) {
    return fail([
      {
        code: 'policy-mismatch',
        message: `The shares recombine to a wrap key that differs from the recorded one in its ${differences.join(', ')}: a share is mistyped near its start, or it is from another ceremony.${hint}`,
      },
    ]);
  }
  return { ok: true, secret, kcv, findings };
}

/**
 * Could `bytes` be the wrap key? Breaks ties between equally supported sets of shares. With a
 * record, the record decides; without one, the exact capabilities every tool writes (0x3000)
 * do, which a wrong recombination keeps only if the typo is outside those 8 bytes. Does not
 * keep or change `bytes`.
 */
export function plausibleWrapSecret(bytes: Uint8Array, recorded: RecordedWrapKey): boolean {
  let secret: WrapSecret;
  try {
    secret = decodeWrapSecret(bytes);
  } catch {
    return false;
  }
  try {
    if (checkWrapSecret(secret).some((f) => f.severity === 'error')) return false;
    if (recorded.kcv === undefined && recorded.policy === undefined)
      return secret.capabilities === SETUP_WRAP_CAPABILITIES;
    if (recorded.kcv !== undefined && !sameCheckValue(keyCheckValue(secret.key), recorded.kcv))
      return false;
    return recorded.policy === undefined || policyDifferences(secret, recorded.policy).length === 0;
  } finally {
    secret.key.fill(0);
  }
}
