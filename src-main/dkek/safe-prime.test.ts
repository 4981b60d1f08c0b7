import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSafePrime64, isPrime, isSafePrime } from './safe-prime';

function trialDivisionPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d += 1) if (n % d === 0) return false;
  return true;
}

/** OpenSSL's own primality test, independent of ours. */
function opensslSaysPrime(n: bigint): boolean {
  const out = execFileSync('openssl', ['prime', n.toString()], { encoding: 'utf8' });
  return /is prime/.test(out) && !/is not prime/.test(out);
}

function hasOpenssl(): boolean {
  try {
    return opensslSaysPrime(7n);
  } catch {
    return false;
  }
}

describe('primes for password shares', () => {
  it('agrees with trial division below 20000', () => {
    for (let n = 0; n < 20_000; n += 1)
      expect(isPrime(BigInt(n)), String(n)).toBe(trialDivisionPrime(n));
  });

  it('is not fooled by strong pseudoprimes to the small bases', () => {
    expect(isPrime(3215031751n)).toBe(false); // strong pseudoprime to bases 2, 3, 5, 7
    expect(isPrime(3825123056546413051n)).toBe(false); // to every base up to 23
    // The smallest composite all twelve bases pass, the documented limit: far above 2^64.
    expect(isPrime(318665857834031151167461n)).toBe(true);
    expect(318665857834031151167461n > 2n ** 64n).toBe(true);
  });

  it('knows large 64-bit primes and composites', () => {
    expect(isPrime(2n ** 61n - 1n)).toBe(true);
    expect(isPrime(2n ** 64n - 59n)).toBe(true); // the largest 64-bit prime
    expect(isPrime((2n ** 61n - 1n) * 5n)).toBe(false);
  });

  it('recognises the safe primes of the spec (pico-hsm doc, an sc-hsm-tool run) and refuses others', () => {
    expect(isSafePrime(0xf55646c9a5a10187n)).toBe(true);
    expect(isSafePrime(0xd7e34e0c36658f93n)).toBe(true);
    expect(isSafePrime(2n ** 64n - 59n)).toBe(false); // prime, but (p − 1)/2 is not
    expect(isSafePrime(0xf55646c9a5a10189n)).toBe(false);
  });

  it('generates 64-bit safe primes with the top bit set, each a new one', () => {
    const primes = Array.from({ length: 20 }, () => generateSafePrime64(randomBytes));
    for (const p of primes) {
      expect(p >> 63n).toBe(1n);
      expect(p < 2n ** 64n).toBe(true);
      expect(isSafePrime(p)).toBe(true);
    }
    expect(new Set(primes).size).toBe(20);
  });

  it.runIf(hasOpenssl())('generates primes OpenSSL also finds prime, p and (p − 1)/2', () => {
    for (let i = 0; i < 3; i += 1) {
      const p = generateSafePrime64(randomBytes);
      expect(opensslSaysPrime(p)).toBe(true);
      expect(opensslSaysPrime((p - 1n) / 2n)).toBe(true);
    }
  });
});
