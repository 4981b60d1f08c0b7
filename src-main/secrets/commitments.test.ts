import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createShareCommitment, verifyShareCommitment } from './commitments';
import { splitForManager } from './manager-share';
import { SETUP_3_OF_5, WRAP_SECRET_HEX, fromHex, seededBytes } from './spec-vectors';

const share = SETUP_3_OF_5[0]!;

describe('share commitments', () => {
  it('is HMAC-SHA256 keyed by the salt over the label and the canonical share text', () => {
    const salt = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const commitment = createShareCommitment(share, () => salt.slice());
    const expected = createHmac('sha256', salt)
      .update('Custos share commitment v1\0')
      .update(share)
      .digest('hex');
    expect(commitment).toEqual({ salt: Buffer.from(salt).toString('hex'), digest: expected });
  });

  it('stores a 16-byte salt and a 32-byte digest as lower-case hex, fresh salt each time', () => {
    const a = createShareCommitment(share);
    const b = createShareCommitment(share);
    expect(a.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(a.salt).not.toBe(b.salt);
    expect(a.digest).not.toBe(b.digest);
  });

  it('verifies the same share however it was spelled, and no other share', () => {
    const commitment = createShareCommitment(share);
    expect(verifyShareCommitment(share, commitment)).toBe(true);
    const spaced = share
      .replace(/(.{16})/g, '$1 ')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    expect(verifyShareCommitment(spaced, commitment)).toBe(true);
    for (const other of SETUP_3_OF_5.slice(1))
      expect(verifyShareCommitment(other, commitment)).toBe(false);
    const typo = `${share.slice(0, 30)}${share[30] === 'A' ? 'B' : 'A'}${share.slice(31)}`;
    expect(verifyShareCommitment(typo, commitment)).toBe(false);
    expect(verifyShareCommitment('not a share', commitment)).toBe(false);
  });

  it('works for yubihsm-manager shares, upper or lower case', () => {
    const [line] = splitForManager(fromHex(WRAP_SECRET_HEX), 2, 2, seededBytes(8));
    const commitment = createShareCommitment(line!.toUpperCase());
    expect(verifyShareCommitment(line!, commitment)).toBe(true);
  });

  it('rejects tampered or malformed records instead of throwing', () => {
    const commitment = createShareCommitment(share);
    const flipped = (commitment.digest[0] === '0' ? '1' : '0') + commitment.digest.slice(1);
    expect(verifyShareCommitment(share, { ...commitment, digest: flipped })).toBe(false);
    expect(verifyShareCommitment(share, { ...commitment, salt: 'zz' })).toBe(false);
    expect(
      verifyShareCommitment(share, { ...commitment, digest: commitment.digest.slice(2) }),
    ).toBe(false);
  });

  it('refuses to commit to text that is not a share, without echoing it', () => {
    expect(() => createShareCommitment('2-1-secretish')).toThrow(
      'cannot commit to this share: it is not a readable share',
    );
  });
});
