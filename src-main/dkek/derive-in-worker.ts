// Runs the `.pbe` key derivation on a worker thread: the caller awaits key ‖ IV while its own
// thread stays free, watches "step k of 3", and can cancel. A cancelled derivation stops within
// one chunk (tens of milliseconds); a worker that does not answer the stop request is ended.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sourceSidecar } from '../files/source-sidecar';
import type { DerivationJob, DerivationMessage } from './derivation-messages';
import {
  DerivationStopped,
  SC_HSM_TOOL_ITERATIONS,
  type DerivationProgress,
} from './evp-bytes-to-key';

export interface DeriveOptions {
  /** c; sc-hsm-tool's 10^7 unless a test needs c = 1. */
  iterations?: number;
  onProgress?: (progress: DerivationProgress) => void;
  signal?: AbortSignal;
}

/** How long a worker asked to stop may take before it is ended. */
const STOP_GRACE_MS = 2000;

/**
 * Key (32 bytes) ‖ IV (16 bytes) for `password` and `salt`; the caller zeroizes the result.
 * `password` is copied before it leaves this thread; the caller still owns (and wipes) its own.
 * Rejects with DerivationStopped when `signal` aborts.
 */
export function deriveInWorker(
  password: Uint8Array,
  salt: Uint8Array,
  options: DeriveOptions = {},
): Promise<Uint8Array> {
  if (options.signal?.aborted) return Promise.reject(new DerivationStopped());
  const stop = new SharedArrayBuffer(4);
  const job: DerivationJob = {
    password: Uint8Array.from(password),
    salt: Uint8Array.from(salt),
    iterations: options.iterations ?? SC_HSM_TOOL_ITERATIONS,
    stop,
  };
  let worker: Worker;
  try {
    worker = startWorker();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return new Promise<Uint8Array>((resolve, reject) => {
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
      void worker.terminate();
    };
    const onAbort = () => {
      Atomics.store(new Int32Array(stop), 0, 1);
      grace = setTimeout(() => finish(() => reject(new DerivationStopped())), STOP_GRACE_MS);
      grace.unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: DerivationMessage) => {
      switch (message.kind) {
        case 'progress':
          options.onProgress?.({ step: message.step, fraction: message.fraction });
          return;
        case 'done':
          if (settled) message.keyAndIv.fill(0);
          else finish(() => resolve(message.keyAndIv));
          return;
        case 'stopped':
          finish(() => reject(new DerivationStopped()));
          return;
        case 'failed':
          finish(() => reject(new Error(`the key derivation failed: ${message.message}`)));
      }
    });
    worker.on('error', (error) =>
      finish(() => reject(new Error(`the key derivation failed: ${error.message}`))),
    );
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`the key derivation stopped unexpectedly (exit ${code})`))),
    );
    worker.postMessage(job, [job.password.buffer as ArrayBuffer]);
  });
}

/**
 * From source (tsx, vitest) the worker is the .ts file beside this one, bundled as a release
 * bundles it (files/source-sidecar.ts); a bundle must ship it compiled beside itself as
 * dkek-derivation-worker.mjs.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts'))
    return new Worker(sourceSidecar(new URL('./derivation-worker.ts', here), here));
  const bundled = new URL('./dkek-derivation-worker.mjs', here);
  if (!existsSync(fileURLToPath(bundled)))
    throw new Error(
      `the DKEK key derivation worker is missing (${fileURLToPath(bundled)}): this build of Custos is incomplete`,
    );
  return new Worker(bundled);
}
