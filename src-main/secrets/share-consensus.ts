// Which shares agree? With more than K shares, every K-subset defines a polynomial; the honest
// shares all lie on one of them. A subset's "supporters" are the shares its polynomial passes
// through, so the polynomial with the most supporters is the set's consensus and a share off it
// is the one to name (spec/yubihsm-setup-interop.md §3.7: recombine from several K-subsets and
// require identical results). Subsets that yield the same secret have the same supporters, so
// grouping by supporters compares results without keeping secrets around as strings.

import type { GaloisField } from './gf256';
import { interpolateAt, type SharePoint } from './shamir';

export interface Candidate extends SharePoint {
  /** Position of the share in the caller's input. */
  readonly entry: number;
}

export type Consensus =
  | { kind: 'agreed'; supporters: Candidate[]; others: Candidate[] }
  | { kind: 'not-enough'; distinctNumbers: number }
  | { kind: 'ambiguous'; groups: number };

/** Bounds the work on large manager sets (up to 255 shares); typical sets are ≤ 9 shares. */
const WORK_BUDGET = 50_000_000;

/**
 * `plausible(secret)` decides between equally supported groups. It must not keep `secret`.
 */
export function findConsensus(
  candidates: readonly Candidate[],
  threshold: number,
  field: GaloisField,
  plausible: (secret: Uint8Array) => boolean,
): Consensus {
  const distinct = new Set(candidates.map((c) => c.x)).size;
  if (distinct < threshold) return { kind: 'not-enough', distinctNumbers: distinct };

  const length = candidates[0]!.y.length;
  const perSubset = candidates.length * threshold * (length + threshold);
  const maxSubsets = Math.max(candidates.length, Math.floor(WORK_BUDGET / Math.max(1, perSubset)));
  const groups = new Map<string, { subset: Candidate[]; supporters: Candidate[] }>();

  for (const subset of subsetsToTry(candidates, threshold, maxSubsets)) {
    const supporters = candidates.filter((c) => subset.includes(c) || liesOn(subset, c, field));
    const key = supporters.map((c) => c.entry).join(',');
    if (!groups.has(key)) groups.set(key, { subset, supporters });
    // Another polynomial shares at most K-1 points with this one, so it can gather at most
    // (n - s) + (K - 1) supporters. Once s beats that, no other subset can match it: stop.
    if (supporters.length > candidates.length - supporters.length + threshold - 1) break;
  }

  const best = Math.max(...[...groups.values()].map((g) => g.supporters.length));
  let winners = [...groups.values()].filter((g) => g.supporters.length === best);
  if (winners.length > 1) {
    // Redundancy alone cannot decide (typically K+1 shares with one wrong, where every subset
    // has only its own K supporters, or two ceremonies' shares mixed): let the content decide.
    winners = winners.filter((g) => {
      const secret = interpolateAt(g.subset, 0, field);
      try {
        return plausible(secret);
      } finally {
        secret.fill(0);
      }
    });
  }
  if (winners.length !== 1) return { kind: 'ambiguous', groups: groups.size };
  const supporters = winners[0]!.supporters;
  return { kind: 'agreed', supporters, others: candidates.filter((c) => !supporters.includes(c)) };
}

function liesOn(subset: readonly Candidate[], candidate: Candidate, field: GaloisField): boolean {
  if (subset.some((s) => s.x === candidate.x)) return false;
  const predicted = interpolateAt(subset, candidate.x, field);
  let difference = 0;
  for (let i = 0; i < predicted.length; i++) difference |= predicted[i]! ^ candidate.y[i]!;
  predicted.fill(0);
  return difference === 0;
}

/**
 * Cyclic windows first (n subsets that between them avoid any small cluster of bad shares), then
 * all combinations in order, up to `limit`. Subsets never hold two shares with the same number.
 */
function* subsetsToTry(
  candidates: readonly Candidate[],
  k: number,
  limit: number,
): Generator<Candidate[]> {
  let produced = 0;
  const n = candidates.length;
  for (let start = 0; start < n && produced < limit; start++) {
    const window: Candidate[] = [];
    for (let step = 0; step < n && window.length < k; step++) {
      const c = candidates[(start + step) % n]!;
      if (!window.some((w) => w.x === c.x)) window.push(c);
    }
    if (window.length === k) {
      produced++;
      yield window;
    }
  }
  const indices = Array.from({ length: k }, (_, i) => i);
  while (produced < limit) {
    const subset = indices.map((i) => candidates[i]!);
    if (new Set(subset.map((c) => c.x)).size === k) {
      produced++;
      yield subset;
    }
    let i = k - 1;
    while (i >= 0 && indices[i] === n - k + i) i--;
    if (i < 0) return;
    indices[i]!++;
    for (let j = i + 1; j < k; j++) indices[j] = indices[j - 1]! + 1;
  }
}
