import { describe, expect, it } from 'vitest';
import { AES_FIELD, RUSTY_SECRETS_FIELD } from './gf256';
import { combineShares, splitSecret } from './shamir';
import { findConsensus, type Candidate } from './share-consensus';
import { seededBytes } from './spec-vectors';

function candidates(k: number, n: number, seed: number, field = AES_FIELD): Candidate[] {
  const random = seededBytes(seed);
  return splitSecret(random(52), k, n, field, random).map((p, i) => ({ ...p, entry: i }));
}

function corrupt(c: Candidate, at = 7): Candidate {
  const y = c.y.slice();
  y[at]! ^= 0x5a;
  return { ...c, y };
}

const never = () => false;
const entries = (list: readonly Candidate[]) => list.map((c) => c.entry);

describe('finding which shares agree', () => {
  it('agrees on everyone when all shares are right', () => {
    const all = candidates(3, 6, 1, RUSTY_SECRETS_FIELD);
    expect(findConsensus(all, 3, RUSTY_SECRETS_FIELD, never)).toEqual({
      kind: 'agreed',
      supporters: all,
      others: [],
    });
  });

  it('singles out any one wrong share among K+2, without needing the content', () => {
    for (let wrong = 0; wrong < 5; wrong++) {
      const list = candidates(3, 5, 2);
      list[wrong] = corrupt(list[wrong]!);
      const result = findConsensus(list, 3, AES_FIELD, never);
      expect(result.kind === 'agreed' && entries(result.others)).toEqual([wrong]);
    }
  });

  it('needs the content to decide among K+1 with one wrong, and says so when it cannot', () => {
    const list = candidates(2, 3, 3);
    const truth = combineShares([list[0]!, list[2]!], AES_FIELD);
    list[1] = corrupt(list[1]!);
    expect(findConsensus(list, 2, AES_FIELD, never)).toMatchObject({ kind: 'ambiguous' });
    const recognises = (secret: Uint8Array) => secret.every((b, i) => b === truth[i]);
    const result = findConsensus(list, 2, AES_FIELD, recognises);
    expect(result.kind === 'agreed' && entries(result.others)).toEqual([1]);
  });

  it('counts distinct share numbers when there are too few', () => {
    const list = candidates(3, 3, 4);
    expect(
      findConsensus([list[0]!, list[1]!, { ...list[1]!, entry: 9 }], 3, AES_FIELD, never),
    ).toEqual({ kind: 'not-enough', distinctNumbers: 2 });
  });

  it('finds two wrong shares among 20 of a threshold-10 set quickly (large yubihsm-manager sets)', () => {
    const list = candidates(10, 20, 5);
    list[0] = corrupt(list[0]!);
    list[13] = corrupt(list[13]!, 40);
    const result = findConsensus(list, 10, AES_FIELD, never);
    expect(result.kind === 'agreed' && entries(result.others)).toEqual([0, 13]);
  });
});
