// The share collector on its own, with the spec's yubihsm-setup-shaped vectors (interop §3.5) and
// yubihsm-manager shares: what it learns from the first share without a record, and each
// refusal as the custodian reads it.

import { describe, expect, it } from 'vitest';
import { splitWrapKey } from '../init/wrap-key-material';
import { formatCheckedLine, toCheckedLines } from '../../../shared/shares/checked-lines';
import {
  createShareCommitment,
  encodeWrapSecret,
  keyCheckValue,
  splitForManager,
  splitForSetup,
} from '../../secrets';
import { ShareCollector } from './share-collection';

const SETUP_2_OF_3 = [
  '2-1-KXC7BU2W3yhxujNMld4ncLgHcmTdJ227BU+V2y1nvQtFn9UrfaftW4XPNXut512LxT91qw',
  '2-2-UuZrCZoxo1DiaTaYN6FO4G4Br8WnTdxuBpE9okLVeQueNKVHymDxgyu8UM9v+JQms1nIag',
  '2-3-e5TQDdenfHiT0zXUon9pkNcD5FF6a7PWB9uufme7zgvXpn5jp9YOy7pmc6PaBtO2anuj3g',
];
const SPEC_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);

describe('collecting shares without a record (interop)', () => {
  it('learns threshold and format from the first share and recombines the spec secret', async () => {
    const collector = new ShareCollector({});
    expect(collector.threshold).toBeUndefined();
    expect(collector.offer(SETUP_2_OF_3[2]!)).toEqual({ ok: true, shareNumber: 3, warnings: [] });
    expect(collector.threshold).toBe(2);
    expect(collector.format).toBe('yubihsm-setup');
    expect(collector.enough).toBe(false);
    expect(
      collector.offerLines(toCheckedLines(SETUP_2_OF_3[0]!).map(formatCheckedLine)),
    ).toMatchObject({ ok: true, shareNumber: 1 });
    const result = await collector.recombine();
    expect(
      result.ok && {
        id: result.secret.wrapKeyId,
        domains: result.secret.domains,
        caps: result.secret.capabilities,
        delegated: result.secret.delegatedCapabilities,
        kcv: result.kcv,
      },
    ).toEqual({
      id: 2,
      domains: 1,
      caps: 0x3000n,
      delegated: 0x010539f0n,
      kcv: keyCheckValue(SPEC_KEY),
    });
    expect(result.ok && result.warnings.join(' ')).toMatch(
      /Nothing but the shares themselves vouches for this key/,
    );
  });

  it('refuses a second share with the same number that differs, and a dash typed for a slash in checked lines', () => {
    const collector = new ShareCollector({});
    collector.offer(SETUP_2_OF_3[1]!);
    const twin = `2-2-${'A'.repeat(69)}Q`;
    expect(collector.offer(twin)).toMatchObject({
      ok: false,
      message:
        'Share number 2 was already entered and this one differs from it: one of the two is mistyped. Check the number after the first dash.',
    });
    // '-' counts like '/' in the line check, so only the share's own rules can catch it.
    const withSlash = '3-1-u1VLTsv3279bd3vPy9e7X3pS8j/Ltll8X7LNyMNecVS32sXAW2ZJrM/i3VhTTqHE58pVUA';
    const dashed = toCheckedLines(withSlash)
      .map(formatCheckedLine)
      .map((line) => line.replace('/', '-'));
    const verdict = new ShareCollector({}).offerLines(dashed);
    expect(verdict).toMatchObject({ ok: false, message: expect.stringMatching(/dash/) });
  });
});

describe('collecting yubihsm-manager shares with a record', () => {
  it('checks typed hex lines and each share against its commitment', async () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    const secret = encodeWrapSecret({
      wrapKeyId: 7,
      domains: 3,
      capabilities: 0x3000n,
      delegatedCapabilities: 0x010139f0n,
      key,
    });
    const shares = splitForManager(secret, 2, 3);
    const custodians = new Map(
      shares.map((s, i) => [
        i + 1,
        { name: ['Ann', 'Bob', 'Cy'][i]!, commitment: createShareCommitment(s) },
      ]),
    );
    const collector = new ShareCollector({
      format: 'yubihsm-manager',
      threshold: 2,
      custodians,
      recorded: { kcv: keyCheckValue(key) },
    });
    const typed = toCheckedLines(shares[1]!)
      .map(formatCheckedLine)
      .map((line) => line.toUpperCase().slice(0, -1) + line.slice(-1));
    expect(collector.offerLines(typed, 2)).toMatchObject({ ok: true, shareNumber: 2, name: 'Bob' });
    expect(collector.offer(SETUP_2_OF_3[0]!, 1)).toMatchObject({
      ok: false,
      message:
        "Ann (share 1): This is a yubihsm-setup share, but this ceremony's shares are yubihsm-manager shares.",
    });
    expect(collector.waiting()).toEqual([1, 3]);
    expect(collector.offer(shares[2]!, 3)).toMatchObject({ ok: true, name: 'Cy' });
    const result = await collector.recombine();
    expect(result.ok && result.kcv).toBe(keyCheckValue(key));
    expect(result.ok && result.confirmedBy).toEqual([
      "every share matches its custodian's commitment in the record",
      'the check value matches the record',
    ]);
    if (result.ok) result.secret.key.fill(0);
  });
});

describe('a share set that is not the recorded one (issue 12 §5)', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 3) & 0xff);
  const policy = {
    wrapKeyId: 2,
    domains: 1,
    capabilities: 0x3000n,
    delegatedCapabilities: 0x010539f0n,
  };
  const names = ['Ann', 'Bob', 'Cy'];
  /** The recorded 2-of-3 and its commitments, as a Custos ceremony leaves them. */
  function ceremony(recordedKey = key) {
    const secret = encodeWrapSecret({ ...policy, key: recordedKey });
    const recordedShares = splitForSetup(secret, 2, 3);
    secret.fill(0);
    const custodians = new Map(
      recordedShares.map((s, i) => [
        i + 1,
        { name: names[i]!, commitment: createShareCommitment(s) },
      ]),
    );
    return {
      recordedShares,
      collector: () =>
        new ShareCollector({
          format: 'yubihsm-setup',
          threshold: 2,
          custodians,
          recorded: { kcv: keyCheckValue(recordedKey), policy },
        }),
    };
  }
  /** The same wrap key split again, as yubihsm-setup would after a restore. */
  function resplit(of = key): string[] {
    const secret = encodeWrapSecret({ ...policy, key: of });
    try {
      return splitForSetup(secret, 2, 3);
    } finally {
      secret.fill(0);
    }
  }

  it('accepts a re-split of the recorded key, saying plainly the shares are not the recorded ones', async () => {
    const { collector: make } = ceremony();
    const again = resplit();
    const collector = make();
    const first = collector.offer(again[0]!, 1);
    expect(first).toMatchObject({ ok: true, shareNumber: 1, name: 'Ann' });
    expect(first.ok && first.warnings.join(' ')).toMatch(
      /^This is not the share recorded at the ceremony for custodian 1, Ann\. If the shares were split again since/,
    );
    expect(collector.offer(again[2]!, 3)).toMatchObject({ ok: true, shareNumber: 3 });
    const result = await collector.recombine();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.kcv).toBe(keyCheckValue(key));
    expect(result.secret.key).toEqual(key);
    expect(result.unrecorded).toEqual({ matched: [], unmatched: [1, 3] });
    expect(result.confirmedBy).toEqual([
      'the check value matches the record',
      'the wrap key id, domains and capabilities match the record',
    ]);
    expect(result.warnings[0]).toBe(
      `These shares are not the ones recorded at the ceremony: share 1 (Ann), share 3 (Cy) do not match the recorded commitments, and none of them matches. They rebuild the recorded wrap key (check value ${keyCheckValue(key)}), so they were split again from the same key since the ceremony (by yubihsm-setup, yubihsm-manager or a reshare done elsewhere). Custos accepts them; the record says so.`,
    );
    result.secret.key.fill(0);
  });

  it('the recorded set is still accepted with no such note', async () => {
    const { recordedShares, collector: make } = ceremony();
    const collector = make();
    expect(collector.offer(recordedShares[1]!, 2)).toMatchObject({ ok: true, warnings: [] });
    expect(collector.offer(recordedShares[0]!, 1)).toMatchObject({ ok: true, warnings: [] });
    const result = await collector.recombine();
    expect(result.ok && result.unrecorded).toBeUndefined();
    expect(result.ok && result.confirmedBy[0]).toBe(
      "every share matches its custodian's commitment in the record",
    );
    if (result.ok) result.secret.key.fill(0);
  });

  it('names the shares that match no commitment when the set does not rebuild the recorded key, and lets their custodians enter them again', async () => {
    const { recordedShares, collector: make } = ceremony();
    const otherKey = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
    const foreign = resplit(otherKey);
    const collector = make();
    expect(collector.offer(foreign[1]!, 2)).toMatchObject({ ok: true });
    expect(collector.offer(foreign[2]!, 3)).toMatchObject({ ok: true });
    const result = await collector.recombine();
    expect(result).toEqual({
      ok: false,
      wrong: [2, 3],
      problems: [2, 3].map(
        (n) =>
          `Share ${n} (${names[n - 1]}) is wrong: it is not the share recorded at the ceremony for custodian ${n}, ${names[n - 1]}, and the shares entered do not rebuild the recorded wrap key (check value ${keyCheckValue(key)}). It is mistyped (check each line's check character, and the number after the first dash), or it comes from another ceremony: its custodian enters it again.`,
      ),
    });
    // Both were let go: their custodians are waited for again, and the recorded shares go in.
    expect(collector.waiting()).toEqual([1, 2, 3]);
    expect(collector.offer(recordedShares[1]!, 2)).toMatchObject({ ok: true, warnings: [] });
    expect(collector.offer(recordedShares[2]!, 3)).toMatchObject({ ok: true });
    const again = await collector.recombine();
    expect(again.ok && again.kcv).toBe(keyCheckValue(key));
    if (again.ok) again.secret.key.fill(0);
  });

  it('refuses at once a share that is not recorded when a recorded one is already in (a set cannot mix two splits)', () => {
    const { recordedShares, collector: make } = ceremony();
    const collector = make();
    expect(collector.offer(recordedShares[0]!, 1)).toMatchObject({ ok: true });
    expect(collector.offer(resplit()[1]!, 2)).toEqual({
      ok: false,
      wrongShare: 2,
      message:
        "Share 2 (Bob) is wrong: it is not the share recorded at the ceremony for custodian 2, Bob. It is mistyped (check each line's check character, and the number after the first dash), or it comes from another ceremony.",
    });
  });

  it('a re-split mixed with a recorded share entered after it does not rebuild the key: the unrecorded one is named', async () => {
    const { recordedShares, collector: make } = ceremony();
    const collector = make();
    expect(collector.offer(resplit()[0]!, 1)).toMatchObject({ ok: true });
    expect(collector.offer(recordedShares[1]!, 2)).toMatchObject({ ok: true });
    const result = await collector.recombine();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.wrong).toEqual([1]);
    expect(collector.waiting()).toEqual([1, 3]);
  });
});

describe('share sets a reshare superseded', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => 7 * i + 3);
  const policy = { wrapKeyId: 2, domains: 1, capabilities: 0x3000n, delegatedCapabilities: 0n };
  const set = (threshold: number, count: number) => {
    const split = splitWrapKey(key, policy, { format: 'yubihsm-setup', threshold, count });
    const shares = split.shares.map((bytes) => new TextDecoder().decode(bytes));
    const custodians = new Map(
      split.commitments.map((commitment, i) => [i + 1, { name: `Custodian ${i + 1}`, commitment }]),
    );
    return { shares, custodians };
  };

  it('follows the old set from its first share, with its warning, and never mixes it with the current one', async () => {
    const old = set(2, 3);
    const current = set(3, 5);
    const collector = new ShareCollector({
      format: 'yubihsm-setup',
      threshold: 3,
      custodians: current.custodians,
      recorded: { kcv: keyCheckValue(key), policy },
      superseded: [
        {
          supersededAt: '2026-12-01T10:00:00.000Z',
          format: 'yubihsm-setup',
          threshold: 2,
          custodians: old.custodians,
        },
      ],
    });
    const first = collector.offer(old.shares[0]!, 1);
    expect(first).toMatchObject({ ok: true });
    expect(first.ok && first.warnings.join(' ')).toContain('a reshare replaced on 2026-12-01');
    expect(collector.offer(current.shares[1]!, 2)).toMatchObject({
      ok: false,
      message: expect.stringContaining('cannot mix two splits'),
    });
    expect(collector.offer(old.shares[2]!, 3)).toMatchObject({ ok: true });
    const result = await collector.recombine();
    expect(result).toMatchObject({
      ok: true,
      kcv: keyCheckValue(key),
      superseded: { supersededAt: '2026-12-01T10:00:00.000Z' },
    });
    if (result.ok) result.secret.key.fill(0);
  });
});
