import { describe, expect, it } from 'vitest';
import { createShareCommitment } from '../../secrets/commitments';
import { keyCheckValue } from '../../secrets/kcv';
import { splitForManager } from '../../secrets/manager-share';
import { splitForSetup } from '../../secrets/setup-share';
import { encodeWrapSecret, type WrapPolicy } from '../../secrets/wrap-secret';
import { combinations, SUBSET_LIMIT, VerificationRound } from './verification-round';

const policy: WrapPolicy = {
  wrapKeyId: 2,
  domains: 1,
  capabilities: 0x3000n,
  delegatedCapabilities: 0x010539f0n,
};
const key = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 ^ i);

function round(
  format: 'yubihsm-setup' | 'yubihsm-manager',
  custodians: string[],
  threshold: number,
) {
  const secret = encodeWrapSecret({ ...policy, key });
  const shares = (format === 'yubihsm-setup' ? splitForSetup : splitForManager)(
    secret,
    threshold,
    custodians.length,
  );
  const verification = new VerificationRound({
    custodians,
    commitments: shares.map((share) => createShareCommitment(share, undefined, { format })),
    format,
    threshold,
    kcv: keyCheckValue(key),
    policy,
    payloadLength: format === 'yubihsm-setup' ? 70 : 104,
  });
  return { verification, shares };
}

function enterAll(verification: VerificationRound, shares: readonly string[]) {
  for (const share of shares) {
    verification.start();
    expect(verification.enter(share)).toBeUndefined();
    verification.next();
  }
}

describe('the verification round', () => {
  it('accepts each custodian’s own share and recombines every M-subset to the recorded key', () => {
    const { verification, shares } = round('yubihsm-setup', ['Ann', 'Bob', 'Cy', 'Di', 'Ed'], 3);
    expect(verification.view()).toMatchObject({
      step: 'verification',
      custodian: { index: 1, name: 'Ann' },
      phase: 'handover',
      lineLengths: [16, 16, 16, 16, 10],
    });
    enterAll(verification, shares);
    expect(verification.view()).toMatchObject({
      phase: 'result',
      result: { subsetsChecked: 10, allMatch: true, kcv: keyCheckValue(key) },
    });
  });

  it("names the custodian whose share was typed when it is someone else's", () => {
    const { verification, shares } = round('yubihsm-setup', ['Ann', 'Bob', 'Cy'], 2);
    verification.start();
    expect(verification.enter(shares[2]!)).toEqual({
      field: 'text',
      message: "This is Cy's share (share 3), not Ann's. Ann: type your own share.",
    });
    expect(verification.phase).toBe('entry');
  });

  it('says a mistyped share is not the one the custodian recorded, and reports a malformed one', () => {
    const { verification, shares } = round('yubihsm-setup', ['Ann', 'Bob', 'Cy'], 2);
    verification.start();
    const share = shares[0]!;
    const typo = `${share.slice(0, 10)}${share[10] === 'A' ? 'B' : 'A'}${share.slice(11)}`;
    expect(verification.enter(typo)?.message).toBe(
      "This is not the share Ann recorded: it does not match Ann's commitment in the ceremony record. Check the lines against the sheet and type it again.",
    );
    expect(verification.enter('2-1-short')?.message).toMatch(/Type Ann's share again\.$/);
    expect(verification.enter(share)).toBeUndefined();
    expect(() => verification.enter(share)).toThrow('No share is being entered right now.');
  });

  it('checks the first 2000 subsets of a large manager set and covers the rest by the shares lying on one polynomial', () => {
    const custodians = Array.from({ length: 16 }, (_, i) => `Custodian ${i + 1}`);
    const { verification, shares } = round('yubihsm-manager', custodians, 8);
    enterAll(verification, shares);
    expect(verification.result).toEqual({
      subsetsChecked: SUBSET_LIMIT,
      allMatch: true,
      kcv: keyCheckValue(key),
    });
  });

  it('enumerates k-subsets in order', () => {
    expect([...combinations([1, 2, 3, 4], 2)]).toEqual([
      [1, 2],
      [1, 3],
      [1, 4],
      [2, 3],
      [2, 4],
      [3, 4],
    ]);
    expect([...combinations([1, 2, 3, 4, 5, 6, 7, 8, 9], 4)]).toHaveLength(126);
    expect([...combinations([1, 2], 3)]).toEqual([]);
  });
});
