import { describe, expect, it } from 'vitest';
import { SHARE_CHECK_VALUE_PATTERN, ZERO_DKEK_CHECK_VALUE, shareCheckValue } from './check-value';

describe('DKEK share / DKEK check value (spec §8 V1)', () => {
  it('is SHA-256(key)[0..8] in upper-case hex, known answers', () => {
    expect(shareCheckValue(new Uint8Array(32))).toBe('66687AADF862BD77');
    expect(shareCheckValue(new Uint8Array(32).fill(1))).toBe('72CD6E8422C407FB');
    expect(shareCheckValue(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe('630DCD2966C43366');
  });

  it('names the all-zero DKEK a duplicated share leaves behind', () => {
    expect(shareCheckValue(new Uint8Array(32))).toBe(ZERO_DKEK_CHECK_VALUE);
  });

  it('matches V6: the share sc-hsm-tool made has one-share KCV 4CA6B49CBEF4D6CF', () => {
    const share = Buffer.from(
      'eeebd03ee70c1c280157256d394a033773644e1beac3f800c93501c249b69f2f',
      'hex',
    );
    expect(shareCheckValue(share)).toBe('4CA6B49CBEF4D6CF');
    expect(shareCheckValue(share)).toMatch(SHARE_CHECK_VALUE_PATTERN);
  });

  it('refuses anything but 32 bytes with a sentence', () => {
    expect(() => shareCheckValue(new Uint8Array(31))).toThrow(/32 bytes, not 31/);
  });
});
