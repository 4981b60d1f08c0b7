// Test support: a seeded pseudo-random source for the fuzz tests (mulberry32: small, fast, good
// enough to pick bytes and mutations), so a failure names its seed and iteration and reproduces.
// Never for keys or nonces.

export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number in [0, below). */
  int(below: number): number;
  bytes(count: number): Uint8Array;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    next,
    int,
    bytes: (count) => Uint8Array.from({ length: count }, () => int(256)),
    pick: (items) => items[int(items.length)]!,
  };
}
