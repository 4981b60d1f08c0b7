// The 64-bit safe primes of sc-hsm-tool's password sharing (spec §4.1): p and q = (p − 1) / 2
// both prime, top bit of p set so p > 2^63 > every password. Primality is Miller–Rabin with the
// first twelve prime bases, which is exact (no false "prime") for every number below
// 318665857834031151167461 ≈ 3.2 × 10^23, the smallest composite passing all twelve (Jiang and
// Deng 2014), far above 2^64: no probability is left to argue about.

const WITNESSES = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n];

/** Odd primes below 2000, for sieving candidates before Miller–Rabin. */
const SIEVE_PRIMES: readonly number[] = (() => {
  const limit = 2000;
  const composite = new Uint8Array(limit);
  const primes: number[] = [];
  for (let n = 3; n < limit; n += 2) {
    if (composite[n]) continue;
    primes.push(n);
    for (let m = n * n; m < limit; m += 2 * n) composite[m] = 1;
  }
  return primes;
})();

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Exact for n < 3.2 × 10^23 (every 64-bit number). */
export function isPrime(n: bigint): boolean {
  if (n < 2n) return false;
  for (const w of WITNESSES) {
    if (n === w) return true;
    if (n % w === 0n) return false;
  }
  let d = n - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r += 1;
  }
  witness: for (const a of WITNESSES) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < r; i += 1) {
      x = (x * x) % n;
      if (x === n - 1n) continue witness;
    }
    return false;
  }
  return true;
}

export function isSafePrime(p: bigint): boolean {
  return p > 5n && (p & 1n) === 1n && isPrime((p - 1n) / 2n) && isPrime(p);
}

/**
 * A random 64-bit safe prime (2^63 < p < 2^64) from `random` (8 bytes per call; the OS CSPRNG in
 * use), found as OpenSSL's BN_generate_prime_ex finds sc-hsm-tool's: walks q = (p − 1) / 2 upwards from a random odd start, sieving out candidates
 * where q or 2q + 1 has a small factor, and runs Miller–Rabin only on the survivors.
 */
export function generateSafePrime64(random: (length: number) => Uint8Array): bigint {
  const low = 1n << 62n;
  const high = 1n << 63n;
  for (;;) {
    const draw = random(8);
    let start = 0n;
    for (const byte of draw) start = (start << 8n) | BigInt(byte);
    draw.fill(0);
    start = (start >> 2n) | low | 1n; // odd, in [2^62, 2^63)
    const residues = SIEVE_PRIMES.map((r) => Number(start % BigInt(r)));
    for (let step = 0n; start + 2n * step < high; step += 1n) {
      if (step > 0n) {
        for (let i = 0; i < residues.length; i += 1) {
          const r = SIEVE_PRIMES[i]!;
          residues[i] = (residues[i]! + 2) % r;
        }
      }
      // q ≡ 0 (mod r) makes q composite; q ≡ (r − 1)/2 (mod r) makes 2q + 1 ≡ 0 (mod r).
      if (residues.some((x, i) => x === 0 || x === (SIEVE_PRIMES[i]! - 1) / 2)) continue;
      const q = start + 2n * step;
      if (isPrime(q) && isPrime(2n * q + 1n)) return 2n * q + 1n;
      if (step > 100_000n) break; // a long gap: draw a new start
    }
  }
}
