import { describe, expect, it } from 'vitest';
import { createShareCommitment, type ShareCommitment } from './commitments';
import { keyCheckValue } from './kcv';
import { splitForManager } from './manager-share';
import { splitForSetup } from './setup-share';
import { analyzeShareSet, describeEntry, type ShareSetResult } from './share-set';
import {
  SETUP_2_OF_3,
  SETUP_3_OF_5,
  WRAP_SECRET_HEX,
  fromHex,
  seededBytes,
  subsets,
} from './spec-vectors';
import { encodeWrapSecret } from './wrap-secret';

const KCV = keyCheckValue(fromHex(WRAP_SECRET_HEX).slice(20)); // F29000

/** The same share with one data character changed to another valid one: a typo the format cannot see. */
function mistype(line: string, at = 20): string {
  const c = line[at]!;
  return line.slice(0, at) + (c === 'B' ? 'C' : 'B') + line.slice(at + 1);
}

function ok(result: ShareSetResult) {
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join(' | '));
  return result;
}

function failed(result: ShareSetResult) {
  if (result.ok) throw new Error('expected the set to fail');
  return result;
}

const statuses = (result: ShareSetResult) => result.entries.map((e) => e.status);

describe('analyzing a set of typed shares', () => {
  it('recombines the spec 3-of-5 set from all five shares and from every triple', async () => {
    const all = ok(await analyzeShareSet(SETUP_3_OF_5, { recorded: { kcv: KCV } }));
    expect(all).toMatchObject({
      format: 'yubihsm-setup',
      threshold: 3,
      kcv: KCV,
      algorithm: 'aes256-ccm-wrap',
      used: [1, 2, 3],
      findings: [],
    });
    expect(all.secret).toMatchObject({
      wrapKeyId: 2,
      domains: 1,
      capabilities: 0x3000n,
      delegatedCapabilities: 0x010539f0n,
    });
    expect(statuses(all)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    expect(all.confirmedBy).toEqual(['spare-shares', 'check-value']);
    expect(ok(await analyzeShareSet(SETUP_3_OF_5.slice(0, 3))).confirmedBy).toEqual([]);
    for (const triple of subsets(SETUP_3_OF_5, 3))
      expect(ok(await analyzeShareSet(triple)).kcv).toBe(KCV);
  });

  it('names the share that disagrees when there are two spare shares', async () => {
    const typed = [...SETUP_3_OF_5];
    typed[1] = mistype(typed[1]!);
    const result = ok(await analyzeShareSet(typed));
    expect(result.kcv).toBe(KCV);
    expect(statuses(result)).toEqual(['accepted', 'rejected', 'accepted', 'accepted', 'accepted']);
    expect(result.entries[1]!.problem).toEqual({
      code: 'disagrees',
      message:
        'This share does not agree with the others: it is mistyped, or it comes from another ceremony.',
    });
    expect(describeEntry(result.entries[1]!)).toBe('share 2 (entry 2)');
  });

  it('names the wrong share with only one spare when the recorded check value decides', async () => {
    for (let wrong = 0; wrong < 4; wrong++) {
      const typed = SETUP_3_OF_5.slice(0, 4);
      typed[wrong] = mistype(typed[wrong]!, 60); // in the key bytes: the policy bytes stay right
      const result = ok(await analyzeShareSet(typed, { recorded: { kcv: KCV } }));
      expect(result.kcv).toBe(KCV);
      expect(result.entries.filter((e) => e.status === 'rejected').map((e) => e.index)).toEqual([
        wrong,
      ]);
      expect(result.confirmedBy).toEqual(['check-value']);
    }
  });

  it('with one spare and no check value, names the share only if the typo broke the policy bytes', async () => {
    // Shamir works byte by byte, so a typo only changes the bytes under it. In the capability
    // bytes, the subsets that contain it recombine to capabilities no tool writes.
    const inCapabilities = [SETUP_2_OF_3[0]!, mistype(SETUP_2_OF_3[1]!, 12), SETUP_2_OF_3[2]!];
    expect(statuses(ok(await analyzeShareSet(inCapabilities)))).toEqual([
      'accepted',
      'rejected',
      'accepted',
    ]);
    // In the key bytes every subset looks like a wrap key: Custos refuses to guess.
    const inKey = [SETUP_2_OF_3[0]!, mistype(SETUP_2_OF_3[1]!, 60), SETUP_2_OF_3[2]!];
    expect(failed(await analyzeShareSet(inKey)).problems[0]!.code).toBe('inconsistent');
  });

  it('with exactly K shares and one mistyped, the check value catches it and says what to do', async () => {
    const typed = [SETUP_3_OF_5[0]!, mistype(SETUP_3_OF_5[1]!, 60), SETUP_3_OF_5[2]!];
    const result = failed(await analyzeShareSet(typed, { recorded: { kcv: KCV } }));
    expect(result.problems.map((p) => p.code)).toEqual(['kcv-mismatch']);
    expect(result.problems[0]!.message).toMatch(
      /but the ceremony recorded F29000: a share is wrong or from another ceremony\. Check each line's check characters, or add another custodian's share/,
    );
    expect(statuses(result)).toEqual(['undecided', 'undecided', 'undecided']);
  });

  it('with exactly K shares and no record, a typo in the key bytes cannot be seen: the result says it is unconfirmed', async () => {
    const typed = [SETUP_3_OF_5[0]!, mistype(SETUP_3_OF_5[1]!, 60), SETUP_3_OF_5[2]!];
    const result = ok(await analyzeShareSet(typed));
    expect(result.kcv).not.toBe(KCV);
    expect(result.confirmedBy).toEqual([]);
  });

  it('with exactly K shares, a typo in the top capability byte makes a secret that is not a wrap key', async () => {
    const typed = [SETUP_3_OF_5[0]!, mistype(SETUP_3_OF_5[1]!, 9), SETUP_3_OF_5[2]!];
    const result = failed(await analyzeShareSet(typed));
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.every((p) => p.code === 'not-a-wrap-key')).toBe(true);
    expect(result.problems[0]!.message).toMatch(
      /probably mistyped\. Check each line's check characters/,
    );
  });

  it('with exactly K shares, a typo in the ID bytes passes the check value but not the recorded policy', async () => {
    const typed = [SETUP_3_OF_5[0]!, mistype(SETUP_3_OF_5[1]!, 5), SETUP_3_OF_5[2]!];
    const kcvOnly = ok(await analyzeShareSet(typed, { recorded: { kcv: KCV } }));
    expect(kcvOnly.secret.wrapKeyId).not.toBe(2);
    const policy = {
      wrapKeyId: 2,
      domains: 1,
      capabilities: 0x3000n,
      delegatedCapabilities: 0x010539f0n,
    };
    const result = failed(await analyzeShareSet(typed, { recorded: { kcv: KCV, policy } }));
    expect(result.problems.map((p) => p.code)).toEqual(['policy-mismatch']);
    expect(result.problems[0]!.message).toMatch(
      /^The shares recombine to a wrap key that differs from the recorded one in its wrap key ID: a share is mistyped near its start/,
    );
    expect(
      ok(await analyzeShareSet(SETUP_3_OF_5, { recorded: { kcv: KCV, policy } })).confirmedBy,
    ).toEqual(['spare-shares', 'check-value', 'recorded-policy']);
  });

  it("reports a KCV mismatch when the shares agree but are not this ceremony's", async () => {
    const result = failed(await analyzeShareSet(SETUP_3_OF_5, { recorded: { kcv: 'ABCDEF' } }));
    expect(result.problems).toEqual([
      {
        code: 'kcv-mismatch',
        message:
          'The shares recombine to a wrap key with check value F29000, but the ceremony recorded ABCDEF: a share is wrong or from another ceremony.',
      },
    ]);
  });

  it('names a wrong share from its commitment even with no spare share', async () => {
    const commitments = new Map<number, ShareCommitment>(
      SETUP_3_OF_5.map((line, i) => [i + 1, createShareCommitment(line)]),
    );
    const typed = [SETUP_3_OF_5[0]!, mistype(SETUP_3_OF_5[1]!), SETUP_3_OF_5[2]!];
    const result = failed(await analyzeShareSet(typed, { commitments }));
    expect(result.entries[1]).toMatchObject({
      status: 'rejected',
      shareNumber: 2,
      problem: {
        code: 'commitment-mismatch',
        message:
          'This is not the share 2 recorded at the ceremony: it is mistyped, or it comes from another ceremony.',
      },
    });
    expect(result.problems[0]!.code).toBe('not-enough-shares');
    expect(result.problems[0]!.message).toBe(
      "3 different shares are needed and 2 usable were entered: add another custodian's share, or correct the rejected ones.",
    );
    // With the right share added, the set succeeds, commitments and all.
    const fixed = ok(
      await analyzeShareSet([...typed, SETUP_3_OF_5[3]!], { commitments, recorded: { kcv: KCV } }),
    );
    expect(fixed.used).toEqual([1, 3, 4]);
    expect(fixed.confirmedBy).toEqual(['commitments', 'check-value']);
  });

  it('flags a share number the ceremony never had', async () => {
    const commitments = new Map<number, ShareCommitment>([
      [1, createShareCommitment(SETUP_2_OF_3[0]!)],
    ]);
    const result = failed(
      await analyzeShareSet([SETUP_2_OF_3[0]!, SETUP_2_OF_3[1]!], { commitments }),
    );
    expect(result.entries[1]!.problem?.code).toBe('unknown-share-number');
  });

  it('counts a share typed twice once, and ignores blank entries', async () => {
    const result = ok(
      await analyzeShareSet([
        SETUP_2_OF_3[0]!,
        '  ',
        `${SETUP_2_OF_3[0]!.slice(0, 20)} ${SETUP_2_OF_3[0]!.slice(20)}`,
        SETUP_2_OF_3[2]!,
      ]),
    );
    expect(statuses(result)).toEqual(['accepted', 'ignored', 'ignored', 'accepted']);
    expect(result.entries[2]!.warnings.map((w) => w.code)).toEqual([
      'whitespace-removed',
      'repeated',
    ]);
  });

  it('decides between two entries with the same number by which one agrees with the rest', async () => {
    const typed = [
      SETUP_3_OF_5[0]!,
      SETUP_3_OF_5[1]!,
      mistype(SETUP_3_OF_5[1]!),
      SETUP_3_OF_5[2]!,
      SETUP_3_OF_5[3]!,
    ];
    const result = ok(await analyzeShareSet(typed));
    expect(result.entries[2]!.problem?.message).toBe(
      'This share does not agree with the others, while share 2 (entry 2) with the same number does: this one is mistyped.',
    );
  });

  it('rejects a share of another format, threshold or length, and reads the rest', async () => {
    const manager = splitForManager(fromHex(WRAP_SECRET_HEX), 2, 3, seededBytes(9))[0]!;
    const shortSecret = fromHex(WRAP_SECRET_HEX).slice(0, 36);
    const shortSetup = splitForSetup(shortSecret, 2, 2, seededBytes(10))[0]!;
    const typed = [
      SETUP_2_OF_3[0]!,
      manager,
      SETUP_3_OF_5[0]!,
      shortSetup,
      'gibberish',
      SETUP_2_OF_3[1]!,
    ];
    const result = ok(await analyzeShareSet(typed));
    expect(result.entries.map((e) => e.problem?.code)).toEqual([
      undefined,
      'other-format',
      'threshold-differs',
      'length-differs',
      'not-three-parts',
      undefined,
    ]);
    expect(result.entries[1]!.problem?.message).toBe(
      'This is a yubihsm-manager share, but the others are yubihsm-setup shares.',
    );
  });

  it("uses the record's format and threshold over the majority", async () => {
    const result = failed(await analyzeShareSet(SETUP_2_OF_3, { threshold: 3 }));
    expect(result.entries[0]!.problem?.message).toBe(
      "This share says threshold 2, but the ceremony's threshold is 3: it belongs to another set, or its first digit is mistyped.",
    );
    const manager = splitForManager(fromHex(WRAP_SECRET_HEX), 2, 3, seededBytes(9));
    const wrongFormat = failed(await analyzeShareSet(manager, { format: 'yubihsm-setup' }));
    expect(wrongFormat.entries[0]!.problem?.message).toBe(
      "This is a yubihsm-manager share, but this ceremony's shares are yubihsm-setup shares.",
    );
  });

  it('says which entries clash when two carry the same number and no spare share can decide', async () => {
    const result = failed(await analyzeShareSet([SETUP_2_OF_3[0]!, mistype(SETUP_2_OF_3[0]!)]));
    expect(result.problems.map((p) => p.code)).toEqual(['not-enough-shares', 'inconsistent']);
    expect(result.problems[1]).toEqual({
      code: 'inconsistent',
      message: 'Entries 1 and 2 both say share 1 but differ: one of them is mistyped.',
      entries: [0, 1],
    });
  });

  it('says how many shares are still needed', async () => {
    expect(failed(await analyzeShareSet([SETUP_3_OF_5[0]!])).problems[0]!.message).toBe(
      "3 different shares are needed and 1 usable was entered: add another custodian's share.",
    );
    expect(failed(await analyzeShareSet(['', ' '])).problems[0]!.code).toBe('no-shares');
  });

  it('refuses to guess when shares of two ceremonies are mixed evenly', async () => {
    // Two wrap keys with the same policy: shares 1, 2 of one and 3, 4 of the other each make a key.
    const other = encodeWrapSecret({
      wrapKeyId: 2,
      domains: 1,
      capabilities: 0x3000n,
      delegatedCapabilities: 0x010539f0n,
      key: new Uint8Array(32).fill(7),
    });
    const a = splitForSetup(fromHex(WRAP_SECRET_HEX), 2, 4, seededBytes(1));
    const b = splitForSetup(other, 2, 4, seededBytes(2));
    const result = failed(await analyzeShareSet([a[0]!, a[1]!, b[2]!, b[3]!]));
    expect(result.problems[0]!.code).toBe('inconsistent');
    expect(result.problems[0]!.entries).toEqual([0, 1, 2, 3]);
    // The recorded check value settles it: the other ceremony's shares are named.
    const settled = ok(
      await analyzeShareSet([a[0]!, a[1]!, b[2]!, b[3]!], { recorded: { kcv: KCV } }),
    );
    expect(statuses(settled)).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
  });

  it('recombines yubihsm-manager sets through the npm package, naming a disagreeing share', async () => {
    const lines = splitForManager(fromHex(WRAP_SECRET_HEX), 3, 12, seededBytes(12));
    const typed = [lines[0]!, lines[4]!, mistype(lines[7]!, 30), lines[10]!, lines[11]!];
    const result = ok(
      await analyzeShareSet(typed, { format: 'yubihsm-manager', recorded: { kcv: KCV } }),
    );
    expect(result).toMatchObject({
      format: 'yubihsm-manager',
      threshold: 3,
      kcv: KCV,
      used: [1, 5, 11],
    });
    expect(result.entries[2]!.status).toBe('rejected');
    expect(result.entries[3]!.warnings.map((w) => w.code)).toEqual(['not-typeable-in-tool']);
  });

  it('accepts a threshold-1 set (every share is the key) and passes on the warning', async () => {
    const lines = splitForSetup(fromHex(WRAP_SECRET_HEX), 1, 3);
    const result = ok(await analyzeShareSet(lines, { recorded: { kcv: KCV } }));
    expect(result.used).toEqual([1]);
    expect(result.entries[0]!.warnings.map((w) => w.code)).toEqual(['threshold-one']);
  });

  it('passes policy warnings through (§3.7) for a key made with unusual capabilities', async () => {
    const odd = encodeWrapSecret({
      wrapKeyId: 9,
      domains: 3,
      capabilities: 0x13000n,
      delegatedCapabilities: 0x010539f0n,
      key: new Uint8Array(32).fill(1),
    });
    const result = ok(await analyzeShareSet(splitForSetup(odd, 2, 2, seededBytes(3))));
    expect(result.findings.map((f) => f.code)).toEqual(['unusual-capabilities']);
  });
});
