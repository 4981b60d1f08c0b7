// The application and audit key passwords, typed twice on the plan screen. They travel only
// renderer -> main and are kept here as UTF-8 bytes, so they can be wiped: after the device
// steps, on cancel, and when a new password replaces an old one. Nothing here ever returns a
// password to a caller outside the device steps.

import { checkPassword } from '../../../shared/ceremony/init-plan';
import type { PlanProblem } from '../../../shared/ceremony/init-plan';
import {
  deriveAuthenticationKeys,
  type AuthenticationKeys,
} from '../../hsm/yubihsm/crypto/password-keys';

export type PasswordKey = 'application' | 'audit';

const WHAT: Record<PasswordKey, string> = { application: 'application key', audit: 'audit key' };

export class PasswordStore {
  private readonly bytes = new Map<PasswordKey, Uint8Array>();
  private readonly problems = new Map<PasswordKey, PlanProblem>();

  /** Keeps the password when both entries agree and it is long enough; else says why. */
  set(key: PasswordKey, password: string, confirmation: string): PlanProblem | undefined {
    this.forget(key);
    const problem = checkPassword(password, confirmation, WHAT[key]);
    if (problem) {
      const reported = { field: `passwords.${key}.${problem.field}`, message: problem.message };
      this.problems.set(key, reported);
      return reported;
    }
    this.problems.delete(key);
    this.bytes.set(key, new TextEncoder().encode(password));
    return undefined;
  }

  has(key: PasswordKey): boolean {
    return this.bytes.has(key);
  }

  /** The last refusal for this key, until a password is accepted. */
  problem(key: PasswordKey): PlanProblem | undefined {
    return this.problems.get(key);
  }

  /** K-ENC and K-MAC derived as yubihsm-shell does (spec §3.1). The caller zeroizes them. */
  async derive(key: PasswordKey): Promise<AuthenticationKeys> {
    const password = this.bytes.get(key);
    if (!password) throw new Error(`the ${WHAT[key]} password is not set`);
    return deriveAuthenticationKeys(password);
  }

  forget(key: PasswordKey): void {
    this.bytes.get(key)?.fill(0);
    this.bytes.delete(key);
  }

  clear(): void {
    for (const key of [...this.bytes.keys()]) this.forget(key);
    this.problems.clear();
  }
}
