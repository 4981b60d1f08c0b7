import { describe, expect, it } from 'vitest';
import { deriveInWorker } from './derive-in-worker';
import { DerivationStopped, type DerivationProgress } from './evp-bytes-to-key';
import { V2 } from './spec-vectors';

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('key derivation on a worker thread', () => {
  it('V2 (c = 1): the same key and IV as in this thread', async () => {
    const keyAndIv = await deriveInWorker(V2.password, V2.salt, { iterations: 1 });
    expect(hexOf(keyAndIv)).toBe(V2.key + V2.iv);
  });

  it('leaves the caller its password and reports "step k of 3" up to 3', async () => {
    const password = Uint8Array.from(V2.password);
    const seen: DerivationProgress[] = [];
    await deriveInWorker(password, V2.salt, {
      iterations: 600_000,
      onProgress: (progress) => seen.push(progress),
    });
    expect(hexOf(password)).toBe(hexOf(V2.password));
    expect(new Set(seen.map((p) => p.step))).toEqual(new Set([1, 2, 3]));
    expect(seen.at(-1)).toEqual({ step: 3, fraction: 1 });
  });

  it('keeps this thread free: timers fire while the worker derives', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    try {
      await deriveInWorker(V2.password, V2.salt, { iterations: 1_000_000 });
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(3);
  });

  it('stops when cancelled, well before the full cost', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const derivation = deriveInWorker(V2.password, V2.salt, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(derivation).rejects.toBeInstanceOf(DerivationStopped);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      deriveInWorker(V2.password, V2.salt, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(DerivationStopped);
  });
});
