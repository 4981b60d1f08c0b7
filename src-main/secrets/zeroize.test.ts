import { describe, expect, it } from 'vitest';
import { withSecret, zeroize } from './zeroize';

const secret = () => Uint8Array.of(1, 2, 3, 4);
const wiped = (bytes: Uint8Array) => bytes.every((b) => b === 0);

describe('zeroize', () => {
  it('wipes every buffer given and skips undefined ones', () => {
    const a = secret();
    const b = secret();
    zeroize(a, undefined, b);
    expect(wiped(a) && wiped(b)).toBe(true);
  });

  it('withSecret wipes after the work returns, and passes the result through', () => {
    const bytes = secret();
    expect(withSecret(bytes, (s) => s.reduce((sum, v) => sum + v, 0))).toBe(10);
    expect(wiped(bytes)).toBe(true);
  });

  it('withSecret wipes when the work throws', () => {
    const bytes = secret();
    expect(() =>
      withSecret(bytes, () => {
        throw new Error('step failed');
      }),
    ).toThrow('step failed');
    expect(wiped(bytes)).toBe(true);
  });

  it('withSecret wipes only once asynchronous work has settled', async () => {
    const bytes = secret();
    let seenDuringWork = -1;
    const result = withSecret(bytes, async (s) => {
      await Promise.resolve();
      seenDuringWork = s[0]!;
      return 'done';
    });
    expect(wiped(bytes)).toBe(false);
    await expect(result).resolves.toBe('done');
    expect(seenDuringWork).toBe(1);
    expect(wiped(bytes)).toBe(true);

    const failing = secret();
    await expect(
      withSecret(failing, async () => {
        throw new Error('device gone');
      }),
    ).rejects.toThrow('device gone');
    expect(wiped(failing)).toBe(true);
  });
});
