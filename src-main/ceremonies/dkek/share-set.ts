// The DKEK share files of an initialisation (issue 10 step 3, spec §2, §4): every `.pbe` made
// before the device is touched, each password split kept in memory only until its custodians'
// turns are over, and the whole set proven to open — every t-subset of a split rebuilds the same
// password, and every file decrypts to the share it was made with — with the DKEK's check value
// computed from the opened files (spec §3). Shares are held only until the device has them.

import { createHash } from 'node:crypto';
import { lstat, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { shareCheckValue } from '../../dkek/check-value';
import type { DeriveOptions } from '../../dkek/derive-in-worker';
import { DkekShareError } from '../../dkek/dkek-share-error';
import { createShareFile, openShareFile } from '../../dkek/pbe-file';
import {
  newSharePassword,
  reconstructPassword,
  splitPassword,
  type PasswordShare,
} from '../../dkek/password-shares';
import { writeFileAtomic } from '../../files/atomic-write';
import { fileFailureReason } from '../../records/file-failure';
import { Refusal } from '../../refusal/refusal';
import type { ResolvedShare } from './plan-file';

export interface MadeShare {
  plan: ResolvedShare;
  sha256: string;
  shareKcv: string;
  createdAt: string;
  /** The 64 bytes written: not secret (the share is encrypted), read back for the proof. */
  file: Uint8Array;
  /** A split's password shares, in ID order, until the turns and the proof are over. */
  passwordShares?: PasswordShare[];
  /** A typed password, until the proof is over. */
  password?: Uint8Array;
}

export interface Progress {
  /** Which file (1-based) of how many, and which of its three derivation steps. */
  onFile?: (file: number, of: number, step: number, fraction: number) => void;
}

/** Refuses, before any derivation, a share file that exists or whose folder does not. */
export async function checkShareTargets(shares: ResolvedShare[], shown: (p: string) => string) {
  const seen = new Set<string>();
  for (const share of shares) {
    if (seen.has(share.file))
      throw new Refusal(
        'invalid-input',
        `Shares ${[...seen].indexOf(share.file) + 1} and ${share.number} both go to ${shown(share.file)}; give each share file its own name.`,
      );
    seen.add(share.file);
    const exists = await lstat(share.file).then(
      () => true,
      (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
    );
    if (exists)
      throw new Refusal(
        'conflict',
        `${shown(share.file)} already exists and is never overwritten: a share file replaced is a share lost. Choose another name in the plan. Nothing was written.`,
      );
  }
}

/**
 * Makes every share file. `passwords` holds the typed password of each password share, by share
 * number. On any failure the files written so far are removed: no half-made set is left.
 */
export async function makeShareFiles(
  shares: ResolvedShare[],
  passwords: ReadonlyMap<number, Uint8Array>,
  options: DeriveOptions & Progress & { shown: (path: string) => string },
): Promise<MadeShare[]> {
  const made: MadeShare[] = [];
  try {
    for (const [index, share] of shares.entries()) {
      const derive: DeriveOptions = {
        ...options,
        onProgress: (p) => options.onFile?.(index + 1, shares.length, p.step, p.fraction),
      };
      let password: Uint8Array;
      let passwordShares: PasswordShare[] | undefined;
      if (share.kind === 'password') {
        const typed = passwords.get(share.number);
        if (!typed)
          throw new Refusal(
            'invalid-input',
            `Share ${share.number} (${share.custodian}) has no password yet; ${share.custodian} types it twice.`,
          );
        password = Uint8Array.from(typed);
      } else {
        password = newSharePassword();
        passwordShares = splitPassword(password, {
          threshold: share.threshold,
          total: share.custodians.length,
        });
      }
      try {
        const created = await createShareFile(password, derive);
        await writeNew(share.file, created.file, options.shown);
        made.push({
          plan: share,
          sha256: createHash('sha256').update(created.file).digest('hex'),
          shareKcv: created.checkValue,
          createdAt: new Date().toISOString(),
          file: created.file,
          ...(passwordShares ? { passwordShares } : { password: Uint8Array.from(password) }),
        });
      } finally {
        password.fill(0);
      }
    }
    return made;
  } catch (error) {
    wipeShares(made);
    await Promise.all(made.map((share) => rm(share.plan.file, { force: true })));
    throw error;
  }
}

export interface ProvenSet {
  /** The opened 32-byte shares, by share number: the device steps import them; wiped after. */
  opened: Map<number, Uint8Array>;
  /** SHA-256(share_1 XOR … XOR share_n)[0..8] (spec §3). */
  kcv: string;
}

/**
 * Opens every file as its holders would: a typed password, or for a split every subset of t
 * password shares, each of which must rebuild the same password (checked byte for byte) before
 * the one decryption with it. Each opened share must be the one made (its check value).
 */
export async function proveShareSet(
  made: MadeShare[],
  options: DeriveOptions & Progress,
): Promise<ProvenSet> {
  const opened = new Map<number, Uint8Array>();
  try {
    for (const [index, share] of made.entries()) {
      const name = basename(share.plan.file);
      const password = share.password
        ? Uint8Array.from(share.password)
        : rebuildFromEverySubset(share, name);
      try {
        const bytes = await openShareFile(share.file, password, {
          ...options,
          name,
          onProgress: (p) => options.onFile?.(index + 1, made.length, p.step, p.fraction),
        });
        if (shareCheckValue(bytes) !== share.shareKcv) {
          bytes.fill(0);
          throw new Refusal('device-error', `${name} opened to another share than was made.`);
        }
        opened.set(share.plan.number, bytes);
      } finally {
        password.fill(0);
      }
    }
    return { opened, kcv: combinedCheckValue([...opened.values()]) };
  } catch (error) {
    for (const bytes of opened.values()) bytes.fill(0);
    if (error instanceof DkekShareError) throw new Refusal('invalid-input', `${error.message}.`);
    throw error;
  }
}

function rebuildFromEverySubset(share: MadeShare, name: string): Uint8Array {
  const shares = share.passwordShares ?? [];
  const threshold = share.plan.kind === 'password-split' ? share.plan.threshold : 2;
  let first: Uint8Array | undefined;
  for (const subset of subsets(shares.length, threshold)) {
    const rebuilt = reconstructPassword(
      subset.map((i) => ({ ...shares[i]!, source: `password share ${shares[i]!.id}` })),
    );
    if (!first) {
      first = rebuilt;
      continue;
    }
    const same = rebuilt.every((byte, i) => byte === first![i]);
    rebuilt.fill(0);
    if (!same) {
      first.fill(0);
      throw new Refusal(
        'device-error',
        `The password shares of ${name} do not all rebuild the same password; the set is not usable and the device was not touched.`,
      );
    }
  }
  return first!;
}

/** Every k-element subset of 0..n-1, in order. */
export function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (let first = 0; first <= n - k; first += 1)
    for (const rest of subsets(n - first - 1, k - 1))
      out.push([first, ...rest.map((i) => i + first + 1)]);
  return out;
}

/** The check value of the DKEK these shares make (XOR, spec §1, §3). */
export function combinedCheckValue(shares: Uint8Array[]): string {
  const dkek = new Uint8Array(32);
  try {
    for (const share of shares) for (let i = 0; i < 32; i += 1) dkek[i]! ^= share[i]!;
    return shareCheckValue(dkek);
  } finally {
    dkek.fill(0);
  }
}

export function wipeShares(made: MadeShare[]): void {
  for (const share of made) {
    share.password?.fill(0);
    delete share.password;
    for (const passwordShare of share.passwordShares ?? []) passwordShare.value = 0n;
    delete share.passwordShares;
  }
}

async function writeNew(path: string, data: Uint8Array, shown: (path: string) => string) {
  try {
    await writeFileAtomic(path, data, { exclusive: true, mode: 0o600 });
  } catch (error) {
    throw new Refusal(
      'io-error',
      (error as NodeJS.ErrnoException).code === 'EEXIST'
        ? `${shown(path)} appeared while the share was being made and was not overwritten. Nothing was kept.`
        : `${shown(path)} could not be written: ${fileFailureReason(error, 'the share file')}. Nothing was kept.`,
    );
  }
}
