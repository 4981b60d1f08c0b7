// The share collector on its own, with the spec's yubihsm-setup-shaped vectors (interop §3.5) and
// yubihsm-manager shares: what it learns from the first share without a record, and each
// refusal as the custodian reads it.

import { describe, expect, it } from 'vitest';
import { formatCheckedLine, toCheckedLines } from '../../../shared/shares/checked-lines';
import {
  createShareCommitment,
  encodeWrapSecret,
  keyCheckValue,
  splitForManager,
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
