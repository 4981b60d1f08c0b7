// The worker thread that runs a `.pbe` key derivation (3 × 10^7 MD5 rounds, seconds of CPU) so
// the thread that started it (the app's main process, the CLI) keeps answering. One job per
// worker: the password arrives transferred, the key and IV leave transferred, and this thread
// wipes its copies. Started by derive-in-worker.ts; never imported by anything else.

import { parentPort } from 'node:worker_threads';
import { DerivationStopped, evpBytesToKeyMd5 } from './evp-bytes-to-key';
import type { DerivationJob, DerivationMessage } from './derivation-messages';

const port = parentPort;
if (!port) throw new Error('derivation-worker.ts runs only as a worker thread');

port.once('message', (job: DerivationJob) => {
  const stop = new Int32Array(job.stop);
  const send = (message: DerivationMessage, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  try {
    const keyAndIv = evpBytesToKeyMd5(job.password, job.salt, job.iterations, {
      onProgress: (progress) => send({ kind: 'progress', ...progress }),
      shouldStop: () => Atomics.load(stop, 0) !== 0,
    });
    send({ kind: 'done', keyAndIv }, [keyAndIv.buffer as ArrayBuffer]);
  } catch (error) {
    if (error instanceof DerivationStopped) send({ kind: 'stopped' });
    else send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    job.password.fill(0);
    port.close();
  }
});
