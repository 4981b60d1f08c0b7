// Wiping secret bytes when their job is done (preamble "Secrets"). JavaScript gives no
// guarantee that no copy survives elsewhere, but the buffers we own are cleared.

/** Overwrites every given array with zeros; undefined entries are skipped. */
export function zeroize(...buffers: (Uint8Array | undefined)[]): void {
  for (const buffer of buffers) buffer?.fill(0);
}

/**
 * Runs `use` with `secret` and wipes `secret` afterwards, whether `use` returns, throws or
 * (for a promise) settles. The result must not be, or share memory with, `secret` itself.
 */
export function withSecret<T>(
  secret: Uint8Array,
  use: (secret: Uint8Array) => Promise<T>,
): Promise<T>;
export function withSecret<T>(secret: Uint8Array, use: (secret: Uint8Array) => T): T;
export function withSecret<T>(
  secret: Uint8Array,
  use: (secret: Uint8Array) => T | Promise<T>,
): T | Promise<T> {
  let result: T | Promise<T>;
  try {
    result = use(secret);
  } catch (error) {
    secret.fill(0);
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => secret.fill(0));
  }
  secret.fill(0);
  return result;
}
