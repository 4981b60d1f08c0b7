// What the derivation worker and the thread that started it say to each other.

export interface DerivationJob {
  /** Transferred to the worker, which wipes it when done. */
  password: Uint8Array;
  salt: Uint8Array;
  iterations: number;
  /** One Int32; the starter sets it to 1 to ask the worker to stop between chunks. */
  stop: SharedArrayBuffer;
}

export type DerivationMessage =
  | { kind: 'progress'; step: number; fraction: number }
  /** Key (32 bytes) ‖ IV (16 bytes), transferred. */
  | { kind: 'done'; keyAndIv: Uint8Array }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };
