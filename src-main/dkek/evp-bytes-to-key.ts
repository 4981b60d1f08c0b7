// OpenSSL's legacy EVP_BytesToKey for AES-256-CBC with MD5, as sc-hsm-tool calls it for a `.pbe`
// file (spec §2.2): D1 = MD5^c(password ‖ salt), D2 = MD5^c(D1 ‖ password ‖ salt),
// D3 = MD5^c(D2 ‖ password ‖ salt); key = D1 ‖ D2, IV = D3. MD5^c hashes once, then re-hashes the
// 16-byte digest c − 1 more times; those re-hashes are the cost and go to the single-block MD5.
// Synchronous: the derivation worker runs it, reporting progress and asking whether to stop.

import { createHash } from 'node:crypto';
import { digestToWords, md5Rehash, wordsToDigest } from './md5-chain';

/** sc-hsm-tool's hard-coded iteration count (`opt_iter`); no option changes it. */
export const SC_HSM_TOOL_ITERATIONS = 10_000_000;

/** The three digests are the three steps a person watches: "step 2 of 3". */
export const DERIVATION_STEPS = 3;

export interface DerivationProgress {
  /** 1, 2 or 3. */
  step: number;
  /** Share of this step done, 0..1. */
  fraction: number;
}

export interface DerivationControl {
  onProgress?: (progress: DerivationProgress) => void;
  /** Asked between chunks; returning true stops the derivation with DerivationStopped. */
  shouldStop?: () => boolean;
  /** Re-hash rounds between two progress reports / stop checks. */
  chunk?: number;
}

export class DerivationStopped extends Error {
  constructor() {
    super('the key derivation was cancelled');
    this.name = 'DerivationStopped';
  }
}

/**
 * Returns key (32 bytes) ‖ IV (16 bytes) in one 48-byte buffer; the caller zeroizes it.
 * `iterations` is c (≥ 1): 10^7 for real files, 1 only for fast tests against `openssl enc -md md5`.
 */
export function evpBytesToKeyMd5(
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  control: DerivationControl = {},
): Uint8Array {
  if (salt.length !== 8) throw new RangeError(`the salt is 8 bytes, not ${salt.length}`);
  if (!Number.isSafeInteger(iterations) || iterations < 1)
    throw new RangeError(`the iteration count must be a whole number ≥ 1, not ${iterations}`);
  const chunk = control.chunk ?? 1 << 18;
  const out = new Uint8Array(16 * DERIVATION_STEPS);
  let words: Int32Array | undefined;
  try {
    for (let step = 1; step <= DERIVATION_STEPS; step += 1) {
      const hash = createHash('md5');
      if (step > 1) hash.update(out.subarray(16 * (step - 2), 16 * (step - 1)));
      const first = hash.update(password).update(salt).digest();
      words = digestToWords(first);
      first.fill(0);
      for (let done = 1; done < iterations;) {
        if (control.shouldStop?.()) throw new DerivationStopped();
        const rounds = Math.min(chunk, iterations - done);
        md5Rehash(words, rounds);
        done += rounds;
        control.onProgress?.({ step, fraction: done / iterations });
      }
      if (iterations === 1) control.onProgress?.({ step, fraction: 1 });
      wordsToDigest(words, out, 16 * (step - 1));
      words.fill(0);
    }
    return out;
  } catch (error) {
    out.fill(0);
    throw error;
  } finally {
    words?.fill(0);
  }
}
