import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { KCV_PATTERN, keyCheckValue, sameCheckValue } from './kcv';
import { seededBytes } from './spec-vectors';

/** The same value from OpenSSL, independently of our AES: AES-ECB of one zero block. */
function opensslKcv(key: Uint8Array): string {
  const cipher = `aes-${key.length * 8}-ecb`;
  const out = execFileSync(
    'openssl',
    ['enc', `-${cipher}`, '-nopad', '-K', Buffer.from(key).toString('hex')],
    { input: Buffer.alloc(16) },
  );
  return out.subarray(0, 3).toString('hex').toUpperCase();
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
}

describe('wrap-key check value', () => {
  it('is the first 3 bytes of AES-ECB(key, zero block), known answers', () => {
    // AES-256 and AES-128 with all-zero keys encrypt the zero block to dc95c078… and 66e94bd4…
    // (the standard zero-key vectors; re-derived with `openssl enc -aes-256-ecb -nopad`).
    expect(keyCheckValue(new Uint8Array(32))).toBe('DC95C0');
    expect(keyCheckValue(new Uint8Array(16))).toBe('66E94B');
    // The spec vectors' wrap key 00 01 … 1f.
    expect(keyCheckValue(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe('F29000');
  });

  it.runIf(hasOpenssl())('matches OpenSSL for random AES-128/192/256 keys', () => {
    const random = seededBytes(42);
    for (const length of [16, 24, 32, 32, 32]) {
      const key = random(length);
      expect(keyCheckValue(key)).toBe(opensslKcv(key));
    }
  });

  it('is 6 upper-case hex digits, as the ceremony record stores it', () => {
    expect(keyCheckValue(seededBytes(1)(32))).toMatch(KCV_PATTERN);
  });

  it('compares check values regardless of case and spacing', () => {
    expect(sameCheckValue('f29000', 'F29 000')).toBe(true);
    expect(sameCheckValue('F29000', 'F29001')).toBe(false);
  });

  it('refuses a key of the wrong length', () => {
    expect(() => keyCheckValue(new Uint8Array(31))).toThrow(/16, 24 or 32/);
  });
});
